"""The Treaty rule vocabulary: ``x-treaty-*`` keywords with which a schema says what JSON Schema cannot.

docs/rules-vocabulary.md defines the keywords. Other engines read them as annotations, so they decide no
verdict there; Treaty applies them here, to a document its schema accepted, walking the schema along the
document the way an evaluator collects annotations: through ``$ref``, ``properties``,
``additionalProperties``, ``items``, ``prefixItems``, ``allOf``, the ``anyOf``/``oneOf`` branches the value
matches, and the ``if`` branch it takes. Subschemas without a keyword of the vocabulary are never entered, so
a schema without one costs a dictionary lookup per document.

``x-treaty-rule`` on an ``allOf`` member is not applied here: the member is plain JSON Schema that every
engine enforces, and `treaty._validation.validator` names its failures after the rule.
"""

import datetime as dt
import json
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from treaty._documents.findings import Severity, at_pointer
from treaty._documents.unknown import UnknownValueError, unreadable

PREFIX: Final = "x-treaty-"
RULE: Final = "x-treaty-rule"
KEYWORDS: Final = (
    RULE,
    "x-treaty-should",
    "x-treaty-uniqueBy",
    "x-treaty-in",
    "x-treaty-notIn",
    "x-treaty-notBefore",
    "x-treaty-equals",
    "x-treaty-derived",
)
_SUBSCHEMAS: Final = ("properties", "additionalProperties", "items", "prefixItems", "allOf", "anyOf", "oneOf")
_BRANCHES: Final = ("then", "else")

Path_ = tuple[str | int, ...]
Functions = Mapping[str, Callable[[Any], Any]]
"""A family's contract functions at the JSON level, by name (the models' ``FUNCTIONS``)."""


@dataclass(frozen=True)
class RuleHit:
    """A broken rule of the vocabulary: where, which rule, and its message and hint with the values filled in."""

    path: Path_
    rule: str
    severity: Severity
    message: str
    hint: str


def render(rule: Mapping[str, Any], path: Path_, **values: Any) -> RuleHit:
    """Return the hit of ``rule`` at ``path``, its placeholders filled with ``values`` shown as JSON."""
    shown = {name: json.dumps(value, ensure_ascii=False, sort_keys=True) for name, value in values.items()}

    def fill(template: str) -> str:
        try:
            return template.format_map(shown)
        except (KeyError, IndexError, ValueError):
            return template  # the export gate reports unknown placeholders; a verdict never waits on wording

    return RuleHit(
        path, rule["id"], Severity(rule["severity"]), fill(rule["message"]), fill(rule.get("hint", ""))
    )


def _entries(value: Any) -> list[Mapping[str, Any]]:
    """Return a keyword's rules: its value is one object or an array of objects."""
    found = value if isinstance(value, list) else [value]
    return [entry for entry in found if isinstance(entry, Mapping)]


def _same(value: Any) -> str:
    """Return a key under which equal JSON values are equal (``1`` and ``1.0`` apart, as in the data)."""
    return json.dumps(value, sort_keys=True, default=unreadable)


def _instant(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None  # not a date-time: the schema's format says so, not this rule
    return parsed if parsed.tzinfo is not None else None


class Vocabulary:
    """Applies the vocabulary keywords of schemas to documents they accepted.

    ``validator`` is a jsonschema validator of the schema (its registry resolves every ``$ref``); it decides
    which ``anyOf``/``oneOf``/``if`` branch a value takes and whether an ``x-treaty-should`` member holds.
    """

    def __init__(self, validator: Any) -> None:
        """Walk the schema of ``validator``."""
        self._validator = validator
        self._marked: dict[int, bool] = {}

    def applies(self) -> bool:
        """Return whether the schema uses the vocabulary at all."""
        return self.uses(self._validator.schema, self._validator._resolver)  # noqa: SLF001  # its resolver

    def check(self, data: Any, functions: Functions | None = None) -> list[RuleHit]:
        """Return every broken rule in a document the schema accepted (``x-treaty-derived`` only with ``functions``)."""
        hits: list[RuleHit] = []
        if self.applies():
            walk = _Walk(self, data, functions, hits)
            walk.visit(self._validator.schema, self._validator._resolver, data, ())  # noqa: SLF001
        return hits

    def uses(self, schema: Any, resolver: Any) -> bool:
        """Return whether a subschema holds a vocabulary keyword, here or below (memoised; cycles count as no)."""
        if not isinstance(schema, Mapping):
            return False
        key = id(schema)
        if key not in self._marked:
            self._marked[key] = False
            self._marked[key] = any(k.startswith(PREFIX) for k in schema) or any(
                self.uses(sub, res) for sub, res in self._children(schema, resolver)
            )
        return self._marked[key]

    @staticmethod
    def _children(schema: Mapping[str, Any], resolver: Any) -> Iterator[tuple[Any, Any]]:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            resolved = resolver.lookup(ref)
            yield resolved.contents, resolved.resolver
        for keyword in (*_SUBSCHEMAS, "if", *_BRANCHES):
            value = schema.get(keyword)
            if keyword == "properties" and isinstance(value, Mapping):
                yield from ((sub, resolver) for sub in value.values())
            elif isinstance(value, list):
                yield from ((sub, resolver) for sub in value)
            elif isinstance(value, Mapping):
                yield value, resolver

    def holds(self, schema: Any, resolver: Any, instance: Any) -> bool:
        """Return whether ``instance`` is valid against a subschema (resolved where it sits)."""
        return bool(self._validator.evolve(schema=schema, _resolver=resolver).is_valid(instance))

    def errors(self, schema: Any, resolver: Any, instance: Any) -> list[Any]:
        """Return the validation errors of ``instance`` against a subschema."""
        return list(self._validator.evolve(schema=schema, _resolver=resolver).iter_errors(instance))


@dataclass
class _Walk:
    """One document's walk through its schema."""

    vocabulary: Vocabulary
    root: Any
    functions: Functions | None
    hits: list[RuleHit]
    named: dict[tuple[str, str | None], frozenset[str] | None] = field(default_factory=dict)
    """The values each collection names (an ``x-treaty-in``/``notIn`` walks a long list once per document)."""

    def visit(self, schema: Any, resolver: Any, instance: Any, path: Path_) -> None:
        if not self.vocabulary.uses(schema, resolver):
            return
        self.apply(schema, resolver, instance, path)
        for sub, where, value, at in self.evaluated(schema, resolver, instance, path):
            self.visit(sub, where, value, at)

    def evaluated(
        self, schema: Mapping[str, Any], resolver: Any, instance: Any, path: Path_
    ) -> Iterator[tuple[Any, Any, Any, Path_]]:
        """Yield the subschemas that apply to the value or its parts, with their resolver, value and path."""
        ref = schema.get("$ref")
        if isinstance(ref, str):
            resolved = resolver.lookup(ref)
            yield resolved.contents, resolved.resolver, instance, path
        if isinstance(instance, dict):
            properties, extra = schema.get("properties", {}), schema.get("additionalProperties")
            for key, value in instance.items():
                yield properties.get(key, extra), resolver, value, (*path, key)
        if isinstance(instance, list):
            prefix, items = schema.get("prefixItems", []), schema.get("items")
            for number, item in enumerate(instance):
                yield prefix[number] if number < len(prefix) else items, resolver, item, (*path, number)
        for sub in schema.get("allOf", []):
            yield sub, resolver, instance, path
        yield from self.branches(schema, resolver, instance, path)

    def branches(
        self, schema: Mapping[str, Any], resolver: Any, instance: Any, path: Path_
    ) -> Iterator[tuple[Any, Any, Any, Path_]]:
        """Yield the anyOf/oneOf branches and the if/then/else branch the value takes."""
        for sub in (*schema.get("anyOf", []), *schema.get("oneOf", [])):
            if self.vocabulary.uses(sub, resolver) and self.decides(sub, resolver, instance):
                yield sub, resolver, instance, path
        if "if" in schema and any(self.vocabulary.uses(schema.get(b), resolver) for b in _BRANCHES):
            taken = self.decides(schema["if"], resolver, instance)
            if taken is not None:  # which branch an unknown value takes is unknown: neither is applied
                yield schema.get("then" if taken else "else"), resolver, instance, path

    def decides(self, schema: Any, resolver: Any, instance: Any) -> bool | None:
        """Return whether ``instance`` holds against a subschema; None when that depends on an unknown value."""
        try:
            return self.vocabulary.holds(schema, resolver, instance)
        except UnknownValueError:
            return None

    def apply(self, schema: Mapping[str, Any], resolver: Any, instance: Any, path: Path_) -> None:
        """Apply the keywords of one subschema to the value it describes."""
        for keyword, check in _CHECKS.items():
            if keyword in schema:
                for entry in _entries(schema[keyword]):
                    try:
                        check(self, entry, resolver, instance, path)
                    except UnknownValueError:  # the rule reads a value the loader could not read: not judged
                        continue

    def should(self, member: Mapping[str, Any], resolver: Any, instance: Any, path: Path_) -> None:
        rule = member.get(RULE)
        if not isinstance(rule, Mapping):
            return
        errors = self.vocabulary.errors(member, resolver, instance)
        if errors:
            from jsonschema.exceptions import best_match  # noqa: PLC0415  # imported once a schema needs it

            self.hits.append(render(rule, (*path, *best_match(errors).absolute_path)))

    def unique_by(self, entry: Mapping[str, Any], _resolver: Any, instance: Any, path: Path_) -> None:
        if not isinstance(instance, list):
            return
        key, first = entry["key"], dict[str, int]()
        for number, item in enumerate(instance):
            if not isinstance(item, Mapping) or key not in item:
                continue
            same = _same(item[key])
            if same in first:
                self.hits.append(
                    render(entry["rule"], (*path, number, key), key=key, value=item[key], first=first[same])
                )
            else:
                first[same] = number

    def member_of(self, entry: Mapping[str, Any], instance: Any, path: Path_, *, wanted: bool) -> None:
        if isinstance(instance, (dict, list)):
            return
        names = self.names(entry["collection"], entry.get("key"))
        if names is not None and (_same(instance) in names) is not wanted:
            self.hits.append(render(entry["rule"], path, value=instance, collection=entry["collection"]))

    def names(self, collection: str, key: str | None) -> frozenset[str] | None:
        """Return the values a collection of the document names (None: no array there), once per walk."""
        if (collection, key) not in self.named:
            found, items = at_pointer(self.root, collection)
            self.named[collection, key] = (
                frozenset(
                    _same(item[key] if key is not None else item)
                    for item in items
                    if key is None or (isinstance(item, Mapping) and key in item)
                )
                if found and isinstance(items, list)
                else None
            )
        return self.named[collection, key]

    def in_(self, entry: Mapping[str, Any], _resolver: Any, instance: Any, path: Path_) -> None:
        self.member_of(entry, instance, path, wanted=True)

    def not_in(self, entry: Mapping[str, Any], _resolver: Any, instance: Any, path: Path_) -> None:
        self.member_of(entry, instance, path, wanted=False)

    def not_before(self, entry: Mapping[str, Any], _resolver: Any, instance: Any, path: Path_) -> None:
        if not isinstance(instance, Mapping):
            return
        earlier, later = instance.get(entry["earlier"]), instance.get(entry["later"])
        first, then = _instant(earlier), _instant(later)
        if first is not None and then is not None and then < first:
            self.hits.append(render(entry["rule"], (*path, entry["later"]), earlier=earlier, later=later))

    def equals(self, entry: Mapping[str, Any], _resolver: Any, instance: Any, path: Path_) -> None:
        a, b = entry["properties"]
        # null is how an optional value is left unwritten (pydantic's X | None): only two values compare
        both = isinstance(instance, Mapping) and instance.get(a) is not None and instance.get(b) is not None
        if both and _same(instance[a]) != _same(instance[b]):
            self.hits.append(render(entry["rule"], (*path, a), a=instance[a], b=instance[b]))

    def derived(self, entry: Mapping[str, Any], _resolver: Any, instance: Any, path: Path_) -> None:
        found, holder = at_pointer(instance, entry.get("at", ""))
        name = entry["property"]
        if self.functions is None or not found or not isinstance(holder, Mapping) or name not in holder:
            return
        where = (*path, *_steps(entry.get("at", "")), name)
        function = self.functions.get(entry["function"])
        if function is None:
            message = (
                f"{entry['rule']['id']}: the family's models have no contract function {entry['function']!r}"
            )
            self.hits.append(RuleHit(where, entry["rule"]["id"], Severity.ERROR, message, _NO_FUNCTION))
            return
        given = dict(_arguments(instance, entry["input"]))
        _same(given)  # a function is never called with a value the loader could not read (it raises)
        try:
            expected = function(given)
        except Exception as refusal:  # noqa: BLE001  # any exception is the function refusing the values
            expected = f"<refused: {type(refusal).__name__}: {refusal}>"
        if _same(expected) != _same(holder[name]):
            self.hits.append(render(entry["rule"], where, value=holder[name], expected=expected))


def _steps(pointer: str) -> Path_:
    """Return the path an RFC 6901 pointer names (array indexes stay strings unless digits)."""
    if not pointer:
        return ()
    parts = (raw.replace("~1", "/").replace("~0", "~") for raw in pointer.removeprefix("/").split("/"))
    return tuple(int(part) if part.isdigit() else part for part in parts)


def _arguments(instance: Any, inputs: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield a derived value's function input: each argument from the first of its pointers that is present.

    An argument is a pointer, or ``{"pointer": P or [P, ...], "default": V}``; with none present it takes the
    default if one is given, else it is left out (the function decides what a missing argument means).
    """
    for argument, source in inputs.items():
        spec = source if isinstance(source, Mapping) else {"pointer": source}
        pointers = spec["pointer"] if isinstance(spec["pointer"], list) else [spec["pointer"]]
        for pointer in pointers:
            found, value = at_pointer(instance, pointer)
            if found:
                yield argument, value
                break
        else:
            if "default" in spec:
                yield argument, spec["default"]


_NO_FUNCTION: Final = (
    "restore the function in the models' FUNCTIONS, or fix the function named by x-treaty-derived"
)

_Check = Callable[[_Walk, Mapping[str, Any], Any, Any, Path_], None]
_CHECKS: Final[Mapping[str, _Check]] = {
    "x-treaty-should": _Walk.should,
    "x-treaty-uniqueBy": _Walk.unique_by,
    "x-treaty-in": _Walk.in_,
    "x-treaty-notIn": _Walk.not_in,
    "x-treaty-notBefore": _Walk.not_before,
    "x-treaty-equals": _Walk.equals,
    "x-treaty-derived": _Walk.derived,
}


PLACEHOLDERS: Final[Mapping[str, frozenset[str]]] = {
    RULE: frozenset(),
    "x-treaty-uniqueBy": frozenset({"key", "value", "first"}),
    "x-treaty-in": frozenset({"value", "collection"}),
    "x-treaty-notIn": frozenset({"value", "collection"}),
    "x-treaty-notBefore": frozenset({"earlier", "later"}),
    "x-treaty-equals": frozenset({"a", "b"}),
    "x-treaty-derived": frozenset({"value", "expected"}),
}
"""The values each keyword's message and hint may name in braces."""


def vocabulary_nodes(schema: Any, pointer: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield every schema object that carries a vocabulary keyword, with its JSON pointer."""
    if isinstance(schema, Mapping):
        if any(isinstance(k, str) and k.startswith(PREFIX) for k in schema):
            yield pointer, schema
        for key, value in schema.items():
            if not (isinstance(key, str) and key.startswith(PREFIX)):
                yield from vocabulary_nodes(
                    value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
                )
    elif isinstance(schema, list):
        for number, item in enumerate(schema):
            yield from vocabulary_nodes(item, f"{pointer}/{number}")


def unknown_placeholders(keyword: str, rule: Mapping[str, Any]) -> list[str]:
    """Return the placeholders a rule's message or hint names that its keyword does not fill."""
    allowed = PLACEHOLDERS.get(keyword, frozenset())
    named = {
        field
        for text in (rule.get("message"), rule.get("hint"))
        if isinstance(text, str)
        for _, field, _, _ in string.Formatter().parse(text)
        if field is not None
    }
    return sorted(named - allowed)


def enforced_rule_ids(schema: Any) -> set[str]:
    """Return the ids of the rules a schema states in plain JSON Schema (``allOf`` members): every engine enforces them."""
    found: set[str] = set()
    if isinstance(schema, Mapping):
        for member in schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []:
            rule = member.get(RULE) if isinstance(member, Mapping) else None
            if isinstance(rule, Mapping) and isinstance(rule.get("id"), str):
                found.add(rule["id"])
        for value in schema.values():
            found |= enforced_rule_ids(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= enforced_rule_ids(item)
    return found


def rules_declared(schema: Any) -> Iterator[Mapping[str, Any]]:
    """Yield every rule object a schema declares, anywhere in it (for the export gate and listings)."""
    if isinstance(schema, Mapping):
        for keyword, value in schema.items():
            if keyword == RULE and isinstance(value, Mapping):
                yield value
            elif keyword in KEYWORDS and keyword != "x-treaty-should":
                yield from (e["rule"] for e in _entries(value) if isinstance(e.get("rule"), Mapping))
            else:
                yield from rules_declared(value)
    elif isinstance(schema, Sequence) and not isinstance(schema, str):
        for item in schema:
            yield from rules_declared(item)
