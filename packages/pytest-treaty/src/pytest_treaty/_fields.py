"""Whether an adapter's exception names the fields an invalid fixture states (``check-field = true``).

A fixture states each error as a JSON pointer and a rule. An exception names the field at pointer ``P`` when

- it is a pydantic ``ValidationError`` with an error located at ``P`` or below it (a more precise location
  is fine), or located at an object above ``P`` (an object's own validator) whose message names the key of
  ``P`` (its last member name, as a whole word);
- it is any other exception whose text contains ``P`` or names that key as a whole word.

The exception's explicit causes (``raise ... from error``) and the members of an exception group count too.
The document itself (``P`` is ``""``, as for a missing required key) is named by any error.

A cross-document set states each error as a file, a pointer and a rule. An exception reports it when one of
its reports names the rule id (``cwom/ref-unresolved``) as a whole; with ``check-field``, that same report
also names the file and the field at the pointer, as above.
"""

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from pydantic import ValidationError

_SHOWN: Final = 160
"""How many characters of one reported message a failure shows."""


@dataclass(frozen=True)
class Report:
    """One error an exception reports: where (a JSON pointer, None when unknown) and its message."""

    pointer: str | None
    message: str
    kind: str
    """The exception's type name."""

    def describe(self) -> str:
        """Return the report as ``Type at /pointer: message``, shortened."""
        where = f" at {self.pointer or '/'}" if self.pointer is not None else ""
        message = " ".join(self.message.split())
        if len(message) > _SHOWN:
            message = message[: _SHOWN - 3] + "..."
        return f"{self.kind}{where}: {message}"


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _chain(error: BaseException) -> Iterator[BaseException]:
    """Yield the exception, its explicit causes and the members of exception groups, each once."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        if current.__cause__ is not None:
            pending.append(current.__cause__)


def reports(error: BaseException) -> list[Report]:
    """Return every error the exception (with its causes) reports."""
    found: list[Report] = []
    validation_error = _pydantic_validation_error()
    for current in _chain(error):
        kind = type(current).__name__
        if validation_error is not None and isinstance(current, validation_error):
            found.extend(
                Report("".join(f"/{_escape(part)}" for part in item["loc"]), item["msg"], kind)
                for item in current.errors(include_url=False)
            )
        elif not isinstance(current, BaseExceptionGroup):
            found.append(Report(None, str(current), kind))
    return found


def _pydantic_validation_error() -> "type[ValidationError] | None":
    """Return pydantic's ValidationError if pydantic is loaded: an adapter that never imported it raised none."""
    pydantic = sys.modules.get("pydantic")
    return None if pydantic is None else pydantic.ValidationError


def summary(error: BaseException, limit: int = 3) -> str:
    """Return what an exception reports on one line: ``Type at /pointer: message; ...`` (at most ``limit``)."""
    found = reports(error)
    shown = "; ".join(report.describe() for report in found[:limit]) or type(error).__name__
    return shown + (f"; and {len(found) - limit} more" if len(found) > limit else "")


def _key(pointer: str) -> str | None:
    """Return the last member name of a pointer (array indexes skipped), or None for the document."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]
    names = [part for part in parts if not part.isdigit()]
    return names[-1] if names else None


def _names(message: str, key: str | None) -> bool:
    return key is not None and re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", message) is not None


def _below(pointer: str, ancestor: str) -> bool:
    return pointer == ancestor or pointer.startswith(f"{ancestor}/")


def names_field(found: Iterable[Report], pointer: str) -> bool:
    """Return whether one of the reports names the field at a stated pointer (see the module docstring)."""
    if not pointer:
        return True
    key = _key(pointer)
    for report in found:
        if report.pointer is None:
            if re.search(rf"{re.escape(pointer)}(?![\w~])", report.message) or _names(report.message, key):
                return True
        elif _below(report.pointer, pointer) or (
            _below(pointer, report.pointer) and _names(report.message, key)
        ):
            return True
    return False


def unnamed(error: BaseException, pointers: Iterable[str]) -> list[str]:
    """Return the stated pointers the exception does not name, in order."""
    found = reports(error)
    return [pointer for pointer in sorted(set(pointers)) if not names_field(found, pointer)]


def _names_rule(message: str, rule: str) -> bool:
    return re.search(rf"(?<![\w/-]){re.escape(rule)}(?![\w/-])", message) is not None


def unreported(
    error: BaseException,
    errors: Iterable[tuple[str, str, str]],
    *,
    check_field: bool = False,
) -> list[tuple[str, str, str]]:
    """Return the stated (file, pointer, rule) errors of a set that the exception does not report, in order."""
    found = reports(error)
    return [
        (file, pointer, rule)
        for file, pointer, rule in sorted(set(errors))
        if not any(
            _names_rule(report.message, rule)
            and (not check_field or (_names(report.message, file) and names_field([report], pointer)))
            for report in found
        )
    ]


__all__ = ["Report", "names_field", "reports", "summary", "unnamed", "unreported"]
