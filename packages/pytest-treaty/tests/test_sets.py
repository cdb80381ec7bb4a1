"""Cross-document sets as items: a valid set accepted whole, an invalid one rejected for each stated rule.

The reference adapter here is Treaty itself: it validates the set's documents together and raises with every
error as ``[rule] at file:pointer``, as a store that resolves Refs would.
"""

import pytest
from pytest_treaty import FixtureSet, iter_sets

ADOPTED = max({s.version for s in iter_sets("cwom")}, key=lambda v: tuple(map(int, v.split("."))))
RUN = ("-p", "no:cacheprovider", "-rfsxX", "-m", "treaty", "-k", "sets")
SETS = list(iter_sets("cwom", ADOPTED))

ADAPTERS = """
import tempfile
from pathlib import Path

from treaty import Catalog, Runner, Selector, Severity

RUNNER = Runner(Selector(Catalog.installed()))


def treaty_itself(documents):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in documents.items():
            path = Path(folder, name)
            path.write_text(__import__("json").dumps(data), encoding="utf-8")  # JSON is YAML: any name reads
            paths.append(str(path))
        report = RUNNER.run(paths)
    errors = [
        f"[{f.rule}] at {Path(f.file).name}:{f.pointer}"
        for result in report.results
        for f in result.findings
        if f.severity is Severity.ERROR
    ]
    if errors:
        raise ValueError("; ".join(errors))
    return documents


def rules_only(documents):
    try:
        treaty_itself(documents)
    except ValueError as error:
        raise ValueError(" ".join(sorted({part.split("]")[0] + "]" for part in str(error).split("; ")}))) from None


def accept_all(documents):
    return documents


def refuse_all(documents):
    raise LookupError("not stored")
"""


def _project(pytester: pytest.Pytester, adapter: str | None, *, check_field: bool = False) -> None:
    pytester.makepyfile(adapters=ADAPTERS)
    table = 'families = ["cwom"]\n' + ("check-field = true\n" if check_field else "")
    if adapter is not None:
        table += f'[tool.pytest-treaty.adapters]\n"cwom/sets" = "adapters:{adapter}"\n'
    pytester.makepyprojecttoml(
        f'[tool.pytest.ini_options]\npythonpath = ["."]\n\n[tool.pytest-treaty]\n{table}'
    )


def _output(result: pytest.RunResult) -> str:
    return result.stdout.str() + result.stderr.str()


def _invalid() -> list[FixtureSet]:
    return [s for s in SETS if not s.valid]


def test_every_set_agrees_with_treaty_and_each_is_one_item() -> None:
    assert len(_invalid()) > 1
    assert len(SETS) > len(_invalid())  # both verdicts are there
    first = SETS[0]
    assert first.id == f"cwom/{ADOPTED}/sets/{first.name}"
    assert all(name.endswith((".yaml", ".json")) for name in first.documents)
    assert any(len(s.errors) > 1 for s in _invalid())  # a set may state several errors, in several files


def test_an_adapter_that_reports_each_rule_at_its_file_and_field_passes_every_set(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester, "treaty_itself", check_field=True)
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=len(SETS), deselected=7)  # the seven kinds without an adapter
    assert f"collected {len(SETS) + 7} items" in _output(result)


def test_naming_the_rule_without_the_file_fails_only_under_check_field(pytester: pytest.Pytester) -> None:
    _project(pytester, "rules_only")
    pytester.runpytest(*RUN).assert_outcomes(passed=len(SETS), deselected=7)
    _project(pytester, "rules_only", check_field=True)
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=len(SETS) - len(_invalid()), failed=len(_invalid()), deselected=7)
    assert "without reporting [cwom/" in _output(result)
    assert "with the file name and the field (check-field is on)" in _output(result)


def test_an_adapter_accepting_everything_fails_each_invalid_set_with_its_stated_errors(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester, "accept_all")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=len(SETS) - len(_invalid()), failed=len(_invalid()), deselected=7)
    output = _output(result)
    missing = next(s for s in _invalid() if s.path.name == "run-issue-missing")
    assert (
        f"FAILED {missing.id} - invalid set accepted by adapters:accept_all;"
        " the contract rejects it with [cwom/ref-unresolved] at run.yaml:/for_issue"
    ) in output
    assert f"  set: {missing.description}" in output
    assert "Traceback" not in output
    assert "pytest_treaty" not in output


def test_a_rejection_that_names_no_rule_fails_invalid_sets_and_valid_ones(pytester: pytest.Pytester) -> None:
    _project(pytester, "refuse_all")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(failed=len(SETS), deselected=7)
    output = _output(result)
    duplicate = next(s for s in _invalid() if s.path.name == "duplicate-issue-id")
    assert (
        f"FAILED {duplicate.id} - invalid set rejected by adapters:refuse_all without reporting"
        " [cwom/ref-ambiguous] at artifact.yaml:/for_issue"
    ) in output
    assert "LookupError: not stored" in output
    assert "valid set rejected by adapters:refuse_all: LookupError: not stored" in output


def test_without_a_set_adapter_the_sets_are_one_skipped_item(pytester: pytest.Pytester) -> None:
    _project(pytester, None)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rs", "-m", "treaty")
    result.assert_outcomes(skipped=8)  # the seven kinds and the sets
    assert 'no adapter for cwom/sets: add "cwom/sets" = "module:callable"' in _output(result)


def test_sets_is_an_adapter_key_only_for_a_family_with_sets(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(adapters=ADAPTERS)
    pytester.makepyprojecttoml(
        '[tool.pytest-treaty]\nfamilies = ["dome"]\n'
        '[tool.pytest-treaty.adapters]\n"dome/sets" = "adapters:accept_all"\n'
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "adapters.'dome/sets': dome has no kind 'sets'" in _output(result)
