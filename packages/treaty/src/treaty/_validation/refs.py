"""References between schema files: shared definitions and pinned families, written as ``$id`` references.

Pydantic writes every schema self-contained: each model a kind uses is copied under its ``$defs``. Export
then *externalises*: a definition the family shares in its ``definitions`` file, or one that a pinned family
defines, is removed and referred to by ``$id`` (``urn:treaty:acme:1.0.0:definitions#/$defs/ModelMeta``), so
it is defined once and a consumer resolves it through the registry of installed schemas.

`bundle` is the inverse, for tools that read one schema at a time (the classifier): it copies every
externally referenced definition back under ``$defs``, so the bundle of an exported schema equals what
pydantic generated.
"""

from collections.abc import Callable, Mapping
from typing import Any, Final

from treaty.exceptions import UsageError

DEFINITIONS: Final = "definitions"
"""The name of a family version's shared-definitions schema (``definitions.schema.json``); never a kind."""

_LOCAL: Final = "#/$defs/"

Shared = Mapping[str, tuple[str, Any]]
"""Definitions kept elsewhere: name -> (``$id`` of the schema that defines it, the definition)."""

Resolver = Callable[[str], Mapping[str, Any]]
"""Returns the schema document with a given ``$id``."""


def _rewrite(node: Any, ref: Callable[[str], str]) -> Any:
    if isinstance(node, dict):
        return {
            key: ref(value) if key == "$ref" and isinstance(value, str) else _rewrite(value, ref)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite(item, ref) for item in node]
    return node


def externalise(schema: Mapping[str, Any], shared: Shared) -> tuple[dict[str, Any], list[str]]:
    """Replace the definitions that ``shared`` keeps elsewhere by references to them.

    Returns the new schema and the names of local definitions that share a name with a kept one but differ
    from it (the caller decides whether that is an error).
    """
    defs = dict(schema.get("$defs", {}))
    moved = {name for name in defs if name in shared and shared[name][1] == defs[name]}
    clashes = sorted(name for name in defs if name in shared and name not in moved)

    def ref(value: str) -> str:
        name = value.removeprefix(_LOCAL)
        return f"{shared[name][0]}{_LOCAL}{name}" if value.startswith(_LOCAL) and name in moved else value

    out: dict[str, Any] = _rewrite({k: v for k, v in schema.items() if k != "$defs"}, ref)
    kept = {name: _rewrite(body, ref) for name, body in defs.items() if name not in moved}
    if kept:
        out["$defs"] = kept
    return out, clashes


def bundle(schema: Mapping[str, Any], resolve: Resolver) -> dict[str, Any]:
    """Return ``schema`` with every ``uri#/$defs/Name`` reference copied back under its own ``$defs``."""
    defs: dict[str, Any] = {}
    local = dict(schema.get("$defs", {}))

    def imported(base: str, name: str) -> str:
        if name not in defs:
            document = resolve(base)
            body = document.get("$defs", {}).get(name)
            if body is None:
                raise UsageError(
                    f"{base} has no definition {name!r}",
                    hint="the schema refers to a definition its pinned dependency does not define",
                )
            if name in local and local[name] != body:
                raise UsageError(
                    f"the definition {name!r} of {base} clashes with a local definition of that name",
                    hint="a family's own definitions must not reuse names of the definitions it refers to",
                )
            defs[name] = None  # placeholder: a recursive definition refers to itself while being copied
            defs[name] = _rewrite(body, lambda value: ref(value, base))
        return f"{_LOCAL}{name}"

    def ref(value: str, base: str) -> str:
        uri, hash_, fragment = value.partition("#")
        if not uri:  # a local reference: local to the document it was written in
            if base and fragment.startswith("/$defs/"):
                return imported(base, fragment.removeprefix("/$defs/"))
            return value
        if not hash_ or not fragment.startswith("/$defs/"):
            raise UsageError(
                f"cannot follow the reference {value!r}",
                hint="a contract schema refers to other schemas' definitions as <$id>#/$defs/<Name>",
            )
        return imported(uri, fragment.removeprefix("/$defs/"))

    out: dict[str, Any] = _rewrite(
        {k: v for k, v in schema.items() if k != "$defs"}, lambda value: ref(value, "")
    )
    own = {name: _rewrite(body, lambda value: ref(value, "")) for name, body in local.items()}
    merged = {**own, **{name: body for name, body in defs.items() if name not in own}}
    if merged:
        out["$defs"] = merged
    return out
