"""Errors raised by Treaty, as typed data with a hint for the fix.

Problems found *in documents* are not exceptions: they are `treaty.Finding` records in a report. The
exceptions here are for problems that stop a command: bad usage, a broken environment, a missing or
tampered schema distribution.
"""

from dataclasses import dataclass
from typing import Any, TypeVar, dataclass_transform

_EXCEPTION_STATE = frozenset(
    {"__traceback__", "__cause__", "__context__", "__suppress_context__", "__notes__"}
)
"""What Python itself sets on an exception on its way up (``contextlib`` does it with plain assignment)."""

_E = TypeVar("_E", bound=type[Exception])


@dataclass_transform(frozen_default=True)
def _error(cls: _E) -> _E:
    """Make an exception class a frozen dataclass whose traceback and chaining Python can still record.

    A plain frozen dataclass refuses ``__traceback__`` too, so an error raised inside a generator-based
    ``with`` block became ``FrozenInstanceError`` instead of itself.
    """
    dataclass(frozen=True)(cls)  # frozen, without slots: the class itself is changed and returned
    refuse = cls.__setattr__

    def __setattr__(self: Any, name: str, value: Any) -> None:  # noqa: N807  # the method it replaces
        if name in _EXCEPTION_STATE:
            BaseException.__setattr__(self, name, value)
        else:
            refuse(self, name, value)

    cls.__setattr__ = __setattr__  # type: ignore[method-assign]
    return cls


@_error
class TreatyError(Exception):
    """Base of every error Treaty raises: what happened, and what to do about it."""

    message: str
    hint: str = ""

    def __str__(self) -> str:
        """Return the message, then the hint on its own line."""
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


@_error
class UsageError(TreatyError):
    """The command was called with arguments that cannot work (exit code 2)."""


@_error
class ConfigError(TreatyError):
    """The ``[tool.treaty]`` configuration is missing or invalid (exit code 2)."""

    path: str = ""


@_error
class RegistryError(TreatyError):
    """A schema could not be found or trusted in the installed distributions (exit code 2)."""

    family: str = ""
    version: str = ""
    distribution: str = ""


@_error
class ExportError(TreatyError):
    """A family's models could not be exported, or the export would change a released version."""

    family: str = ""
    version: str = ""
