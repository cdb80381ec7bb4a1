"""Values a document holds but Treaty cannot read: validated around, never guessed.

A document with a YAML-level finding (``yes`` for a boolean, an unquoted date, a repeated key...) is invalid
whatever the rest says, but its author wants every other problem in the same run. The loader keeps such a
value as `UNKNOWN` and names its path; validation then reports what does not depend on it. Two stand-ins:

- `UNKNOWN` sits in the loaded data. It is no JSON type, equal only to itself, so the schema's keywords
  fail on it, at its own path: those failures, and every failure that may follow from them, are dropped
  (`independent`).
- `poisoned` data holds a `_Poison` instead, for the rules' code: reading it (comparing, hashing, taking its
  length or text) raises `UnknownValueError`, so a rule that reads an unknown value is not judged, and a
  rule that never reads one is.
"""

from collections.abc import Iterable
from typing import Any, Final, NoReturn

from treaty._documents.document import Path_


class _Unknown:
    """The one unknown value: the loader could not read what the document says here."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Final = _Unknown()


class UnknownValueError(Exception):
    """A rule read a value the loader could not read: its verdict on this document is unknown."""


class _Poison:
    """An unknown value that refuses to be read (`isinstance` still answers: it is no JSON type)."""

    __slots__ = ()

    def _read(self, *_args: object) -> NoReturn:
        raise UnknownValueError

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _read
    __hash__ = __len__ = __iter__ = __contains__ = __getitem__ = _read
    __str__ = __format__ = __bool__ = __int__ = __float__ = __index__ = _read
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _read

    def __getattr__(self, _name: str) -> NoReturn:  # a str or list method: ``value.startswith(...)``
        raise UnknownValueError

    def __repr__(self) -> str:
        return "<unknown>"


_POISON: Final = _Poison()


def unreadable(value: object) -> NoReturn:
    """Refuse to serialise ``value`` (json's ``default``): a poison raises `UnknownValueError`, others TypeError."""
    if isinstance(value, _Poison):
        raise UnknownValueError
    msg = f"Object of type {type(value).__name__} is not JSON serializable"
    raise TypeError(msg)


def poisoned(data: Any, unknown: Iterable[Path_]) -> Any:
    """Return ``data`` with a poison at every unknown path (the containers on the way copied, the rest shared)."""
    paths = sorted(unknown, key=len)
    if () in paths:
        return _POISON
    root = _copy(data)
    for path in paths:
        node = root
        for step in path[:-1]:
            child = _copy(node[step])
            node[step] = child
            node = child
        node[path[-1]] = _POISON
    return root


def _copy(node: Any) -> Any:
    return dict(node) if isinstance(node, dict) else list(node) if isinstance(node, list) else node


_KEY_KEYWORDS: Final = frozenset(
    {"required", "additionalProperties", "minProperties", "maxProperties", "minItems", "maxItems", "type"}
)
"""Keywords whose verdict on a container depends on its keys or size, never on its values."""


def independent(
    pointer_path: Path_, keyword: str, unknown: frozenset[Path_], uncertain_keys: frozenset[Path_]
) -> bool:
    """Return whether a finding at ``pointer_path`` stands whatever the unknown values are.

    A finding at or below an unknown value depends on it. So may one on a container around it, unless its
    keyword looks only at the container's keys or size. A container with a key the loader refused has
    uncertain keys: only ``additionalProperties`` (about the keys it does hold) stands there.
    """
    if (pointer_path in uncertain_keys and keyword != "additionalProperties") or below(pointer_path, unknown):
        return False
    return keyword in _KEY_KEYWORDS or not any(path[: len(pointer_path)] == pointer_path for path in unknown)


def below(path: Path_, unknown: Iterable[Path_]) -> bool:
    """Return whether ``path`` is an unknown value or inside one."""
    return any(path[: len(at)] == at for at in unknown)
