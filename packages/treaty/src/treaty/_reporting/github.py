"""GitHub Actions workflow commands: one annotation per problem, then the run's summary line."""

from typing import Final

from treaty._reporting.outcome import Outcome, Problem

COMMANDS: Final = {"error": "error", "warning": "warning", "note": "notice"}
"""The workflow command of each level."""


def render(outcome: Outcome) -> str:
    """Return one annotation per problem, then the summary line.

    ``::error file=F,line=L,col=C,title=treaty [rule]::at WHERE: message`` (``::warning``, ``::notice``
    by level); the hint follows the message on a line of its own. Properties that are unknown (no file,
    no position) are left out. Values are escaped as the runner requires, so no document content can end
    the command early or start a command of its own.
    """
    lines = [annotation(problem) for problem in outcome.problems()]
    if outcome.summary:
        lines.append(outcome.summary)
    return "".join(f"{line}\n" for line in lines)


def annotation(problem: Problem) -> str:
    """Return the workflow command of one problem."""
    properties = [f"file={_escape_property(problem.file)}"] if problem.file else []
    if problem.line:
        properties.append(f"line={problem.line}")
        if problem.column:
            properties.append(f"col={problem.column}")
    properties.append(f"title={_escape_property(f'treaty [{problem.rule}]')}")
    at = f"at {problem.where}: " if problem.where else ""
    body = f"{at}{problem.message}" + (f"\nhint: {problem.hint}" if problem.hint else "")
    return f"::{COMMANDS[problem.level]} {','.join(properties)}::{_escape_data(body)}"


def _escape_data(value: str) -> str:
    # The runner's own escaping (actions/toolkit, command.ts): % first, so the escapes are not re-escaped.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
