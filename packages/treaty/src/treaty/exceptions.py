"""Errors raised by Treaty, as typed data with a hint for the fix.

Problems found *in documents* are not exceptions: they are `treaty.Finding` records in a report. The
exceptions here are for problems that stop a command: bad usage, a broken environment, a missing or
tampered schema distribution.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TreatyError(Exception):
    """Base of every error Treaty raises: what happened, and what to do about it."""

    message: str
    hint: str = ""

    def __str__(self) -> str:
        """Return the message, then the hint on its own line."""
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class UsageError(TreatyError):
    """The command was called with arguments that cannot work (exit code 2)."""


@dataclass(frozen=True)
class ConfigError(TreatyError):
    """The ``[tool.treaty]`` configuration is missing or invalid (exit code 2)."""

    path: str = ""


@dataclass(frozen=True)
class RegistryError(TreatyError):
    """A schema could not be found or trusted in the installed distributions (exit code 2)."""

    family: str = ""
    version: str = ""
    distribution: str = ""


@dataclass(frozen=True)
class ExportError(TreatyError):
    """A family's models could not be exported, or the export would change a released version."""

    family: str = ""
    version: str = ""
