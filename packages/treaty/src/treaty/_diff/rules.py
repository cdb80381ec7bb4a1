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


NOTES: Final = (
    (
        "**Paths** locate a change in documents, not in the schema: a JSON pointer where `*` stands for any "
        "array item and for any key matched by additionalProperties or patternProperties (`/plan/*/status`); "
        '`""` is the document root. A change inside anyOf, oneOf, allOf, not or if/then/else is located where '
        "the subschema applies, which is the same document location."
    ),
    (
        "**$ref** is followed: local references (`#/$defs/...`, `#/definitions/...`, anchors, or the root `$id` "
        "followed by a fragment) are resolved against the schema being read, so moving a subschema between inline "
        "and `$defs`, or renaming a definition, is no change. A reference to another document is compared as text."
    ),
    (
        "**Dialects**: each schema is read in the dialect its `$schema` names (draft-04, draft-06, draft-07, "
        "2019-09, 2020-12; the two schemas may differ), else the one `treaty diff --dialect` gives, else draft "
        "2020-12: what Treaty exports, and the current dialect. Each is checked against its own dialect's "
        "meta-schema, then translated to draft 2020-12, so every rule is written once: `definitions` to `$defs`, "
        "array-form `items` and `additionalItems` to `prefixItems` and `items`, `dependencies` to "
        "`dependentRequired` and `dependentSchemas`, draft-04's boolean `exclusiveMaximum`/`exclusiveMinimum` "
        "into a numeric exclusive bound, `id` to `$id` (`#name` to `$anchor`), 2019-09's `$recursiveRef` to a "
        "`$ref` where its target is static (else to `$dynamicRef`). Before 2019-09 a `$ref`'s siblings "
        "are dropped, as those dialects ignore them, and so is a keyword the dialect does not define "
        "(`const` in draft-04). `format` is asserted in every dialect, as Treaty's validator asserts it (2019-09 "
        "and 2020-12 make it an annotation by default); `contentMediaType` and `contentEncoding` are annotations. "
        "Changes are located in the schemas as written. A schema without `$schema` is not guessed at: one that "
        "2020-12's meta-schema refuses (array-form `items`, a boolean `exclusiveMaximum`) or that uses a keyword "
        "only an older dialect defines (`dependencies`, `additionalItems`, `$recursiveRef`) is refused with a "
        "hint naming `--dialect`, rather than silently misread."
    ),
    (
        "**Recursion** terminates: a comparison is memoised on the pair of subschemas compared, and a pair met "
        "again while it is being compared is skipped (its changes are reported where it was first met). A "
        "definition used at several paths is reported at each."
    ),
    (
        "**allOf** members are merged into their parent, keyword group by keyword group: required lists united, "
        "bounds tightened, types intersected, properties joined when no additionalProperties is involved. A group "
        "that several sources write differently (two patterns, two anyOf, additionalProperties beside another "
        "member's properties) stays in a member, and members are matched like union branches. The decision is per "
        "group, so splitting, joining, reordering or flattening members reports nothing. if/then/else groups "
        "(Pydantic model validators exported as allOf of if/then) are matched regardless of order."
    ),
    (
        "**Nullable unions**: `anyOf: [X, {type: null}]` (Pydantic's `X | None`) is read as X with null added to its "
        "type and enum when null passes X's other keywords, so it compares with X as one nullable change. "
        "`A | B | None` adds null to each branch."
    ),
    (
        "**anyOf/oneOf** branches are matched regardless of order: equal branches first, then one that accepts a "
        "subset or superset of the other (integer and number), then the most similar "
        "(same definition name, title, types, constants, discriminator value, property names). An anyOf branch "
        "whose values another branch of the same anyOf accepts is left out first. A matched branch "
        "reports its own changes; the others are added or removed. A plain schema facing a union is read as a "
        "one-branch union of its constraints, so `str` to `str | int` is one added branch."
    ),
    (
        "**oneOf** branches are proven disjoint by disjoint types, disjoint constants, or a required property "
        "whose constants differ (a discriminator); otherwise they may overlap, and the engine is conservative."
    ),
    (
        "**enum and const** are compared as sets of JSON values (1 and 1.0 equal, true and 1 not); one change is "
        "reported per value. **type** lists are sets, and integer is part of number."
    ),
    (
        "**Bounds**: the inclusive and exclusive forms are compared as one effective bound (on integers, an "
        "exclusive bound is made inclusive); adding a bound tightens, removing one loosens. A lower bound of 0 on a "
        "length or count is no bound."
    ),
    (
        "**Keywords for one type** (maxLength, items, properties...) are compared only when both schemas accept "
        "that type: when strings are no longer accepted, the type change says it all."
    ),
    (
        "**Treaty's rule keywords** (`x-treaty-*`, docs/rules-vocabulary.md) are compared rule by rule at each "
        "location, the rules of merged allOf members included: paired by rule id, then a rule whose id alone "
        "changed is paired as renamed; the others were added or removed. An x-treaty-rule names the schema it "
        "sits in, whose keywords are compared as schema; a change inside that schema names the rule in its "
        "message."
    ),
    (
        "**Fingerprints** hash the rule, the path and the old and new values (branches and members by their "
        "content with references inlined), never schema pointers, so an approval survives a rebase or a move into "
        "`$defs`. Changes with equal fingerprints are reported once."
    ),
)

LIMITS: Final = (
    (
        "Regular expressions are compared for inclusion only where it is decided cheaply (see `pattern-changed`): "
        "two unrelated infinite patterns that no sampled string tells apart stay `pattern-changed`, with the "
        "reason in the message; the regex is read with Python's `re` (Unicode `\\d` and `\\w`), and "
        "patternProperties are matched against property names with it. patternProperties and propertyNames "
        "patterns are not compared for inclusion with each other."
    ),
    (
        "Branch matching is heuristic: an edited branch that no longer resembles its old self and accepts "
        "neither a subset nor a superset of it is reported as removed plus added, which gives the same verdict."
    ),
    (
        "Implied constraints are recognised between keywords of one schema: an enum or const against type, "
        "minLength, maxLength, pattern, format, the number bounds, multipleOf, the item and property counts, "
        "uniqueItems and required; required against minProperties; a closed object's property count against "
        "maxProperties; an anyOf branch inside another branch (by the engine's own comparison). Implications "
        "across schemas (a property's bound against an if condition, a branch covered by two others together) "
        "are not looked for, which can only report a change that breaks nothing."
    ),
    (
        "unevaluatedItems and unevaluatedProperties are compared as the items after prefixItems and as "
        "additionalProperties when nothing else can evaluate items or properties at that schema: no items "
        "(respectively additionalProperties) beside them, and no contains, unmerged allOf member, anyOf, oneOf, "
        "if/then/else or dependentSchemas (whose annotations the specification lets them see). Otherwise which "
        "items or keys they apply to depends on what those applicators matched in each document, and a change "
        "of theirs is `keyword-changed`."
    ),
    (
        "$dynamicRef is followed like $ref when it resolves statically: a JSON pointer fragment, or an anchor "
        "name that exactly one `$dynamicAnchor` of the schema declares while no subschema starts a resource of "
        "its own (`$id`). Otherwise it is compared as text (`keyword-changed`), since its target depends on the "
        "schema that refers to this one. contentEncoding, contentMediaType and contentSchema are annotations in "
        "2020-12 (`annotation-changed`), and `format` is read as asserted."
    ),
    (
        "Annotations of a `$ref` target are shadowed by the referring schema's (Pydantic's field description over "
        "its model's). A change of a shadowed title, description or examples is still reported while both sides "
        "refer to the definition; inlining the definition (which drops the hidden text) is not a change."
    ),
    (
        "Unknown keywords are generic (`keyword-changed`), and so is a Treaty keyword whose value is not a rule "
        "object (or an array of them) with an id."
    ),
    (
        "Treaty's rule keywords are compared as written: a rule's parameters are not compared for inclusion, an "
        "x-treaty-derived function is not looked at, and an x-treaty-should member's `$ref` is compared as text."
    ),
    "Definitions no schema location refers to are not compared.",
)


@dataclass(frozen=True)
class Keyword:
    """One keyword (in one form) of a supported dialect or extension, and what the engine reports for it.

    ``dialects`` names the dialects that define the keyword (as ``treaty diff --dialect`` names them), or the
    extension it belongs to. ``translated`` says what an older dialect's spelling becomes before the
    comparison (`treaty._diff.dialect`); ``rules`` are the ids the engine reports for a change of the keyword
    itself; ``note`` says what else happens, or why a change is ignored or unmodelled.
    """

    name: str
    dialects: tuple[str, ...]
    rules: tuple[str, ...] = ()
    form: str = ""
    translated: str = ""
    note: str = ""


_ALL: Final = ("4", "6", "7", "2019-09", "2020-12")
_SINCE_6: Final = _ALL[1:]
_SINCE_7: Final = _ALL[2:]
_SINCE_2019: Final = _ALL[3:]
_BEFORE_2020: Final = _ALL[:4]
_TREATY: Final = ("Treaty",)
_STRUCTURAL: Final = (
    "structural, not compared: it locates or identifies schemas rather than constraining documents"
)
_SUBSCHEMA: Final = "its subschema's own changes are reported by their keywords' rules"
_BOUND: Final = "compared with its inclusive and exclusive forms as one effective bound"
_ENTRY_RULES: Final = (
    "treaty-rule-added",
    "treaty-rule-removed",
    "treaty-rule-tightened",
    "treaty-rule-loosened",
    "treaty-rule-changed",
    "treaty-warning-added",
    "treaty-warning-removed",
    "treaty-warning-changed",
    "treaty-rule-renamed",
    "treaty-rule-reworded",
)
"""What an entry of a Treaty rule keyword can change into (docs/rules-vocabulary.md)."""


def _treaty_entry(name: str) -> Keyword:
    return Keyword(name, _TREATY, _ENTRY_RULES, note="compared rule by rule, paired by rule id")


KEYWORD_INDEX: Final[tuple[Keyword, ...]] = (
    # core
    Keyword(
        "$schema",
        _ALL,
        ("dialect-changed",),
        note="compared at the root only, as the dialect each schema is read in; ignored elsewhere",
    ),
    Keyword("id", ("4",), translated="`$id` (a `#name` fragment to `$anchor`)", note=_STRUCTURAL),
    Keyword("$id", _SINCE_6, note=_STRUCTURAL),
    Keyword(
        "$ref",
        _ALL,
        ("external-ref-added", "external-ref-removed", "external-ref-changed"),
        note="a local reference is followed and its target compared in its place; before 2019-09 its siblings "
        "are dropped",
    ),
    Keyword(
        "definitions",
        _ALL,
        translated="`$defs`",
        note=f"{_STRUCTURAL}; a definition is compared where a `$ref` uses it (2019-09 and 2020-12 keep the "
        "keyword for compatibility)",
    ),
    Keyword("$defs", _SINCE_2019, note=f"{_STRUCTURAL}; a definition is compared where a `$ref` uses it"),
    Keyword("$anchor", _SINCE_2019, note=_STRUCTURAL),
    Keyword("$vocabulary", _SINCE_2019, note=f"{_STRUCTURAL}; only meta-schemas declare it"),
    Keyword(
        "$dynamicRef",
        ("2020-12",),
        ("keyword-changed",),
        note="followed like `$ref` when it resolves statically; otherwise unmodelled, since its target depends "
        "on the referring schema (see Limits)",
    ),
    Keyword("$dynamicAnchor", ("2020-12",), note=_STRUCTURAL),
    Keyword(
        "$recursiveRef",
        ("2019-09", "2020-12"),
        ("keyword-changed",),
        translated="`$ref` where its target is static, else `$dynamicRef` (2019-09)",
        note="2020-12 keeps it only as deprecated and does not evaluate it: there it is unmodelled",
    ),
    Keyword(
        "$recursiveAnchor",
        ("2019-09", "2020-12"),
        ("keyword-changed",),
        translated="`$dynamicAnchor` (2019-09)",
        note="2020-12 keeps it only as deprecated: there it is unmodelled",
    ),
    Keyword(
        "$comment", _SINCE_7, ("comment-changed",), note="ignored by validators; reported as documentation"
    ),
    # applicator
    Keyword(
        "allOf",
        _ALL,
        ("all-of-member-added", "all-of-member-removed"),
        note="members are merged into their parent where they can be, and their keywords report their own rules",
    ),
    Keyword(
        "anyOf",
        _ALL,
        (
            "any-of-added",
            "any-of-removed",
            "any-of-branch-added",
            "any-of-branch-removed",
            "any-of-became-one-of",
            "one-of-became-any-of",
            "nullable-added",
            "nullable-removed",
        ),
        note="matched branches report their own changes",
    ),
    Keyword(
        "oneOf",
        _ALL,
        (
            "one-of-added",
            "one-of-removed",
            "one-of-branch-added",
            "one-of-branch-removed",
            "one-of-branch-added-overlapping",
            "one-of-branch-removed-overlapping",
            "one-of-overlapping-branch-changed",
            "one-of-overlap-introduced",
            "one-of-overlap-removed",
            "any-of-became-one-of",
            "one-of-became-any-of",
        ),
        note="matched branches report their own changes",
    ),
    Keyword(
        "not",
        _ALL,
        (
            "not-added",
            "not-removed",
            "not-excludes-more",
            "not-excludes-less",
            "not-changed",
            "newline-exclusion-added",
            "newline-exclusion-removed",
        ),
    ),
    Keyword(
        "if",
        _SINCE_7,
        (
            "conditional-added",
            "conditional-removed",
            "if-changed",
            "if-constrains-more",
            "if-constrains-less",
        ),
    ),
    Keyword("then", _SINCE_7, ("then-added", "then-removed"), note=_SUBSCHEMA),
    Keyword("else", _SINCE_7, ("else-added", "else-removed"), note=_SUBSCHEMA),
    Keyword(
        "dependencies",
        _ALL,
        (
            "dependent-required-added",
            "dependent-required-removed",
            "dependent-schema-added",
            "dependent-schema-removed",
            "keyword-changed",
        ),
        translated="`dependentRequired` (array values) and `dependentSchemas` (schema values), before 2019-09",
        note="2019-09 and 2020-12 keep it only as deprecated, replaced by the two keywords: there it is "
        "unmodelled",
    ),
    Keyword("dependentRequired", _SINCE_2019, ("dependent-required-added", "dependent-required-removed")),
    Keyword(
        "dependentSchemas",
        _SINCE_2019,
        ("dependent-schema-added", "dependent-schema-removed"),
        note=_SUBSCHEMA,
    ),
    Keyword(
        "prefixItems",
        ("2020-12",),
        ("schema-made-false", "schema-made-satisfiable"),
        note="each item's subschema is compared at its index (`/0`, `/1`...), with the items after it",
    ),
    Keyword(
        "items",
        _ALL,
        ("schema-made-false", "schema-made-satisfiable"),
        form="one schema",
        note=f"compared at `/*`; {_SUBSCHEMA}",
    ),
    Keyword(
        "items",
        _BEFORE_2020,
        ("schema-made-false", "schema-made-satisfiable"),
        form="array of schemas",
        translated="`prefixItems`",
        note="each item's subschema is compared at its index",
    ),
    Keyword(
        "additionalItems",
        _BEFORE_2020,
        ("schema-made-false", "schema-made-satisfiable"),
        translated="`items` after `prefixItems` (beside array-form `items`; ignored otherwise, as specified)",
        note=f"compared at `/*`; {_SUBSCHEMA}",
    ),
    Keyword(
        "contains",
        _SINCE_6,
        ("contains-added", "contains-removed", "contains-narrowed", "contains-widened", "contains-changed"),
        note="with a lower bound only, its subschema's changes are reported at `/*`",
    ),
    Keyword(
        "properties",
        _ALL,
        (
            "property-added",
            "property-removed",
            "property-added-to-open-object",
            "property-removed-from-open-object",
            "property-declared",
            "property-undeclared",
        ),
        note=f"each property is compared at its key; {_SUBSCHEMA}",
    ),
    Keyword(
        "patternProperties",
        _ALL,
        ("pattern-property-added", "pattern-property-removed"),
        note=f"matching keys are compared at `*`; {_SUBSCHEMA}",
    ),
    Keyword(
        "additionalProperties",
        _ALL,
        ("additional-properties-closed", "additional-properties-opened"),
        note=f"a schema value is compared at `*`; {_SUBSCHEMA}",
    ),
    Keyword(
        "propertyNames",
        _SINCE_6,
        ("property-names-narrowed", "property-names-widened", "property-names-changed"),
    ),
    Keyword(
        "unevaluatedItems",
        _SINCE_2019,
        ("schema-made-false", "schema-made-satisfiable", "keyword-changed"),
        note="compared as the items after `prefixItems` where nothing else evaluates items; otherwise "
        "unmodelled (see Limits)",
    ),
    Keyword(
        "unevaluatedProperties",
        _SINCE_2019,
        ("additional-properties-closed", "additional-properties-opened", "keyword-changed"),
        note="compared as `additionalProperties` where nothing else evaluates properties; otherwise "
        "unmodelled (see Limits)",
    ),
    # validation
    Keyword(
        "type", _ALL, ("type-narrowed", "type-widened", "type-changed", "nullable-added", "nullable-removed")
    ),
    Keyword(
        "enum",
        _ALL,
        ("enum-added", "enum-removed", "enum-value-added", "enum-value-removed"),
        note="a set of values",
    ),
    Keyword(
        "const",
        _SINCE_6,
        ("const-added", "const-removed", "enum-value-added", "enum-value-removed"),
        note="a one-value enum: enum and const compare as sets of values",
    ),
    Keyword("multipleOf", _ALL, ("multiple-of-tightened", "multiple-of-loosened", "multiple-of-changed")),
    Keyword("maximum", _ALL, ("maximum-decreased", "maximum-increased"), note=_BOUND),
    Keyword(
        "exclusiveMaximum",
        ("4",),
        ("maximum-decreased", "maximum-increased"),
        form="boolean",
        translated="a numeric `exclusiveMaximum` with `maximum`'s value",
        note=_BOUND,
    ),
    Keyword(
        "exclusiveMaximum", _SINCE_6, ("maximum-decreased", "maximum-increased"), form="number", note=_BOUND
    ),
    Keyword("minimum", _ALL, ("minimum-increased", "minimum-decreased"), note=_BOUND),
    Keyword(
        "exclusiveMinimum",
        ("4",),
        ("minimum-increased", "minimum-decreased"),
        form="boolean",
        translated="a numeric `exclusiveMinimum` with `minimum`'s value",
        note=_BOUND,
    ),
    Keyword(
        "exclusiveMinimum", _SINCE_6, ("minimum-increased", "minimum-decreased"), form="number", note=_BOUND
    ),
    Keyword("maxLength", _ALL, ("max-length-decreased", "max-length-increased")),
    Keyword("minLength", _ALL, ("min-length-increased", "min-length-decreased")),
    Keyword(
        "pattern",
        _ALL,
        ("pattern-added", "pattern-removed", "pattern-narrowed", "pattern-widened", "pattern-changed"),
    ),
    Keyword("maxItems", _ALL, ("max-items-decreased", "max-items-increased")),
    Keyword("minItems", _ALL, ("min-items-increased", "min-items-decreased")),
    Keyword("uniqueItems", _ALL, ("unique-items-added", "unique-items-removed")),
    Keyword(
        "maxContains",
        _SINCE_2019,
        ("max-contains-decreased", "max-contains-increased"),
        note="ignored without `contains`, as specified",
    ),
    Keyword(
        "minContains",
        _SINCE_2019,
        ("min-contains-increased", "min-contains-decreased"),
        note="ignored without `contains`, as specified",
    ),
    Keyword("maxProperties", _ALL, ("max-properties-decreased", "max-properties-increased")),
    Keyword("minProperties", _ALL, ("min-properties-increased", "min-properties-decreased")),
    Keyword("required", _ALL, ("required-added", "required-removed")),
    # format, content and meta-data
    Keyword(
        "format",
        _ALL,
        ("format-added", "format-removed", "format-changed"),
        note="asserted in every dialect, as Treaty's validator asserts it",
    ),
    Keyword("contentEncoding", _SINCE_7, ("annotation-changed",)),
    Keyword("contentMediaType", _SINCE_7, ("annotation-changed",)),
    Keyword(
        "contentSchema", _SINCE_2019, ("annotation-changed",), note="compared as a value, not as a schema"
    ),
    Keyword("title", _ALL, ("title-changed",)),
    Keyword("description", _ALL, ("description-changed",)),
    Keyword("default", _ALL, ("default-added", "default-removed", "default-changed")),
    Keyword("examples", _SINCE_6, ("examples-changed",)),
    Keyword("deprecated", _SINCE_2019, ("deprecated-added", "deprecated-removed")),
    Keyword("readOnly", _SINCE_7, ("annotation-changed",)),
    Keyword(
        "writeOnly",
        _SINCE_7,
        ("annotation-changed",),
        note="draft-07's specification defines it, though its meta-schema does not list it",
    ),
    # extensions
    Keyword("discriminator", ("OpenAPI",), ("annotation-changed",)),
    _treaty_entry("x-treaty-uniqueBy"),
    _treaty_entry("x-treaty-in"),
    _treaty_entry("x-treaty-notIn"),
    _treaty_entry("x-treaty-notBefore"),
    _treaty_entry("x-treaty-equals"),
    _treaty_entry("x-treaty-derived"),
    Keyword(
        "x-treaty-should",
        _TREATY,
        (
            "treaty-warning-added",
            "treaty-warning-removed",
            "treaty-warning-changed",
            "treaty-rule-tightened",
            "treaty-rule-loosened",
            "treaty-rule-renamed",
            "treaty-rule-reworded",
        ),
        note="each member is a warning rule, paired by rule id",
    ),
    Keyword(
        "x-treaty-rule",
        _TREATY,
        ("treaty-rule-named", "treaty-rule-unnamed", "treaty-rule-renamed", "treaty-rule-reworded"),
        note="names the failures of the schema it sits in, whose keywords report their own rules",
    ),
)
"""Every keyword of every supported dialect and extension, with the rules a change of it is reported as.

Any keyword not listed is unknown to the engine and reported as `keyword-changed`."""


def render_markdown() -> str:
    """Return docs/diff-rules.md: the policies and one table row per rule, grouped by category."""
    lines = [
        "# Schema change rules",
        "",
        "<!-- Generated from treaty._diff.rules by `python -m treaty._diff > docs/diff-rules.md`; do not edit. -->",
        "",
        "`treaty._diff.diff(old, new)` reports each change between two JSON Schemas with one of these rule ids.",
        "**Readers** is backward compatibility: is every document valid under the old schema still valid",
        "under the new one? **Writers** is forward compatibility: is every document valid under the new",
        "schema valid under the old one? *breaks* means some document crosses the line. **Bump** is the",
        "smallest version bump the change needs: major when it breaks readers, minor when it breaks writers",
        "or changes meaning, patch for documentation only. **Mirror** is the rule reported for the same",
        "change with the two schemas swapped.",
        "",
        "## Policies",
        "",
    ]
    lines.extend(f"- **{name}**: {text}" for name, text in POLICIES)
    lines.extend(["", "## How schemas are compared", ""])
    lines.extend(f"- {note}" for note in NOTES)
    lines.extend(["", "## Limits", ""])
    lines.extend(f"- {limit}" for limit in LIMITS)
    lines.extend(["", "## Rules", ""])
    for category in CATEGORIES:
        rules = [rule for rule in RULES.values() if rule.category == category]
        lines.extend(
            [
                f"### {category}",
                "",
                "| rule | readers | writers | bump | mirror | meaning |",
                "|---|---|---|---|---|---|",
            ]
        )
        lines.extend(_row(rule) for rule in rules)
        lines.append("")
        notes = [rule for rule in rules if rule.rationale]
        lines.extend(f"- `{rule.id}`: {rule.rationale}" for rule in notes)
        if notes:
            lines.append("")
    lines.extend(
        [
            "## Keywords",
            "",
            "Every keyword of every supported dialect (`4` is draft-04, and so on), with what an older spelling is",
            "translated to and the rules a change of the keyword is reported as, with their verdicts under the",
            "lenient policy (strict where it differs). Any keyword not listed is reported as `keyword-changed`.",
            "",
            "| keyword | dialects | translated to | rules | note |",
            "|---|---|---|---|---|",
        ]
    )
    lines.extend(_keyword_row(keyword) for keyword in KEYWORD_INDEX)
    return "\n".join(lines).rstrip("\n") + "\n"


def _row(rule: Rule) -> str:
    def cell(policy: Policy) -> tuple[str, str, str]:
        backward, forward = rule.verdicts(policy)
        return (
            "breaks" if backward is Verdict.INCOMPATIBLE else "-",
            "breaks" if forward is Verdict.INCOMPATIBLE else "-",
            str(rule.bump(policy)),
        )

    lenient, strict = cell("lenient"), cell("strict")
    shown = [a if a == b else f"{a} (strict: {b})" for a, b in zip(lenient, strict, strict=True)]
    return f"| `{rule.id}` | {shown[0]} | {shown[1]} | {shown[2]} | `{rule.mirror}` | {rule.summary} |"


def _effect(rule: Rule) -> str:
    """Return which directions a rule breaks, as the keyword index shows it."""

    def breaks(policy: Policy) -> str:
        readers, writers = rule.breaks_readers(policy), rule.breaks_writers(policy)
        if readers and writers:
            return "breaks readers and writers"
        return "breaks readers" if readers else "breaks writers" if writers else "breaks neither"

    lenient, strict = breaks("lenient"), breaks("strict")
    return lenient if lenient == strict else f"{lenient} (strict: {strict})"


def _keyword_row(keyword: Keyword) -> str:
    name = f"`{keyword.name}` ({keyword.form})" if keyword.form else f"`{keyword.name}`"
    rules = "; ".join(f"`{rule}` {_effect(RULES[rule])}" for rule in keyword.rules) or "-"
    cells = (name, ", ".join(keyword.dialects), keyword.translated or "-", rules, keyword.note or "-")
    return "| " + " | ".join(cells) + " |"
