"""The rule catalog of the schema change classifier: every change the engine can report, with its verdicts.

Directions, for a change from an OLD schema to a NEW one:

- **backward** (breaks readers): some document valid under OLD is invalid under NEW, so a reader built on
  NEW cannot read every old document.
- **forward** (breaks writers): some document valid under NEW is invalid under OLD, so a reader still on OLD
  cannot read every document written to NEW.

Every rule has a mirror: the rule that fires when OLD and NEW are swapped, whose verdicts are this rule's
verdicts swapped (``test_diff_engine`` checks it). A rule that is its own mirror breaks both directions or
neither.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Final, Literal

Policy = Literal["lenient", "strict"]
"""How the engine treats keys of open objects, see `POLICIES`."""


class Verdict(str, Enum):
    """Whether a change keeps one direction of compatibility."""

    COMPATIBLE = "compatible"
    INCOMPATIBLE = "incompatible"

    def __str__(self) -> str:
        """Return the value."""
        return self.value


class Bump(str, Enum):
    """The smallest version bump a change needs."""

    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    def __str__(self) -> str:
        """Return the value."""
        return self.value

    @property
    def rank(self) -> int:
        """Return 0 for patch, 1 for minor, 2 for major (to pick the largest bump of a set)."""
        return _BUMP_RANK[self]


_BUMP_RANK: Final = {Bump.PATCH: 0, Bump.MINOR: 1, Bump.MAJOR: 2}


class Nature(str, Enum):
    """What a rule's change touches, which decides the bump when it breaks neither direction."""

    VALIDATION = "validation"
    """Which documents are valid (a change that breaks neither direction still needs a minor bump)."""
    SEMANTIC = "semantic"
    """What valid documents mean, not which are valid (``default``, a newly declared key): minor."""
    ANNOTATION = "annotation"
    """Documentation only (title, description, examples...): patch."""

    def __str__(self) -> str:
        """Return the value."""
        return self.value


CATEGORIES: Final = (
    "type",
    "schema",
    "object",
    "array",
    "string",
    "number",
    "enum",
    "composition",
    "conditional",
    "reference",
    "annotation",
    "rule",
    "generic",
)

_C = Verdict.COMPATIBLE
_I = Verdict.INCOMPATIBLE


@dataclass(frozen=True)
class Rule:
    """One kind of schema change, with its verdict in each direction.

    ``backward`` and ``forward`` are the verdicts under the lenient policy; ``strict_backward`` and
    ``strict_forward``, when set, replace them under the strict policy. ``mirror`` is the rule that fires
    for the same change with OLD and NEW swapped.
    """

    id: str
    category: str
    summary: str
    backward: Verdict
    forward: Verdict
    mirror: str
    nature: Nature = Nature.VALIDATION
    strict_backward: Verdict | None = None
    strict_forward: Verdict | None = None
    rationale: str = ""

    def verdicts(self, policy: Policy = "lenient") -> tuple[Verdict, Verdict]:
        """Return the (backward, forward) verdicts under ``policy``."""
        if policy == "strict":
            return (self.strict_backward or self.backward, self.strict_forward or self.forward)
        return (self.backward, self.forward)

    def breaks_readers(self, policy: Policy = "lenient") -> bool:
        """Return whether the change can make an old document invalid under ``policy``."""
        return self.verdicts(policy)[0] is Verdict.INCOMPATIBLE

    def breaks_writers(self, policy: Policy = "lenient") -> bool:
        """Return whether the change can make a new document invalid under the old schema."""
        return self.verdicts(policy)[1] is Verdict.INCOMPATIBLE

    def bump(self, policy: Policy = "lenient") -> Bump:
        """Return the version bump the change needs: major breaks readers, minor breaks writers or meaning."""
        if self.breaks_readers(policy):
            return Bump.MAJOR
        if self.breaks_writers(policy) or self.nature is not Nature.ANNOTATION:
            return Bump.MINOR
        return Bump.PATCH


def _rule(  # noqa: PLR0917 - a table row reads best positionally
    rule_id: str,
    category: str,
    backward: Verdict,
    forward: Verdict,
    mirror: str,
    summary: str,
    *,
    nature: Nature = Nature.VALIDATION,
    strict: tuple[Verdict, Verdict] | None = None,
    rationale: str = "",
) -> Rule:
    return Rule(
        id=rule_id,
        category=category,
        summary=summary,
        backward=backward,
        forward=forward,
        mirror=mirror,
        nature=nature,
        strict_backward=strict[0] if strict else None,
        strict_forward=strict[1] if strict else None,
        rationale=rationale,
    )


def _bound_rules(keyword: str, category: str, noun: str, *, lower: bool) -> tuple[Rule, ...]:
    """Return the two rules of a bound: tightening (also when the bound is added) and loosening."""
    up, down = f"{keyword}-increased", f"{keyword}-decreased"
    tighten, loosen = (up, down) if lower else (down, up)
    side = "lower" if lower else "upper"
    return (
        _rule(tighten, category, _I, _C, loosen, f"the {side} bound on {noun} tightened, or was added"),
        _rule(loosen, category, _C, _I, tighten, f"the {side} bound on {noun} loosened, or was removed"),
    )


def _pair(
    category: str,
    narrow: str,
    widen: str,
    narrow_summary: str,
    widen_summary: str,
    *,
    rationale: str = "",
) -> tuple[Rule, Rule]:
    """Return a rule that narrows what is valid (breaks readers) and its mirror that widens it."""
    return (
        _rule(narrow, category, _I, _C, widen, narrow_summary, rationale=rationale),
        _rule(widen, category, _C, _I, narrow, widen_summary, rationale=rationale),
    )


def _both(rule_id: str, category: str, summary: str, *, rationale: str = "", mirror: str = "") -> Rule:
    """Return a rule that breaks both directions (its own mirror unless another is named)."""
    return _rule(rule_id, category, _I, _I, mirror or rule_id, summary, rationale=rationale)


def _note(
    rule_id: str,
    summary: str,
    *,
    nature: Nature = Nature.ANNOTATION,
    mirror: str = "",
    category: str = "annotation",
    rationale: str = "",
) -> Rule:
    """Return a rule that breaks neither direction."""
    return _rule(rule_id, category, _C, _C, mirror or rule_id, summary, nature=nature, rationale=rationale)


_OPEN_ADD_RATIONALE = (
    "An open object (additionalProperties absent or true) accepted the key before it was declared, with any "
    "value. Lenient assumes a key's declaration and its use move together: old documents did not carry a key "
    "their schema did not declare, so declaring it now constrains nothing they hold. Strict makes no such "
    "assumption: an old document may carry the key with a value the new declaration rejects, so the change "
    "breaks readers. It never breaks writers: the old schema accepts the key with any value."
)
_OPEN_REMOVE_RATIONALE = (
    "An open object keeps accepting the key after its declaration is removed, now with any value, so old "
    "documents stay valid. Lenient assumes new documents do not keep writing a key their schema no longer "
    "declares. Strict does not: a new document may carry the key with a value the old declaration rejects, "
    "so the change breaks writers."
)
_ONE_OF_RATIONALE = (
    "A oneOf needs exactly one branch to match. A branch added beside a branch it may overlap can make an old "
    "document match two branches, so it breaks readers too; the engine proves branches disjoint only by "
    "disjoint types, disjoint constant values, or a required property with disjoint constant values (a "
    "discriminator), and is conservative otherwise."
)

_CONTAINS_RATIONALE = (
    "contains counts the items its schema accepts, and minContains (1 by default) and maxContains bound the "
    "count. With a lower bound only, the items' own changes are reported at `/*` (a narrower contains schema "
    "refuses arrays). With minContains 0 the count has no lower bound, so a narrower schema counts fewer "
    "items and only loosens a maxContains; with both bounds, a narrower schema breaks readers through the "
    "lower bound and writers through the upper one. minContains and maxContains without contains are ignored, "
    "as the specification says."
)
_PATTERN_RATIONALE = (
    "Patterns are compared for inclusion by `treaty._diff.patterns`: equal patterns, a pattern that is one "
    "of the other's top-level alternatives, finite languages (anchored alternatives of literals, classes and "
    "bounded repetition: each string is tried against the other pattern), literals anchored at the start, "
    "end or neither (prefix, suffix, substring), and a refutation by strings sampled from one pattern that "
    "the other refuses. Where none applies, the change is `pattern-changed` and its message says that "
    "inclusion was not decided."
)
_IF_RATIONALE = (
    "With only a then, a document is constrained when it matches if: a wider condition constrains more "
    "documents (breaks readers), a narrower one fewer (breaks writers). With only an else the directions swap. "
    "With both clauses, a document that moves from one clause to the other may fail either, so a changed "
    "condition breaks both directions, as does a condition that widens and narrows at once."
)
_WARNING_RATIONALE = (
    "A warning rule (every x-treaty-should member, and any keyword whose rule has severity warning) reports "
    "a document without refusing it, so adding, removing or changing one changes no verdict; which documents "
    "are warned about changes, so the change needs a minor bump."
)
_SCHEMA_RULE_RATIONALE = (
    "An x-treaty-rule sits in a schema (an allOf member) that every JSON Schema engine enforces; the rule "
    "object only names its failures. The schema's keywords are compared as schema (an added allOf member is "
    "reported by the composition and other rules, with the rule's id in their message), so naming, unnaming "
    "or renaming the rule changes only what failures are reported as."
)

_NEWLINE_RATIONALE = (
    "A newline exclusion is a `not` whose schema is only the pattern `\\n` (or `[\\n]`, `\\x0a`, `\\u000a`; "
    '`type: string` may stand beside it; JSON writes it `"not": {"pattern": "\\\\n"}`), written beside an '
    "anchored pattern so that Python's `re`, in which `$` also matches before a final newline, refuses what "
    "every other engine refuses. Treaty reads `pattern` as ECMA-262, where `$` is the end of the string: when "
    "the location accepts only strings (or the exclusion says `type: string`) and a conservative scan proves "
    "the location's own pattern admits no newline, the `not` refuses no value the location accepts, so neither "
    "direction breaks. The scan wants every top-level alternative between `^` and `$`, and consumes only "
    "characters that exclude U+000A: other literals, `.`, `\\d`, `\\w`, `\\S`, escaped syntax characters, `\\xHH` "
    "or `\\uHHHH` other than U+000A, and classes without it (a negated class must list it), in groups and "
    "under quantifiers; anything else (`\\s`, `\\D`, `\\W`, a range across U+000A, lookarounds, "
    "backreferences, `\\c`...) leaves the change `not-added` or `not-removed`, as does a location that also "
    "accepts other types beside an untyped exclusion (`not` refuses them). It is no documentation change: "
    "engines that read `$` as Python's `re` does (python-jsonschema) refuse a value ending in a newline once "
    "the exclusion is added, so it needs a minor bump, not a patch."
)

_RULES: Final[tuple[Rule, ...]] = (
    # type
    *_pair(
        "type",
        "type-narrowed",
        "type-widened",
        "the set of accepted JSON types shrank, or a type was imposed where any value was allowed",
        "the set of accepted JSON types grew, or the type constraint was removed (integer is part of number)",
    ),
    _both("type-changed", "type", "accepted JSON types were both removed and added"),
    _rule(
        "nullable-added",
        "type",
        _C,
        _I,
        "nullable-removed",
        "null is now accepted (type gained null, or X became anyOf [X, null])",
    ),
    _rule(
        "nullable-removed",
        "type",
        _I,
        _C,
        "nullable-added",
        "null is no longer accepted (type lost null, or anyOf [X, null] became X)",
    ),
    # boolean schemas
    *_pair(
        "schema",
        "schema-made-false",
        "schema-made-satisfiable",
        "a location that accepted values now accepts none (the false schema)",
        "a location that accepted no value (the false schema) now accepts some",
    ),
    # object
    _rule(
        "property-added",
        "object",
        _C,
        _I,
        "property-removed",
        "a property was declared in a closed object; old readers reject the new key (additive)",
    ),
    _rule(
        "property-removed",
        "object",
        _I,
        _C,
        "property-added",
        "a property was removed from a closed object; old documents that carry it are rejected",
    ),
    _rule(
        "property-added-to-open-object",
        "object",
        _C,
        _C,
        "property-removed-from-open-object",
        "a constrained property was declared in an open object",
        strict=(_I, _C),
        rationale=_OPEN_ADD_RATIONALE,
    ),
    _rule(
        "property-removed-from-open-object",
        "object",
        _C,
        _C,
        "property-added-to-open-object",
        "a constrained property was removed from an open object, which still accepts the key with any value",
        strict=(_C, _I),
        rationale=_OPEN_REMOVE_RATIONALE,
    ),
    _rule(
        "property-declared",
        "object",
        _C,
        _C,
        "property-undeclared",
        "a key already accepted (by an open object, additionalProperties or patternProperties) is now declared;"
        " a change of its constraints is reported separately",
        nature=Nature.SEMANTIC,
    ),
    _rule(
        "property-undeclared",
        "object",
        _C,
        _C,
        "property-declared",
        "a declared key is no longer declared but still accepted (open object, additionalProperties or "
        "patternProperties); a change of its constraints is reported separately",
        nature=Nature.SEMANTIC,
    ),
    *_pair(
        "object",
        "required-added",
        "required-removed",
        "a property became required (also when it is new)",
        "a property is no longer required",
    ),
    *_pair(
        "object",
        "additional-properties-closed",
        "additional-properties-opened",
        "undeclared properties were accepted and now are not (additionalProperties: false)",
        "undeclared properties were refused (additionalProperties: false) and now are accepted",
        rationale="Both policies: the lenient assumption is about one key's declaration moving with its use; "
        "closing an object refuses every undeclared key, such as extension fields old documents carry.",
    ),
    *_pair(
        "object",
        "pattern-property-removed",
        "pattern-property-added",
        "a patternProperties entry of a closed object was removed; keys matching it are refused",
        "a patternProperties entry was added to a closed object; keys matching it were refused before",
    ),
    *_bound_rules("min-properties", "object", "the number of properties", lower=True),
    *_bound_rules("max-properties", "object", "the number of properties", lower=False),
    *_pair(
        "object",
        "property-names-narrowed",
        "property-names-widened",
        "propertyNames accepts fewer names (or was added)",
        "propertyNames accepts more names (or was removed)",
    ),
    _both(
        "property-names-changed",
        "object",
        "propertyNames changed in a way that is neither wider nor narrower",
    ),
    *_pair(
        "object",
        "dependent-required-added",
        "dependent-required-removed",
        "dependentRequired: a present property now requires another one",
        "dependentRequired: a present property no longer requires another one",
    ),
    *_pair(
        "object",
        "dependent-schema-added",
        "dependent-schema-removed",
        "dependentSchemas: a schema now applies when a property is present",
        "dependentSchemas: a schema no longer applies when a property is present",
    ),
    # array
    *_bound_rules("min-items", "array", "the number of items", lower=True),
    *_bound_rules("max-items", "array", "the number of items", lower=False),
    *_pair(
        "array",
        "unique-items-added",
        "unique-items-removed",
        "array items must now be unique",
        "array items no longer need to be unique",
    ),
    *_pair(
        "array",
        "contains-added",
        "contains-removed",
        "an array must now contain an item matching a schema (or: contains now caps such items by maxContains)",
        "an array no longer needs to contain an item matching a schema",
    ),
    *_bound_rules(
        "min-contains", "array", "the items matching contains (minContains, 1 by default)", lower=True
    ),
    *_bound_rules("max-contains", "array", "the items matching contains (maxContains)", lower=False),
    *_pair(
        "array",
        "contains-narrowed",
        "contains-widened",
        "the schema contains counts changed beside minContains 0 or maxContains, so fewer arrays are valid",
        "the schema contains counts changed beside minContains 0 or maxContains, so more arrays are valid",
        rationale=_CONTAINS_RATIONALE,
    ),
    _both(
        "contains-changed",
        "array",
        "the schema contains counts changed beside maxContains: some arrays gain and some lose validity",
        rationale=_CONTAINS_RATIONALE,
    ),
    # string
    *_bound_rules("min-length", "string", "string length", lower=True),
    *_bound_rules("max-length", "string", "string length", lower=False),
    *_pair("string", "pattern-added", "pattern-removed", "a pattern now applies", "the pattern was removed"),
    *_pair(
        "string",
        "pattern-narrowed",
        "pattern-widened",
        "the new pattern matches a subset of the strings the old one matched",
        "the new pattern matches a superset of the strings the old one matched",
        rationale=_PATTERN_RATIONALE,
    ),
    _both(
        "pattern-changed",
        "string",
        "the pattern changed: each matches a string the other refuses, or inclusion was not decided (the "
        "message says which)",
        rationale=_PATTERN_RATIONALE,
    ),
    _note(
        "newline-exclusion-added",
        "a newline exclusion (`not` the pattern `\\n`) was added beside a pattern that provably admits no "
        "newline: no value changes verdict",
        nature=Nature.SEMANTIC,
        mirror="newline-exclusion-removed",
        category="string",
        rationale=_NEWLINE_RATIONALE,
    ),
    _note(
        "newline-exclusion-removed",
        "a newline exclusion (`not` the pattern `\\n`) was removed from beside a pattern that provably "
        "admits no newline: no value changes verdict",
        nature=Nature.SEMANTIC,
        mirror="newline-exclusion-added",
        category="string",
        rationale=_NEWLINE_RATIONALE,
    ),
    *_pair(
        "string",
        "format-added",
        "format-removed",
        "a format now applies (asserted)",
        "the format was removed",
    ),
    _both("format-changed", "string", "the format changed"),
    # number
    *_bound_rules("minimum", "number", "numbers (minimum or exclusiveMinimum)", lower=True),
    *_bound_rules("maximum", "number", "numbers (maximum or exclusiveMaximum)", lower=False),
    *_pair(
        "number",
        "multiple-of-tightened",
        "multiple-of-loosened",
        "multipleOf now accepts fewer numbers (the new divisor is a multiple of the old one, or was added)",
        "multipleOf accepts more numbers (the old divisor is a multiple of the new one, or was removed)",
    ),
    _both("multiple-of-changed", "number", "multipleOf changed to a divisor that is not comparable"),
    # enum and const, compared as value sets
    *_pair(
        "enum",
        "enum-value-removed",
        "enum-value-added",
        "a value was removed from the allowed values (enum or const)",
        "a value was added to the allowed values (enum or const)",
    ),
    *_pair(
        "enum",
        "enum-added",
        "enum-removed",
        "an enum now restricts the values",
        "the enum restriction was removed",
    ),
    *_pair(
        "enum",
        "const-added",
        "const-removed",
        "a const now restricts the value",
        "the const restriction was removed",
    ),
    # composition
    *_pair("composition", "any-of-added", "any-of-removed", "an anyOf now applies", "the anyOf was removed"),
    *_pair(
        "composition",
        "any-of-branch-removed",
        "any-of-branch-added",
        "an anyOf branch was removed",
        "an anyOf branch was added",
    ),
    *_pair("composition", "one-of-added", "one-of-removed", "a oneOf now applies", "the oneOf was removed"),
    *_pair(
        "composition",
        "one-of-branch-removed",
        "one-of-branch-added",
        "a oneOf branch disjoint from the others was removed",
        "a oneOf branch provably disjoint from the others was added",
        rationale=_ONE_OF_RATIONALE,
    ),
    _both(
        "one-of-branch-added-overlapping",
        "composition",
        "a oneOf branch that may overlap another was added: an old document may now match two branches",
        rationale=_ONE_OF_RATIONALE,
        mirror="one-of-branch-removed-overlapping",
    ),
    _both(
        "one-of-branch-removed-overlapping",
        "composition",
        "a oneOf branch that may overlap another was removed: a new document may match two old branches",
        rationale=_ONE_OF_RATIONALE,
        mirror="one-of-branch-added-overlapping",
    ),
    _both(
        "one-of-overlapping-branch-changed",
        "composition",
        "a oneOf branch that may overlap another changed: a document may now match one branch where it matched "
        "two, or two where it matched one",
        rationale="Narrowing an overlapping branch can make a document that matched two branches (invalid) "
        "match one (valid), so even a tightening breaks writers, and a loosening breaks readers; the branch's "
        "own changes are reported beside this one.",
    ),
    *_pair(
        "composition",
        "one-of-overlap-introduced",
        "one-of-overlap-removed",
        "oneOf branches that were provably disjoint may now overlap",
        "oneOf branches that may have overlapped are now provably disjoint",
        rationale=_ONE_OF_RATIONALE,
    ),
    *_pair(
        "composition",
        "any-of-became-one-of",
        "one-of-became-any-of",
        "anyOf became oneOf over branches not provably disjoint",
        "oneOf became anyOf over branches not provably disjoint",
    ),
    *_pair(
        "composition",
        "all-of-member-added",
        "all-of-member-removed",
        "an allOf member that could not be merged into its parent was added",
        "an allOf member that could not be merged into its parent was removed",
        rationale="allOf members that are plain constraint sets are merged into the parent first (required "
        "lists united, bounds tightened, disjoint properties joined), so splitting, joining or flattening "
        "members reports what actually changed; only members that conflict stay members.",
    ),
    *_pair("composition", "not-added", "not-removed", "a not now applies", "the not was removed"),
    *_pair(
        "composition",
        "not-excludes-more",
        "not-excludes-less",
        "the schema inside not accepts more, so fewer values are accepted",
        "the schema inside not accepts less, so more values are accepted",
    ),
    _both("not-changed", "composition", "the schema inside not changed both ways"),
    # conditional
    *_pair(
        "conditional",
        "conditional-added",
        "conditional-removed",
        "an if/then/else now applies",
        "an if/then/else was removed",
    ),
    _both(
        "if-changed",
        "conditional",
        "the condition of an if/then/else changed both ways, or beside both a then and an else",
        rationale=_IF_RATIONALE,
    ),
    *_pair(
        "conditional",
        "if-constrains-more",
        "if-constrains-less",
        "the condition now selects more documents for its only clause (a wider if beside a then, a narrower "
        "one beside an else)",
        "the condition now selects fewer documents for its only clause",
        rationale=_IF_RATIONALE,
    ),
    *_pair("conditional", "then-added", "then-removed", "a then now applies", "the then was removed"),
    *_pair("conditional", "else-added", "else-removed", "an else now applies", "the else was removed"),
    # reference
    *_pair(
        "reference",
        "external-ref-added",
        "external-ref-removed",
        "a $ref to another document now applies (it is not followed)",
        "a $ref to another document was removed",
    ),
    _both("external-ref-changed", "reference", "a $ref to another document changed (it is not followed)"),
    # annotation
    _note("title-changed", "title added, removed or changed"),
    _note("description-changed", "description added, removed or changed"),
    _note("examples-changed", "examples added, removed or changed"),
    _note("comment-changed", "$comment added, removed or changed"),
    _note("deprecated-added", "the location is now deprecated", mirror="deprecated-removed"),
    _note("deprecated-removed", "the location is no longer deprecated", mirror="deprecated-added"),
    _note(
        "annotation-changed",
        "another annotation changed: readOnly, writeOnly, contentEncoding, contentMediaType, contentSchema, "
        "or the OpenAPI discriminator Pydantic writes beside a oneOf",
    ),
    _note(
        "default-added",
        "a default was added: readers fill the value in",
        nature=Nature.SEMANTIC,
        mirror="default-removed",
    ),
    _note(
        "default-removed",
        "the default was removed",
        nature=Nature.SEMANTIC,
        mirror="default-added",
    ),
    _note(
        "default-changed",
        "the default changed: documents that omit the value now mean something else",
        nature=Nature.SEMANTIC,
    ),
    # Treaty's rule keywords, matched by rule id at each location
    *_pair(
        "rule",
        "treaty-rule-added",
        "treaty-rule-removed",
        "an error rule of a Treaty keyword (x-treaty-uniqueBy, -in, -notIn, -notBefore, -equals, -derived) "
        "now applies",
        "an error rule of a Treaty keyword no longer applies",
    ),
    *_pair(
        "rule",
        "treaty-rule-tightened",
        "treaty-rule-loosened",
        "a rule's severity was raised from warning to error (also: its id moved from an x-treaty-should member "
        "to an error keyword)",
        "a rule's severity was lowered from error to warning",
        rationale="Treaty's validator reports a warning without refusing the document, so a rule raised to "
        "error refuses documents the old version accepted whatever else changed with it, and a rule lowered "
        "to warning accepts them.",
    ),
    _both(
        "treaty-rule-changed",
        "rule",
        "what an error rule checks changed: its keyword or a parameter (key, collection, earlier, later, "
        "properties, property, function, input)",
        rationale="Whether one relation between two values accepts fewer documents than another is not "
        "decided (a different key, collection, pair of properties or function); conservatively both "
        "directions break, as for a changed pattern.",
    ),
    _note(
        "treaty-warning-added",
        "a warning rule now applies",
        nature=Nature.SEMANTIC,
        mirror="treaty-warning-removed",
        category="rule",
        rationale=_WARNING_RATIONALE,
    ),
    _note(
        "treaty-warning-removed",
        "a warning rule no longer applies",
        nature=Nature.SEMANTIC,
        mirror="treaty-warning-added",
        category="rule",
        rationale=_WARNING_RATIONALE,
    ),
    _note(
        "treaty-warning-changed",
        "what a warning rule checks changed (for an x-treaty-should member: anything in its schema)",
        nature=Nature.SEMANTIC,
        category="rule",
        rationale=_WARNING_RATIONALE,
    ),
    _note(
        "treaty-rule-named",
        "an x-treaty-rule now names the failures of the schema it sits in",
        nature=Nature.SEMANTIC,
        mirror="treaty-rule-unnamed",
        category="rule",
        rationale=_SCHEMA_RULE_RATIONALE,
    ),
    _note(
        "treaty-rule-unnamed",
        "an x-treaty-rule no longer names the failures of the schema it sat in",
        nature=Nature.SEMANTIC,
        mirror="treaty-rule-named",
        category="rule",
        rationale=_SCHEMA_RULE_RATIONALE,
    ),
    _note(
        "treaty-rule-renamed",
        "a rule's id changed, and its keyword and what it checks did not",
        nature=Nature.SEMANTIC,
        category="rule",
    ),
    _note("treaty-rule-reworded", "only a rule's message or hint changed", category="rule"),
    # generic
    _both(
        "keyword-changed",
        "generic",
        "a keyword the classifier does not model was added, removed or changed",
        rationale="Conservative: the engine cannot tell how an unmodelled keyword changes validity (an "
        "extension other than Treaty's rule keywords, unevaluatedItems or unevaluatedProperties beside in-place "
        "applicators, a $dynamicRef that does not resolve statically; see Limits).",
    ),
    _note(
        "dialect-changed",
        "the root $schema (the JSON Schema dialect) changed",
        category="generic",
        rationale="Both schemas are compared in one form (see **Dialects** above), so the dialect alone "
        "changes no verdict; a consumer whose validator reads only the old dialect must move too.",
    ),
)

RULES: Final[Mapping[str, Rule]] = MappingProxyType({rule.id: rule for rule in _RULES})
"""Every rule, by id, in catalog order."""

POLICIES: Final = (
    (
        "lenient",
        (
            "The default; fits closed models (Treaty's models write additionalProperties: false everywhere). "
            "It assumes a key's declaration and its use move together: old documents did not carry a key before "
            "it was declared, and new documents do not keep writing a key after its declaration is removed. "
            "Declaring or removing a property of an open object therefore breaks neither direction."
        ),
    ),
    (
        "strict",
        (
            "Confluent's default; makes no assumption about the keys open objects carry. Declaring a "
            "constrained property in an open object breaks readers (an old document may hold the key with any "
            "value); removing one breaks writers (a new document may write the key with any value)."
        ),
    ),
)
