"""The CI commands of the ``treaty`` command line: ``ci github``, what the Treaty GitHub Action runs.

It composes two commands and formats nothing itself: ``treaty validate --format github`` for the
annotations, then ``treaty diff --against BASE --format markdown`` for the job summary. Keeping the logic
here rather than in the action's YAML lets it run (and be tested) anywhere the toolkit is installed.
"""

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from treaty._cli.exit import EXIT_OK, EXIT_USAGE
from treaty._documents.atomic import write_atomic
from treaty._validation.select import find_config

SUMMARY_ENVIRONMENT: Final = "GITHUB_STEP_SUMMARY"
"""The file GitHub Actions shows as the job summary (Markdown); each step appends to it."""
BASE_ENVIRONMENT: Final = "GITHUB_BASE_REF"
"""The pull request's base branch, set by GitHub Actions on pull_request events only."""
REMOTE: Final = "origin"
"""Where actions/checkout puts the branches it fetches: a base branch ``main`` is ``origin/main``."""
FETCH_HINT: Final = "fetch the base branch: actions/checkout with `fetch-depth: 0`"


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the CI commands to the ``treaty`` parser."""
    ci = commands.add_parser("ci", help="what a CI service runs: `treaty ci github` for GitHub Actions")
    services = ci.add_subparsers(title="ci commands", required=True, metavar="SERVICE")
    github = services.add_parser(
        "github",
        help="validate with annotations, and write the schema diff against the base branch as the job summary",
        description=(
            "Runs `treaty validate --format github` (annotations on standard output), then, when a base ref "
            "is known and this is a contract repository, `treaty diff --against BASE --format markdown`; "
            f"both go to the job summary (${SUMMARY_ENVIRONMENT}). The exit code is validate's, or 2 when "
            "the diff could not be made; an incompatible diff is reported, not failed (the bump gate of "
            "`treaty check` decides that)."
        ),
    )
    github.add_argument("paths", nargs="*", metavar="PATH", help="what `treaty validate` validates")
    github.add_argument(
        "--configured", action="store_true", help="validate what [tool.treaty.paths] maps (as validate does)"
    )
    github.add_argument("--strict", action="store_true", help="warnings fail the run too")
    github.add_argument(
        "--base-ref",
        metavar="REF",
        help=f"compare the schemas with this git ref (default: {REMOTE}/${BASE_ENVIRONMENT}, when set)",
    )
    github.add_argument(
        "--family", action="append", help="compare only this family (repeatable; default: every one)"
    )
    github.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help=f"append the Markdown summary to FILE (default: ${SUMMARY_ENVIRONMENT}; none when unset)",
    )
    github.set_defaults(handler=_github)


def _github(args: argparse.Namespace) -> int:
    validate = ["validate", "--format", "github", *args.paths]
    validate += [flag for flag, on in (("--configured", args.configured), ("--strict", args.strict)) if on]
    code, out, err = _run(validate)
    sys.stdout.write(out)  # the annotations: GitHub reads them from the log
    sys.stderr.write(err)
    last = out.rstrip("\n").rpartition("\n")[2]
    verdict = last if code != EXIT_USAGE else _first_line(err)
    sections = [f"### treaty validate\n\n`treaty {' '.join(validate)}`: {verdict} (exit {code})\n"]

    branch = os.environ.get(BASE_ENVIRONMENT)
    base = args.base_ref or (f"{REMOTE}/{branch}" if branch else None)
    if base is not None:
        section, diff_code = _diff_section(base, args.family or [])
        sections.append(section)
        if diff_code == EXIT_USAGE:
            code = max(code, EXIT_USAGE)

    named = os.environ.get(SUMMARY_ENVIRONMENT)
    summary: Path | None = args.summary or (Path(named) if named else None)
    if summary is not None:
        before = summary.read_text(encoding="utf-8") if summary.is_file() else ""
        write_atomic(summary, before + ("\n" if before else "") + "\n".join(sections))
    return code


def _diff_section(base: str, families: Sequence[str]) -> tuple[str, int]:
    """Return the job summary's diff section and the diff's exit code (0 when no diff applies)."""
    title = f"### Schema changes against `{base}`\n\n"
    found = find_config(Path.cwd())
    if found is None or "schemas-dir" not in found[1]:
        return title + "No diff: not a contract repository (no `schemas-dir` in `[tool.treaty]`).\n", EXIT_OK
    command = ["diff", "--against", base, "--format", "markdown"]
    command += [option for family in families for option in ("--family", family)]
    code, out, err = _run(command)
    if code == EXIT_USAGE:
        sys.stderr.write(err + f"  hint: {FETCH_HINT}, if the ref is a branch that was not fetched\n")
        return title + f"No diff: {_first_line(err)} (exit {code}; {FETCH_HINT})\n", code
    return title + (out or "No family to compare.\n"), code


def _run(argv: list[str]) -> tuple[int, str, str]:
    """Run a ``treaty`` command in this process; return its exit code, standard output and standard error."""
    from treaty._cli import main  # noqa: PLC0415  # the package imports this module while building its parser

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _first_line(text: str) -> str:
    return text.strip().partition("\n")[0].removeprefix("error: ") or "failed"
