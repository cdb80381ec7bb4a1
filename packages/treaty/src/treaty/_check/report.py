"""The outcome of `treaty check` for the CI formats: a case per gate, the gate's findings as its problems."""

from collections.abc import Mapping, Sequence
from pathlib import Path

from treaty._check.gates import Gate
from treaty._documents.findings import Finding
from treaty._reporting.outcome import DOCS, Case, Outcome, Problem, Rule, Suite, relative


def outcome(gates: Sequence[Gate], found: Mapping[str, Sequence[Finding]], root: Path) -> Outcome:
    """Return the gates' results; file names, relative to the workspace ``root``, become relative to the run's."""
    cases = tuple(
        Case(
            gate.id,
            "treaty.check",
            tuple(Problem.of(f, file=relative(root / f.file) if f.file else "") for f in found[gate.id]),
        )
        for gate in gates
    )
    rules = {gate.id: gate for gate in gates}
    # A gate may report under sub-ids (``fixtures/verdict``): each is described by its gate's question.
    for findings in found.values():
        for f in findings:
            gate = rules.get(f.rule.partition("/")[0])
            if gate is not None:
                rules.setdefault(f.rule, gate)
    described = tuple(
        Rule(rule_id, gate.question, help_uri=f"{DOCS}/cli.md#treaty-check")
        for rule_id, gate in rules.items()
    )
    return Outcome("check", (Suite("treaty check", cases),), described, summary(gates, found))


def summary(gates: Sequence[Gate], found: Mapping[str, Sequence[Finding]]) -> str:
    """Return the run's last line: how many gates passed, and which failed."""
    failed = [gate.id for gate in gates if found[gate.id]]
    listed = f"; failed: {', '.join(failed)}" if failed else ""
    return f"{len(gates) - len(failed)}/{len(gates)} gates passed{listed}"
