r"""Document validation against a catalog schema, turning jsonschema's errors into located findings.

The engine is python-jsonschema (draft 2020-12, formats asserted) with two changes:

- ``pattern`` follows ECMA-262, as JSON Schema specifies, rather than Python's ``re`` (in which ``$`` also
  matches before a trailing newline, ``\d`` matches any Unicode digit and ``\s`` has other members);
- ``integer`` means a JSON number written without a fraction: ``3.0`` is not an integer, as in the models
  (JSON Schema would accept it; Treaty does not coerce).
"""

import difflib
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, Final

import jsonschema
import jsonschema.validators
import referencing.exceptions
from jsonschema.exceptions import ValidationError, best_match

from treaty._documents.document import Document, Path_
from treaty._documents.findings import Finding, pointer_of
from treaty._documents.unknown import below, independent
from treaty._validation.catalog import Catalog, distribution_name, parse_schema_id
from treaty._validation.vocabulary import RULE, render
from treaty.exceptions import RegistryError, TreatyError

_JSON_TYPES: Final = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}
_MAX_SHOWN: Final = 60
_ECMA_SPACE: Final = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
r"""ECMA-262's white space and line terminators: what ``\s`` means in a JSON Schema pattern."""
_ESCAPES: Final = {
    r"\d": "[0-9]",
    r"\D": "[^0-9]",
    r"\w": "[A-Za-z0-9_]",
    r"\W": "[^A-Za-z0-9_]",
    r"\s": f"[{_ECMA_SPACE}]",
    r"\S": f"[^{_ECMA_SPACE}]",
}
_ESCAPES_IN_CLASS: Final = {r"\d": "0-9", r"\w": "A-Za-z0-9_", r"\s": _ECMA_SPACE}
"""Class escapes whose ECMA-262 meaning differs from Python's, rewritten as explicit classes."""
_MAX_MESSAGE: Final = 200


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """Compile an ECMA-262 pattern (as JSON Schema writes them) with Python's ``re``, keeping its meaning."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i : i + 2]
            out.append((_ESCAPES_IN_CLASS if in_class else _ESCAPES).get(escape, escape))
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"  # ECMA's $ (no multiline flag) is the absolute end
        out.append(char)
        i += 1
    return re.compile("".join(out))


def _pattern(
    validator: Any,
    pattern: str,
    instance: Any,
    schema: Mapping[str, Any],  # noqa: ARG001
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(_checker: object, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


def _all_of(
    validator: Any,
    members: list[Any],
    instance: Any,
    schema: Mapping[str, Any],  # noqa: ARG001
) -> Iterator[ValidationError]:
    """Draft 2020-12's ``allOf``, naming each failure of a member that is a rule (``x-treaty-rule``) after it.

    The innermost rule names an error: it is set first, as the error rises through the members around it.
    """
    for index, member in enumerate(members):
        rule = member.get(RULE) if isinstance(member, Mapping) else None
        for error in validator.descend(instance, member, schema_path=index):
            if isinstance(rule, Mapping) and not hasattr(error, "treaty_rule"):
                error.treaty_rule = rule
            yield error


ContractValidator: Final = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator,
    {"pattern": _pattern, "allOf": _all_of},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)
"""Draft 2020-12 with ECMA-262 patterns: the one validator class behind every verdict Treaty gives."""


def json_type(value: object) -> str:
    """Return the JSON type name of a loaded value."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


class Validator:
    """Validates documents against the schemas of a catalog; one compiled validator per schema."""

    def __init__(self, catalog: Catalog) -> None:
        """Validate against the schemas of ``catalog``."""
        self.catalog = catalog
        self._compiled: dict[tuple[str, str, str], Any] = {}

    def compiled(self, family: str, version: str, kind: str) -> Any:
        """Return the (cached) jsonschema validator of one schema."""
        key = (family, version, kind)
        if key not in self._compiled:
            schema = self.catalog.release(family, version).schemas[kind]
            self._compiled[key] = ContractValidator(
                schema,
                registry=self._registry_for(schema),
                format_checker=ContractValidator.FORMAT_CHECKER,
            )
        return self._compiled[key]

    def _registry_for(self, schema: Mapping[str, Any]) -> Any:
        """Return the catalog's registry holding, crawled, every schema file ``schema`` refers to by ``$id``.

        referencing retrieves a file it does not hold on each lookup, and crawls the registry each time: on a
        schema referring to another family's definitions that was most of a fixtures run.
        """
        from referencing.jsonschema import DRAFT202012  # noqa: PLC0415  # with the validator, see compiled

        registry = self.catalog.registry
        waiting, held = [schema], set[str]()
        while waiting:
            for uri in sorted(_external_refs(waiting.pop()) - held):
                held.add(uri)
                if parse_schema_id(uri) is None:
                    continue  # not a Treaty schema: resolving it fails as it did, on use
                try:
                    found = self.catalog.by_id(uri)
                except (TreatyError, LookupError):
                    continue  # missing or tampered: reported on use, with its hint
                registry = registry.with_resource(uri, DRAFT202012.create_resource(found))
                waiting.append(found)
        return registry.crawl()

    def validate(
        self, document: Document, family: str, version: str, kind: str, *, doubts: list[Path_] | None = None
    ) -> list[Finding]:
        """Return every schema finding of a document, in document order.

        In a document with unknown values (`treaty._documents.unknown`), a finding that may follow from one
        is left out; ``doubts`` gets the path of each left out that is not about an unknown value itself.
        """
        label = f"{family}/{kind}@{version}"
        findings: list[Finding] = []
        seen_required: set[tuple[Any, ...]] = set()
        unknown, uncertain = document.unknown, document.uncertain_keys
        try:
            for error in self.compiled(family, version, kind).iter_errors(document.data):
                path = tuple(error.absolute_path)
                if (unknown or uncertain) and (
                    not independent(path, str(error.validator), unknown, uncertain)
                    or any(below(p, _conditions(error)) for p in unknown | uncertain)
                ):
                    if doubts is not None and not below(path, unknown):
                        doubts.append(path)
                    continue  # it may follow from a value the loader could not read
                findings.extend(_convert(error, document, label, seen_required))
        except referencing.exceptions.Unresolvable as error:
            raise _unresolvable(label, error, self.catalog) from None
        return sorted(findings, key=lambda f: (f.line, f.column, f.pointer, f.rule))


_ONE_STEP: Final = frozenset(
    {
        "items",
        "additionalItems",
        "additionalProperties",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contains",
    }
)
"""Keywords whose subschema applies one step down in the document."""
_NAMED_STEP: Final = frozenset({"properties", "patternProperties", "prefixItems"})
"""Keywords followed in a schema path by a name or index, whose subschema applies one step down."""
_NAMED: Final = frozenset({"allOf", "anyOf", "oneOf", "dependentSchemas", "$defs"})
"""Keywords followed in a schema path by a name or index, whose subschema applies at the same place."""


def _conditions(error: ValidationError) -> list[tuple[Any, ...]]:
    """Return where each ``if`` that led to an error (through its then or else) was evaluated in the document."""
    path, tokens = tuple(error.absolute_path), list(error.absolute_schema_path)[:-1]
    found: list[tuple[Any, ...]] = []
    depth = index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _NAMED_STEP or token in _ONE_STEP:
            depth += 1
        elif token in {"then", "else"}:
            found.append(path[:depth])
        index += 2 if token in _NAMED_STEP or token in _NAMED else 1
    return found


def _external_refs(schema: Any) -> set[str]:
    """Return the files (``$id``, without a fragment) a schema's ``$ref`` name outside itself."""
    found: set[str] = set()
    if isinstance(schema, Mapping):
        ref = schema.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            found.add(ref.split("#", maxsplit=1)[0])
        for value in schema.values():
            found |= _external_refs(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= _external_refs(item)
    return found


def _unresolvable(label: str, error: referencing.exceptions.Unresolvable, catalog: Catalog) -> RegistryError:
    ref = str(getattr(error, "ref", error))
    target = parse_schema_id(ref.split("#", maxsplit=1)[0])
    if target is not None and target[1] in catalog.versions(target[0]):
        family, version, kind = target
        hint = (
            f"{family} {version} is installed but has no {kind!r} schema: the reference is wrong; fix and "
            f"re-export the schema that makes it (or reinstall {distribution_name(family, 'schemas')})"
        )
    elif target is not None:
        family, version, _kind = target
        hint = f"install the pinned schemas it refers to: pip install '{distribution_name(family, 'schemas')}>={version}'"
    else:
        hint = "a contract schema may refer only to schemas of installed Treaty distributions (by $id)"
    return RegistryError(
        f"{label} refers to {ref}, which is not in the registry of installed schemas; Treaty never fetches schemas",
        hint=hint,
    )


def _convert(
    error: ValidationError,
    document: Document,
    label: str,
    seen_required: set[tuple[Any, ...]],
) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    keyword = str(error.validator)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    instance = error.instance

    def finding(at: tuple[Any, ...], message: str, hint: str, *, key: bool = False) -> Finding:
        line, column = document.locate(at, key=key)
        return Finding(document.source, line, column, pointer_of(at), keyword, message, hint, schema=label)

    rule = getattr(error, "treaty_rule", None)
    if isinstance(rule, Mapping):
        yield from _ruled(rule, path, document, label, seen_required)
        return
    conditional = _conditional_message(error)
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        for extra in [k for k in instance if k not in allowed]:
            close = difflib.get_close_matches(extra, allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            hint += f"allowed keys here: {', '.join(allowed)}" if allowed else "no keys are allowed here"
            yield finding((*path, extra), f"unexpected key {extra!r}", hint, key=True)
        return
    if keyword == "required" and isinstance(instance, dict):
        group = (path, tuple(error.absolute_schema_path))
        if group in seen_required:
            return
        seen_required.add(group)
        names: Any = error.validator_value
        for name in names:
            if name not in instance:
                described = schema.get("properties", {}).get(name, {}).get("description", "")
                if conditional:
                    yield finding(path, conditional, f"add a non-blank {name!r}")
                else:
                    yield finding(
                        path,
                        f"missing required key {name!r}",
                        f"add {name!r}" + (f": {described}" if described else ""),
                    )
        return
    message, hint = _describe(keyword, error, schema, instance)
    yield finding(path, conditional or message, hint)


def _ruled(
    rule: Mapping[str, Any],
    path: tuple[Any, ...],
    document: Document,
    label: str,
    seen: set[tuple[Any, ...]],
) -> Iterator[Finding]:
    """Report a failure inside an ``allOf`` member that is a rule: once per rule and place, in its words."""
    hit = render(rule, path)
    if (path, hit.rule) in seen:
        return
    seen.add((path, hit.rule))
    line, column = document.locate(path)
    yield Finding(
        document.source, line, column, pointer_of(path), hit.rule, hit.message, hit.hint, schema=label
    )


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in set('aeiou') else 'a'} {noun}"


def _nullable(error: ValidationError, branches: Any, instance: Any) -> tuple[str, str] | None:
    """Describe a non-null value that fails ``X | None`` by what is wrong with it as an X.

    The keyword stays ``anyOf`` (fixtures of released versions name it), but the message and hint come
    from the one branch the value could have meant, instead of "not valid under any of the given schemas".
    """
    if instance is None or not isinstance(branches, list):
        return None
    meant = [n for n, b in enumerate(branches) if not (isinstance(b, Mapping) and b.get("type") == "null")]
    if len(meant) != 1 or len(meant) == len(branches):
        return None
    inner = [e for e in error.context or [] if e.schema_path and e.schema_path[0] == meant[0]]
    if not inner:
        return None
    best = best_match(inner)
    schema = best.schema if isinstance(best.schema, Mapping) else {}
    message, hint = _describe(str(best.validator), best, schema, best.instance)
    where = pointer_of(tuple(best.absolute_path)[len(error.absolute_path) :])
    return (f"at {where}: " if where and not message.startswith("at /") else "") + message, hint


def _one_of_enums(error: ValidationError, instance: Any) -> tuple[str, str] | None:
    """Describe a value outside a union of enums (e.g. failure or policy codes) by every allowed value."""
    inner = error.context or []
    if not inner or not all(e.validator == "enum" for e in inner):
        return None
    allowed = [
        str(v) for e in inner for v in (e.schema.get("enum", []) if isinstance(e.schema, Mapping) else [])
    ]
    close = difflib.get_close_matches(str(instance), allowed, n=1)
    hint = (f"did you mean {close[0]!r}? " if close else "") + f"use one of: {', '.join(allowed)}"
    return f"{_short(instance)} is not an allowed value", hint


def _conditional_message(error: ValidationError) -> str:
    """Return the rule's own wording when the error comes from an if/then branch that carries one."""
    if "then" not in error.absolute_schema_path and "else" not in error.absolute_schema_path:
        return ""
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    return str(schema.get("description", ""))


def _describe(  # noqa: C901, PLR0912  # one branch per JSON Schema keyword
    keyword: str,
    error: ValidationError,
    schema: Mapping[str, Any],
    instance: Any,
) -> tuple[str, str]:
    value: Any = error.validator_value
    examples = schema.get("examples") or []
    example = f"for example {examples[0]!r}" if examples and not isinstance(examples[0], (list, dict)) else ""
    if keyword == "type":
        expected = " or ".join(value) if isinstance(value, list) else str(value)
        hint = f"write {_a(expected)}"
        if instance is None:
            hint = f"write {_a(expected)}: null is not allowed here"
        elif expected == "string" and not isinstance(instance, (dict, list)):
            hint = (
                f'quote the value: "{instance if not isinstance(instance, bool) else str(instance).lower()}"'
            )
        elif expected == "boolean" and isinstance(instance, str):
            hint = "write true or false, without quotes"
        elif expected in {"integer", "number"} and isinstance(instance, str):
            hint = "write the number without quotes"
        got = "null" if instance is None else f"{json_type(instance)} {_short(instance)}"
        return f"expected {expected}, got {got}", hint
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in value)
        close = difflib.get_close_matches(str(instance), [str(v) for v in value], n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + f"use one of: {allowed}"
        return f"{_short(instance)} is not an allowed value", hint
    if keyword == "const":
        return f"{_short(instance)} must be {value!r}", f"write {value!r}"
    if keyword == "pattern":
        return (
            f"{_short(instance)} does not match the pattern {value!r}",
            example or "change the value to match the pattern",
        )
    if keyword == "format":
        return f"{_short(instance)} is not a valid {value}", example or f"write a valid {value}"
    if keyword in {"maxLength", "minLength"} and isinstance(instance, str):
        bound = "at most" if keyword == "maxLength" else "at least"
        return (
            f"is {len(instance)} characters long; it must be {bound} {value}",
            "shorten the text" if keyword == "maxLength" else "write more text",
        )
    if keyword in {"maxItems", "minItems"} and isinstance(instance, list):
        bound = "at most" if keyword == "maxItems" else "at least"
        count = f"{len(instance)} item{'s' if len(instance) != 1 else ''}"
        return (
            f"has {count}; it must have {bound} {value}",
            "remove items" if keyword == "maxItems" else "add items",
        )
    if keyword in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }
        return (
            f"{_short(instance)} must be {words[keyword]} {value}",
            example or "change the number",
        )
    if keyword in {"anyOf", "oneOf"}:
        described = _nullable(error, value, instance) or _one_of_enums(error, instance)
        if described:
            return described
        types = [branch.get("type") for branch in value if isinstance(branch, Mapping)]
        if all(isinstance(t, str) for t in types):
            return (
                f"expected {' or '.join(str(t) for t in types)}, got {json_type(instance)} {_short(instance)}",
                f"write {_a(str(types[0]))}",
            )
    if keyword == "required" and isinstance(instance, dict):  # reached through anyOf (top level: _convert)
        missing = [name for name in value if name not in instance]
        return f"missing required key {missing[0]!r}", f"add {', '.join(repr(m) for m in missing)}"
    if keyword == "additionalProperties" and isinstance(instance, dict):
        keys = sorted(schema.get("properties", {}))
        extra = [key for key in instance if key not in keys]
        return f"unexpected key {extra[0]!r}", f"allowed keys here: {', '.join(keys)}"
    if keyword == "minProperties":
        return "is empty", f"write at least {value} key{'s' if value != 1 else ''} here"
    if keyword == "uniqueItems":
        return "lists an item more than once", "remove the repeated item"
    if keyword == "not" and isinstance(value, Mapping) and value.get("pattern") == "\\n":
        return (  # the newline exclusion beside an anchored pattern (docs/rules-vocabulary.md)
            f"{_short(instance)} contains a line break",
            "write it on one line; in YAML, a block scalar (| or >) ends with a line break unless written |- or >-",
        )
    message = (
        error.message if len(error.message) < _MAX_MESSAGE else error.message[: _MAX_MESSAGE - 3] + "..."
    )
    return message, "see the schema at this pointer"
