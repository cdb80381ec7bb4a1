"""The end-to-end pass of `treaty check --end-to-end`: templates and fixture folders as `treaty validate` sees them.

The fixtures and templates gates validate with the strict path alone. This pass validates the same files the
way an integrator's `treaty validate` does (`Runner.for_validate`: path rules, the fast path that vouches for
most documents, then the strict path; a set's documents together) and holds each fixture to its index with
the gate's own comparison, so the two paths cannot disagree unnoticed. Its rows end the run as one table.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from treaty._authoring.workspace import Workspace
from treaty._check.gates import Gate, outside
from treaty._documents.files import expand, is_document_name
from treaty._documents.findings import Finding
from treaty._fixtures.cases import (
    FixtureCase,
    SetCase,
    indexes,
    load_index,
    load_set_index,
    set_indexes,
    set_verdict_problems,
    verdict_problems,
)
from treaty._validation.catalog import Catalog
from treaty._validation.report import plural, text
from treaty._validation.run import Runner
from treaty._validation.select import SchemaRef, find_config, path_rules
from treaty._validation.vocabulary import Functions

GATES: Final = "gates"
TEMPLATES: Final = "templates"
FIXTURES: Final = "fixtures"


@dataclass(frozen=True)
class Row:
    """One line of the table: what was checked, its result in words, and why it failed."""

    group: str
    """`GATES`, `TEMPLATES` or `FIXTURES`: what the verdict line counts it as."""
    subject: str
    result: str
    about: str
    """What checked it: a gate's question, or the `treaty validate` command the row stands for."""
    problems: tuple[Finding, ...] = ()
    """Why it failed, each with its location and a fix."""
    transcript: str = ""
    """Every finding of its documents, as `treaty validate --verbose` prints them (for ``--verbose``)."""

    @property
    def passed(self) -> bool:
        """Return whether nothing is wrong with it."""
        return not self.problems


def gate_row(gate: Gate, found: list[Finding]) -> Row:
    """Return the row of a gate that ran, with what it found."""
    result = "no findings" if not found else f"{plural(len(found), 'finding')}, listed above"
    return Row(GATES, f"gate {gate.id}", result, gate.question, tuple(found))


def end_to_end(
    workspace: Workspace,
    catalog: Catalog,
    functions: Mapping[str, Functions],
    skipped: Collection[str] = (),
) -> list[Row]:
    """Validate the templates, each kind's fixtures and each version's sets as `treaty validate --derived` does.

    ``functions`` are the models' contract functions by family: stored derived values are recomputed, as the
    fixtures gate does, so an invalid fixture that only a derived value breaks is rejected here too. The
    fixtures below ``skipped`` (folders relative to the root) are left out, as the fixtures gate leaves them.
    """
    # No result cache: the job must validate every document, not recall an earlier verdict.
    runner = Runner.for_validate(catalog, *path_rules(find_config(workspace.root)), functions=functions)
    found = [
        [index for index in listed if outside(workspace.relative(index), skipped)]
        for listed in (indexes(workspace.fixtures), set_indexes(workspace.fixtures))
    ]
    fixtures = [_kind_row(workspace, runner, index) for index in found[0]]
    fixtures += [_sets_row(workspace, runner, index) for index in found[1]]
    return _template_rows(workspace, runner) + sorted(fixtures, key=lambda row: row.subject)


def _template_rows(workspace: Workspace, runner: Runner) -> list[Row]:
    """Return a row per template, the folder validated as ``treaty validate --isolated templates``."""
    folder = workspace.templates
    if not folder.is_dir() or not any(p.is_file() and is_document_name(p.name) for p in folder.rglob("*")):
        return []  # the templates gate names every missing template
    command = f"treaty validate --derived --isolated {workspace.relative(folder)}"
    report = runner.run(expand([folder.as_posix()]), isolated=True).relative_to(workspace.root)
    rows = []
    for result in report.results:
        # A filled example must be clean, as the templates gate requires: a warning fails it too.
        problems = tuple(replace(f, message=f"{f.severity} [{f.rule}] {f.message}") for f in result.findings)
        said = (
            f"valid as {result.schema}"
            if not problems
            else f"{plural(len(problems), 'finding')}, listed above"
        )
        rows.append(Row(TEMPLATES, result.file, said, command, problems))
    return rows


def _kind_row(workspace: Workspace, runner: Runner, index: Path) -> Row:
    """Return the row of one kind's fixtures, validated as ``--isolated --schema family/kind@version``."""
    cases, problems = load_index(index, workspace.relative(index))
    index_problems = len(problems)
    kind_dir = index.parent
    ref = SchemaRef(kind_dir.parent.parent.name, kind_dir.name, kind_dir.parent.name)
    command = f"treaty validate --derived --isolated --schema {ref}"
    report = runner.run([c.path.as_posix() for c in cases], ref, isolated=True).relative_to(workspace.root)
    failed: set[FixtureCase | SetCase] = set()
    for case, result in zip(cases, report.results, strict=True):
        wrong = verdict_problems(case, list(result.findings), result.file)
        if wrong:
            failed.add(case)
            problems.extend(wrong)
    subject = workspace.relative(kind_dir)
    transcript = f"{subject}: {command}\n{text(report, verbose=True)}"
    said = _tally(cases, failed, index_problems)
    return Row(FIXTURES, subject, said, command, tuple(problems), transcript)


def _sets_row(workspace: Workspace, runner: Runner, index: Path) -> Row:
    """Return the row of one version's sets, each validated together as ``treaty validate FOLDER`` does."""
    cases, problems = load_set_index(index, workspace.relative(index))
    index_problems = len(problems)
    failed: set[FixtureCase | SetCase] = set()
    transcript = ""
    for case in cases:
        folder = workspace.relative(case.folder)
        report = runner.run(expand([case.folder.as_posix()])).relative_to(workspace.root)
        wrong = set_verdict_problems(case, report.results, folder)
        if wrong:
            failed.add(case)
            problems.extend(wrong)
        transcript += f"{folder}: treaty validate --derived {folder}\n{text(report, verbose=True)}"
    said = _tally(cases, failed, index_problems)
    return Row(
        FIXTURES,
        workspace.relative(index.parent),
        said,
        "treaty validate --derived SET, for each set",
        tuple(problems),
        transcript,
    )


def _tally(
    cases: Sequence[FixtureCase | SetCase], failed: set[FixtureCase | SetCase], index_problems: int
) -> str:
    """Return ``N valid accepted, M invalid rejected for their stated reasons``, with "of" when some were not."""
    said = []
    for valid, what in ((True, "valid accepted"), (False, "invalid rejected for their stated reasons")):
        group = [c for c in cases if c.valid is valid]
        good = sum(1 for c in group if c not in failed)
        said.append(f"{good} {what}" if good == len(group) else f"{good} of {len(group)} {what}")
    return ", ".join(said) + (f"; {plural(index_problems, 'index problem')}" if index_problems else "")


def table(rows: Sequence[Row]) -> list[str]:
    """Return the table: one aligned line per row, ``PASS`` or ``FAIL``, the subject, the result."""
    width = max((len(r.subject) for r in rows), default=0)
    return [f"{'PASS' if r.passed else 'FAIL'}  {r.subject:<{width}}  {r.result}" for r in rows]


def verdict(rows: Sequence[Row]) -> str:
    """Return the verdict line: ``PASS`` or ``FAIL``, then how many rows of each group passed."""
    counted = []
    for group, what in (
        (GATES, "gates passed"),
        (TEMPLATES, "templates valid"),
        (FIXTURES, "fixture folders as stated"),
    ):
        members = [r for r in rows if r.group == group]
        if members:
            counted.append(f"{sum(r.passed for r in members)}/{len(members)} {what}")
    return f"{'PASS' if all(r.passed for r in rows) else 'FAIL'}: {', '.join(counted)}"
