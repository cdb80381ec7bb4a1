"""The neutral outcome of a command run: suites of cases (a document, a gate, a change) and their problems."""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from treaty._documents.findings import Finding, Severity

DOCS: Final = "https://github.com/treaty-contracts/treaty/blob/main/docs"
"""Where the documentation lives: the help links of a rule point into it."""

Level = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Rule:
    """What a rule id means, for the formats that describe their rules (SARIF)."""

    id: str
    description: str
    help: str = ""
    """How to fix what the rule finds, in general; "" to use the hint of the rule's first problem."""
    help_uri: str = ""


@dataclass(frozen=True)
class Problem:
    """One thing a case found: a finding of a document or a gate, or a classified change."""

    rule: str
    level: Level
    message: str
    hint: str = ""
    file: str = ""
    """The file, relative to the working directory where it is below it; "" when no file holds it."""
    line: int = 0
    column: int = 0
    where: str = ""
    """Where in the file or the contract: a JSON pointer, or a kind and a path pattern (a change)."""
    fingerprint: str = ""
    """A stable identity that survives edits elsewhere in the file (a change's fingerprint), or ""."""
    fails: bool = True
    """Whether it fails its case: a warning does only under ``--strict``, a change only when it breaks."""

    @classmethod
    def of(cls, finding: Finding, *, strict: bool = True, file: str | None = None) -> "Problem":
        """Return the problem of a finding (``file`` overrides its file name: see `relative`)."""
        error = finding.severity is Severity.ERROR
        return cls(
            finding.rule,
            "error" if error else "warning",
            finding.message,
            finding.hint,
            finding.file if file is None else file,
            finding.line,
            finding.column,
            finding.pointer,
            fails=error or strict,
        )


@dataclass(frozen=True)
class Case:
    """One thing checked: a document, a gate, a change; it passed when none of its problems fails it."""

    name: str
    classname: str
    problems: tuple[Problem, ...] = ()

    @property
    def failed(self) -> bool:
        """Return whether a problem fails the case."""
        return any(p.fails for p in self.problems)


@dataclass(frozen=True)
class Suite:
    """The cases of one run, or of one part of it (a comparison of two versions)."""

    name: str
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Outcome:
    """What one command run found, in the order the command reports it."""

    command: str
    """``validate``, ``check`` or ``diff``."""
    suites: tuple[Suite, ...]
    rules: tuple[Rule, ...] = ()
    """The rules the command can describe; a problem's rule missing here is described by its id."""
    summary: str = ""
    """The run's last line for people (the GitHub format prints it after the annotations)."""

    def problems(self) -> Iterable[Problem]:
        """Yield every problem, suite by suite and case by case."""
        for suite in self.suites:
            for case in suite.cases:
                yield from case.problems


def relative(path: Path, cwd: Path | None = None) -> str:
    """Return a path as reports name files: relative to the working directory below it, else absolute."""
    base = cwd or Path.cwd()
    absolute = path if path.is_absolute() else base / path
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.normpath(absolute)).as_posix()
