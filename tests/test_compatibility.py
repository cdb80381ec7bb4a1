"""The compatibility matrix: every fixture of a version keeps its verdict under every later version of the
same major (DESIGN §8). Valid documents stay valid; invalid ones stay invalid for every reason they state.

While the major is 0 a minor bump may break (SemVer's initial development), so there the promise holds
within one minor only.
"""

import pytest
from treaty._documents.findings import Severity
from treaty._fixtures.cases import FixtureCase, load_cases
from treaty._validation.catalog import Catalog, version_key
from treaty._validation.run import Runner
from treaty._validation.select import SchemaRef, Selector
from treaty._validation.validator import Validator

from .conftest import ROOT

CATALOG = Catalog.from_directory(ROOT / "schemas")
RUNNER = Runner(Selector(CATALOG), Validator(CATALOG))
CASES, _ = load_cases(ROOT / "fixtures", ROOT)


def _line(version: str) -> tuple[int, ...]:
    """Return what a version shares with every later version that must read its documents."""
    major, minor, _ = version_key(version)
    return (major, minor) if major == 0 else (major,)


def _pairs() -> list[tuple[FixtureCase, str]]:
    pairs = []
    for case in CASES:
        pairs += [
            (case, later)
            for later in CATALOG.versions(case.family)
            if _line(later) == _line(case.version)
            and version_key(later) > version_key(case.version)
            and case.kind in CATALOG.release(case.family, later).kinds
        ]
    return pairs


PAIRS = _pairs()


def test_the_matrix_is_not_empty() -> None:
    assert any(later == "1.1.0" for case, later in PAIRS if case.family == "change_control")


@pytest.mark.parametrize(("case", "later"), PAIRS, ids=[f"{c.name}@{v}" for c, v in PAIRS])
def test_fixture_keeps_its_verdict_under_a_later_version(case: FixtureCase, later: str) -> None:
    found = RUNNER.validate_file(case.path, SchemaRef(case.family, case.kind, later)).findings
    errors = {(f.pointer, f.rule) for f in found if f.severity is Severity.ERROR}
    expected = {(pointer, rule) for pointer, rule, severity in case.expected if severity is Severity.ERROR}
    # Valid stays valid; invalid stays invalid for every reason it states. A later version may name more
    # (a rule moved into the schema is reported beside the schema's own errors, a final newline also fails
    # the newline exclusion): that changes no verdict.
    holds = errors >= expected if expected else not errors
    assert holds, f"{case.name} under {later}: expected {sorted(expected)}, got {sorted(errors)}"
