import shutil
from pathlib import Path

import pytest
from pytest_treaty import Fixture, iter_fixtures, iter_vectors
from pytest_treaty._sources import version_key
from treaty._validation.policies import models_enforced
from treaty_dome_models import FUNCTIONS, KINDS

ADAPTERS = """
from treaty_dome_models import FUNCTIONS, KINDS

globals().update({kind: model.model_validate for kind, model in KINDS.items()})
globals().update({f"fn_{name}": function for name, function in FUNCTIONS.items()})


def accept_all(document):
    return document


NOT_CALLABLE = 1
"""

RUN = ("-p", "no:cacheprovider", "-rfsxX")
ADOPTED = max({f.version for f in iter_fixtures("dome")}, key=version_key)
"""The dome version the plugin adopts when the table names none: the newest installed (0.x: older lines are not run)."""


def _project(pytester: pytest.Pytester, table: str, *, extra: str = "") -> None:
    pytester.makepyfile(adapters=ADAPTERS)
    pytester.makepyprojecttoml(
        f'[tool.pytest.ini_options]\npythonpath = ["."]\n\n[tool.pytest-treaty]\n{table}\n{extra}'
    )


def _all_adapters() -> str:
    adapters = "\n".join(f'"dome/{kind}" = "adapters:{kind}"' for kind in KINDS)
    functions = "\n".join(f'"dome/{name}" = "adapters:fn_{name}"' for name in FUNCTIONS)
    return f"[tool.pytest-treaty.adapters]\n{adapters}\n[tool.pytest-treaty.functions]\n{functions}\n"


def _output(result: pytest.RunResult) -> str:
    return result.stdout.str() + result.stderr.str()


def test_inert_without_the_table(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\n")
    pytester.makepyfile(test_one="def test_one():\n    pass\n")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(passed=1)
    assert "treaty:" not in _output(result)


def _rules_only(fixture: Fixture) -> bool:
    """An invalid fixture broken only by Treaty rules (ids family/name) the models leave to the toolkit.

    Derived values (``dome/derived-*``: stored keys and decisions that must equal what the contract functions
    compute) are such rules: the models check a document's shape, not what the functions compute from it.
    """
    enforced = models_enforced()
    return bool(fixture.errors) and all("/" in rule and rule not in enforced for _, rule in fixture.errors)


def test_every_dome_kind_and_vector_agrees_with_the_dome_models(pytester: pytest.Pytester) -> None:
    _project(pytester, 'families = ["dome"]', extra=_all_adapters())
    fixtures = list(iter_fixtures("dome", ADOPTED))
    refused = [f for f in fixtures if f.refused is not None]
    assert refused  # some invalid fixtures are refused by the strict loader itself
    assert all(not f.valid for f in refused)
    # the models agree with every other fixture but those broken only by rules they do not hold
    rules_only = [f for f in fixtures if not f.valid and f.refused is None and _rules_only(f)]
    vectors = list(iter_vectors("dome", ADOPTED))
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(
        passed=len(fixtures) - len(refused) - len(rules_only) + len(vectors),
        failed=len(rules_only),
        skipped=len(refused),
    )
    output = _output(result)
    assert f"treaty: dome adopted {ADOPTED}" in output
    assert "refused by Treaty's strict loader, the adapter is not called" in output
    for fixture in rules_only:
        assert f"FAILED {fixture.id} - invalid fixture accepted by adapters:{fixture.kind}; " in output
    assert {f.kind for f in fixtures} == set(KINDS)


def test_ids_are_readable_and_the_marker_selects_them(pytester: pytest.Pytester) -> None:
    _project(pytester, 'families = ["dome"]', extra=_all_adapters())
    pytester.makepyfile(test_own="def test_own():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q")
    lines = result.stdout.lines
    assert f"dome/{ADOPTED}/task_spec/valid/minimal.yaml" in lines
    assert f"dome/{ADOPTED}/task_spec/valid/minimal.json" in lines
    assert f"dome/{ADOPTED}/task_spec/invalid/unknown-key.yaml" in lines or any(
        line.startswith(f"dome/{ADOPTED}/task_spec/invalid/") for line in lines
    )
    assert f"dome/{ADOPTED}/vectors/canonical_json/members-sorted-by-name" in lines
    only_own = pytester.runpytest(*RUN, "-m", "not treaty")
    # every collected line but test_own, a blank line and the count line is a treaty item
    only_own.assert_outcomes(passed=1, deselected=len(lines) - 3)


def test_an_adapter_accepting_everything_fails_each_invalid_fixture_and_missing_ones_are_reported_once(
    pytester: pytest.Pytester,
) -> None:
    _project(
        pytester,
        'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"dome/task_spec" = "adapters:accept_all"',
    )
    task_specs = list(iter_fixtures("dome", ADOPTED, kind="task_spec"))
    invalid = [f for f in task_specs if not f.valid and f.refused is None]
    refused = [f for f in task_specs if f.refused is not None]
    result = pytester.runpytest(*RUN)
    missing = (len(KINDS) - 1) + len(FUNCTIONS)
    result.assert_outcomes(
        passed=len(task_specs) - len(invalid) - len(refused),
        failed=len(invalid),
        skipped=missing + len(refused),
    )
    output = _output(result)
    first = invalid[0]
    assert f"FAILED {first.id} - " in output
    assert "invalid fixture accepted by adapters:accept_all; the contract rejects it with [" in output
    assert output.count("no adapter for dome/capsule:") == 1
    assert '"dome/capsule" = "module:callable" under [tool.pytest-treaty.adapters]' in output
    assert output.count("no function for dome/fingerprint_hash:") == 1
    assert "Traceback" not in output
    assert "pytest_treaty" not in output


REFUSING = """
def refuse_everything(value):
    raise RuntimeError("worded as no interpreter words it")


def answer_everything(value):
    return "an answer"
"""


@pytest.mark.parametrize(
    ("function", "failure"),
    [
        pytest.param("refuse_everything", "refused the input: RuntimeError: worded as", id="refusing"),
        pytest.param(
            "answer_everything",
            "expected a refusal ({reason}), but refusing:answer_everything returned 'an answer'",
            id="answering",
        ),
    ],
)
def test_a_vector_that_states_an_error_holds_for_any_refusal_and_only_for_a_refusal(
    pytester: pytest.Pytester, function: str, failure: str
) -> None:
    functions = f'[tool.pytest-treaty.functions]\n"dome/canonical_json" = "refusing:{function}"'
    _project(pytester, f'families = ["dome"]\n{functions}')
    pytester.makepyfile(refusing=REFUSING)
    vectors = list(iter_vectors("dome", ADOPTED, function="canonical_json"))
    refusals = [v for v in vectors if v.error is not None]
    assert 0 < len(refusals) < len(vectors)
    outcomes = pytester.runpytest(*RUN, "-k", "vectors/canonical_json/")
    passed = len(refusals) if function == "refuse_everything" else 0
    counted = outcomes.parseoutcomes()
    assert (counted.get("passed", 0), counted.get("failed", 0)) == (passed, len(vectors) - passed)
    assert failure.format(reason=refusals[0].error) in _output(outcomes)


def _fake_tree(root: Path) -> None:
    """dome 0.1.0 (task_spec only) and a fake 0.1.1 that adds a valid fixture with a new key."""
    kind_dir = next(iter_fixtures("dome", "0.1.0", "task_spec")).path.parent.parent
    for version in ("0.1.0", "0.1.1"):
        shutil.copytree(kind_dir, root / "dome" / version / "task_spec")
    new = root / "dome" / "0.1.1" / "task_spec"
    minimal = (new / "valid" / "minimal.yaml").read_text(encoding="utf-8").replace('"0.1.0"', '"0.1.1"')
    (new / "valid" / "priority.yaml").write_text(minimal + 'priority: "high"\n', encoding="utf-8")
    with (new / "cases.yaml").open("a", encoding="utf-8") as index:
        index.write(
            '  - file: valid/priority.yaml\n    description: "0.1.1 adds priority"\n    valid: true\n'
        )


def test_fixtures_of_a_newer_version_are_pending_until_adopted(pytester: pytest.Pytester) -> None:
    _fake_tree(pytester.path / "fx")
    adapter = '[tool.pytest-treaty.adapters]\n"dome/task_spec" = "adapters:task_spec"'
    table = 'families = ["dome"]\nfixtures-dir = "fx"\nadopted = {dome = "%s"}'
    count = len(list(iter_fixtures("dome", "0.1.1", fixtures_dir=pytester.path / "fx")))
    valid_old = len(list(iter_fixtures("dome", "0.1.0", valid=True, fixtures_dir=pytester.path / "fx")))
    refused = len([f for f in iter_fixtures("dome", "0.1.1", fixtures_dir=pytester.path / "fx") if f.refused])

    _project(pytester, table % "0.1.0", extra=adapter)
    pending = pytester.runpytest(*RUN)
    assert pending.ret == pytest.ExitCode.OK
    outcomes = pending.parseoutcomes()
    assert outcomes["xfailed"] == 1
    assert outcomes["xpassed"] == count - 1 - refused
    assert (
        "XFAIL dome/0.1.1/task_spec/valid/priority.yaml - pending: not adopted yet (adopted 0.1.0)"
        in _output(pending)
    )
    assert "treaty: dome adopted 0.1.0; also 0.1.1 (pending)" in _output(pending)

    _project(pytester, table % "0.1.1", extra=adapter)
    adopted = pytester.runpytest(*RUN)
    adopted.assert_outcomes(passed=count - 1 - refused + valid_old, failed=1, skipped=refused)
    output = _output(adopted)
    assert "FAILED dome/0.1.1/task_spec/valid/priority.yaml - " in output
    assert "valid fixture rejected by adapters:task_spec: ValidationError" in output
    collected = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q").stdout.lines
    assert "dome/0.1.0/task_spec/valid/minimal.yaml" in collected  # the compatibility matrix
    assert not [line for line in collected if line.startswith("dome/0.1.0/task_spec/invalid/")]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('families = ["nosuch"]', "families: no fixtures of family 'nosuch' installed"),
        (
            'families = ["nosuch"]',
            "fix: pip install treaty-nosuch-fixtures, or remove 'nosuch' from families",
        ),
        (
            "families = []",
            'families: must be a non-empty list of family names\n  fix: write families = ["dome"]',
        ),
        ('familes = ["dome"]', "familes: unknown key"),
        ('families = ["dome"]\nadapters = "oops"', "adapters: must be a table of strings"),
        (
            'families = ["dome"]\nadopted = {dome = "9.9.9"}',
            "adopted.dome: 9.9.9 is not an installed fixtures version",
        ),
        (
            'families = ["dome"]\nadopted = {dome = "latest"}',
            "adopted.dome: must be a version MAJOR.MINOR.PATCH",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"dome/task_spec" = "nosuchmodule:parse"',
            "adapters.'dome/task_spec': cannot import 'nosuchmodule' (ModuleNotFoundError",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"dome/task_spec" = "adapters:nothing"',
            "adapters.'dome/task_spec': 'adapters' has no attribute 'nothing'",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"dome/taskspec" = "adapters:task_spec"',
            "adapters.'dome/taskspec': dome has no kind 'taskspec'",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.functions]\n"dome/hash" = "adapters:accept_all"',
            "functions.'dome/hash': dome has no contract function 'hash'",
        ),
        ('families = ["dome"]\nfixtures-dir = "nowhere"', "fixtures-dir: "),
        ('families = ["dome"]\nfixtures-dir = 3', "fixtures-dir: must be a string"),
        (
            'families = ["dome"]\ncheck-field = "yes"',
            "check-field: must be true or false\n  fix: write check-field = true",
        ),
        (
            'families = ["dome"]\nadopted = {xtrl = "0.1.0"}',
            "adopted.xtrl: is not in families\n  fix: add 'xtrl' to families",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"xtrl/reason_codes" = "adapters:accept_all"',
            "adapters.'xtrl/reason_codes': must name a family of families and a kind",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"dome/task_spec" = "adapters"',
            "adapters.'dome/task_spec': 'adapters' is not module:attribute",
        ),
        (
            'families = ["dome"]\n[tool.pytest-treaty.adapters]\n"dome/task_spec" = "adapters:NOT_CALLABLE"',
            "adapters.'dome/task_spec': adapters:NOT_CALLABLE is not callable",
        ),
    ],
)
def test_bad_configuration_is_a_usage_error_naming_the_key(
    pytester: pytest.Pytester, table: str, message: str
) -> None:
    _project(pytester, table)
    result = pytester.runpytest(*RUN)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    output = _output(result)
    assert message in output
    assert "[tool.pytest-treaty]" in output
    assert "Traceback" not in output


def test_the_treaty_fixtures_fixture_reads_the_configured_fixtures(pytester: pytest.Pytester) -> None:
    _fake_tree(pytester.path / "fx")
    _project(pytester, 'families = ["dome"]\nfixtures-dir = "fx"')
    pytester.makepyfile(
        test_reuse="""
        def test_reuse(treaty_fixtures, treaty_vectors):
            names = {f.name for f in treaty_fixtures("dome", version="0.1.1", valid=True)}
            assert "valid/priority.yaml" in names
            assert not list(treaty_fixtures("dome", version="0.1.0", kind="capsule"))
            assert not list(treaty_vectors("dome"))
        """
    )
    result = pytester.runpytest(*RUN, "-m", "not treaty")
    result.assert_outcomes(passed=1, deselected=1)


def test_iter_fixtures_yields_records_filtered_by_version_kind_and_verdict() -> None:
    found = list(iter_fixtures("dome", "0.1.0", "task_spec", valid=False))
    assert found
    assert all(isinstance(f, Fixture) and f.kind == "task_spec" and not f.valid for f in found)
    assert all(f.errors for f in found)
    loaded = [f for f in found if f.refused is None]
    assert all(isinstance(f.data, dict) for f in loaded)
    assert found[0].id == f"dome/0.1.0/task_spec/{found[0].name}"
    vectors = list(iter_vectors("dome", function="canonical_json"))
    assert vectors
    assert {v.function for v in vectors} == {"canonical_json"}
