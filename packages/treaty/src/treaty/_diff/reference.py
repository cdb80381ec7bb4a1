"""The reference of `treaty diff`'s rule catalog: how schemas are compared, its limits, every keyword.

``python -m treaty._diff`` renders it, with the rules of `treaty._diff.rules`, as docs/diff-rules.md. It is
kept apart from the catalog, which `treaty diff` imports on every run, because only the documentation
and its tests read it.
"""

from dataclasses import dataclass
from typing import Final

from treaty._diff.rules import CATEGORIES, POLICIES, RULES, Policy, Rule, Verdict

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
        "<!-- Generated from treaty._diff.rules and treaty._diff.reference by `python -m treaty._diff > docs/diff-rules.md`; do not edit. -->",
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
