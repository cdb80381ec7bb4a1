"""The fuzz invariants in the normal suite: saved regression inputs, every seed, and a short seeded run.

`nox -s fuzz` explores; these tests keep what it established. They are deterministic: the seeded mutation
run draws the same inputs every time.
"""

import random
from pathlib import Path

import pytest
from treaty._documents.document import DocumentLoadError
from treaty._documents.loader import load_bytes

from .conftest import ROOT
from .fuzz import run
from .fuzz.targets import Targets, check_loader, seeds

REGRESSIONS = sorted((ROOT / "tests" / "fuzz_regressions").glob("*.input"))
MUTANTS = 300
"""Inputs of the seeded mutation run: about a second."""


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Targets:
    return Targets(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture
def outside_any_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the command line where no ``[tool.treaty]`` applies, with any result cache kept in tmp."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.usefixtures("outside_any_project")
@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.stem for p in REGRESSIONS])
def test_regression_input(targets: Targets, path: Path) -> None:
    targets.check(path.read_bytes(), cli=True)


def test_every_seed_keeps_the_loader_invariants() -> None:
    found = list(seeds())
    assert len(found) > 1000, "the fixtures and the hostile corpus seed the fuzzer"
    for _name, data in found:
        check_loader(data[2:], json_file=data[0] & 1 == 1)


@pytest.mark.usefixtures("outside_any_project")
def test_a_seeded_mutation_run_keeps_every_invariant(targets: Targets) -> None:
    pool = [data for _name, data in seeds()]
    rng = random.Random(20260101)  # noqa: S311  # reproducible inputs, not secrets
    for number in range(MUTANTS):
        targets.check(run.mutate(rng, pool), cli=number % 25 == 0)


def test_a_syntax_error_at_the_end_of_a_file_without_a_final_newline_is_on_its_last_line() -> None:
    with pytest.raises(DocumentLoadError) as raised:
        load_bytes(b"a: b\nc", "x.yaml")
    (finding,) = raised.value.findings
    assert finding.rule == "yaml-syntax"
    assert (finding.line, finding.column) == (2, 1)  # the bare key, where the problem starts


def test_a_node_at_the_end_of_a_file_without_a_final_newline_is_on_its_last_line() -> None:
    """Found by the fuzzer: `---` read as JSON; libyaml places the empty node it ends on past the last line."""
    with pytest.raises(DocumentLoadError) as raised:
        load_bytes(b"---", "x.json", json=True)
    assert [(f.rule, f.line, f.column) for f in raised.value.findings] == [("json-syntax", 1, 1)]
