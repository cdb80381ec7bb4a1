"""Every fixture kind of every bundled family, run by the plugin against the family's own models.

The expected outcome of each item is worked out here by calling the same adapter directly: the plugin must
report exactly the fixtures the adapter disagrees with, with the outcome the version's role gives them
(adopted and compatibility: failed; pending: xfailed; refused by the strict loader: skipped).
"""

import importlib
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from pytest_treaty import Fixture, iter_fixtures, iter_sets, iter_vectors
from pytest_treaty._sources import same_line, version_key

MODELS = {
    "change_control": "treaty_change_control_models",
    "cwom": "treaty_cwom_models",
    "xtrl": "treaty_xtrl_models",
    "dome": "treaty_dome_models",
}
RUN = ("-p", "no:cacheprovider", "-rfsxX")
MODELS_ENFORCE = (
    frozenset(  # the coded rules a family's models hold too, as its schemas package declares them
        rule["id"]
        for family in MODELS
        for rule in importlib.import_module(f"treaty_{family}_schemas.rules").RULES
        if rule.get("models_enforce")
    )
)


def _adapters_module(family: str) -> str:
    return f"""
from {MODELS[family]} import KINDS

globals().update({{kind: model.model_validate for kind, model in KINDS.items()}})
globals().update({{f"fn_{{name}}": function for name, function in getattr(__import__("{MODELS[family]}"), "FUNCTIONS", {{}}).items()}})


def reject_without_field(document, _model=KINDS.get("task_spec")):
    try:
        _model.model_validate(document)
    except Exception:
        raise ValueError("not accepted") from None
    return document
"""


def _project(
    pytester: pytest.Pytester, family: str, *, adopted: str | None = None, check_field: bool = False
) -> None:
    module = importlib.import_module(MODELS[family])
    adapters = "\n".join(f'"{family}/{kind}" = "adapters:{kind}"' for kind in module.KINDS)
    functions = "\n".join(
        f'"{family}/{name}" = "adapters:fn_{name}"' for name in getattr(module, "FUNCTIONS", {})
    )
    table = f'families = ["{family}"]\n'
    if adopted:
        table += f'adopted = {{{family} = "{adopted}"}}\n'
    if check_field:
        table += "check-field = true\n"
    pytester.makepyfile(adapters=_adapters_module(family))
    pytester.makepyprojecttoml(
        f'[tool.pytest.ini_options]\npythonpath = ["."]\n\n[tool.pytest-treaty]\n{table}'
        f"[tool.pytest-treaty.adapters]\n{adapters}\n[tool.pytest-treaty.functions]\n{functions}\n"
    )


def _agrees(adapter: Callable[[Any], Any], fixture: Fixture) -> bool:
    try:
        adapter(fixture.data)
    except Exception:  # noqa: BLE001  # any exception is a rejection, as in the plugin
        return not fixture.valid
    return fixture.valid


def _expected(family: str, adopted: str | None = None) -> tuple[Counter[str], list[str]]:
    """Return the outcome counts the plugin must report, and the ids that must fail or xfail."""
    module = importlib.import_module(MODELS[family])
    fixtures = list(iter_fixtures(family))
    newest = max((f.version for f in fixtures), key=version_key)
    adopted = adopted or newest
    outcomes: Counter[str] = Counter()
    disagreeing = []
    for fixture in fixtures:
        pending = version_key(fixture.version) > version_key(adopted)
        if (
            not pending
            and fixture.version != adopted
            and not (same_line(fixture.version, adopted) and fixture.valid)
        ):
            continue  # another line, or an invalid fixture of an older version: not run
        if fixture.refused is not None:
            outcomes["skipped"] += 1
        elif _agrees(module.KINDS[fixture.kind].model_validate, fixture):
            outcomes["xpassed" if pending else "passed"] += 1
        else:
            outcomes["xfailed" if pending else "failed"] += 1
            disagreeing.append(fixture.id)
    functions = getattr(module, "FUNCTIONS", {})
    for vector in iter_vectors(family):
        if version_key(vector.version) <= version_key(adopted) and vector.version != adopted:
            continue
        pending = vector.version != adopted
        outcomes["xpassed" if pending else "passed"] += 1  # the family's own functions made the vectors
        assert vector.function in functions
    if any(iter_sets(family)):
        outcomes["skipped"] += (
            1  # no set adapter here: the sets are one skipped item (tests/test_sets.py runs them)
        )
    return outcomes, disagreeing


def _policy_only(fixture: Fixture) -> bool:
    """An invalid fixture broken only by policy rules the models leave to `treaty validate`."""
    return bool(fixture.errors) and all(
        "/" in rule and rule not in MODELS_ENFORCE for _, rule in fixture.errors
    )


@pytest.mark.parametrize("family", sorted(MODELS))
def test_every_kind_of_the_family_runs_against_its_own_models(pytester: pytest.Pytester, family: str) -> None:
    module = importlib.import_module(MODELS[family])
    _project(pytester, family)
    outcomes, failing = _expected(family)
    fixtures = list(iter_fixtures(family))
    assert {f.kind for f in fixtures} == set(module.KINDS)  # every kind has fixtures, and an adapter here
    # the models disagree with exactly the invalid fixtures broken only by policy rules they do not enforce
    newest = max((f.version for f in fixtures), key=version_key)
    assert sorted(failing) == sorted(f.id for f in fixtures if f.version == newest and _policy_only(f))

    result = pytester.runpytest(*RUN)
    result.assert_outcomes(**outcomes)
    output = result.stdout.str()
    assert f"treaty: {family} adopted {newest}" in output
    assert f"collected {outcomes.total()} items" in output  # the plugin's items are counted as collected
    for fixture_id in failing:
        assert f"FAILED {fixture_id} - invalid fixture accepted by adapters:" in output
    assert "Traceback" not in output
    collected = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q").stdout.lines
    kinds = {part for line in collected if line.startswith(f"{family}/") for part in line.split("/")[2:3]}
    assert kinds >= set(module.KINDS)  # ("cwom/sets", the skipped sets item, has no third part)


def test_an_older_adoption_runs_the_newer_release_as_pending(pytester: pytest.Pytester) -> None:
    """change_control adopted at 1.0.0: every 1.1.0 fixture is pending, and none fails the run."""
    _project(pytester, "change_control", adopted="1.0.0")
    outcomes, _ = _expected("change_control", adopted="1.0.0")
    assert outcomes["xpassed"]
    assert outcomes["xfailed"]  # the 1.1.0 policy rules the models leave to `treaty validate`
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(**outcomes)
    output = result.stdout.str()
    assert "treaty: change_control adopted 1.0.0; also 1.1.0 (pending)" in output
    assert "XFAIL change_control/1.1.0/" in output
    assert "pending: not adopted yet (adopted 1.0.0)" in output


def test_check_field_passes_errors_located_at_the_stated_fields(pytester: pytest.Pytester) -> None:
    """cwom's models locate every error at the field its fixture states: check-field changes no outcome."""
    _project(pytester, "cwom", check_field=True)
    outcomes, _ = _expected("cwom")
    result = pytester.runpytest(*RUN)
    result.assert_outcomes(**outcomes)
    assert "without naming" not in result.stdout.str()


def _dome_task_spec_project(pytester: pytest.Pytester, *, check_field: bool) -> None:
    _project(pytester, "dome", check_field=check_field)
    toml = (pytester.path / "pyproject.toml").read_text(encoding="utf-8")
    keep = [
        line
        for line in toml.splitlines()
        if not line.startswith('"dome/') or line.startswith('"dome/task_spec"')
    ]
    text = "\n".join(keep).replace('"adapters:task_spec"', '"adapters:reject_without_field"')
    (pytester.path / "pyproject.toml").write_text(text + "\n", encoding="utf-8")


def test_check_field_fails_a_rejection_that_names_no_stated_field(pytester: pytest.Pytester) -> None:
    adopted = max({f.version for f in iter_fixtures("dome")}, key=version_key)  # the newest, run alone (0.x)
    fixtures = [f for f in iter_fixtures("dome", adopted, kind="task_spec") if f.refused is None]
    located = [f for f in fixtures if not f.valid and any(pointer for pointer, _ in f.errors)]
    root_only = [f for f in fixtures if not f.valid and not any(pointer for pointer, _ in f.errors)]
    assert located
    assert root_only  # e.g. a missing required key: stated at the document, named by any error
    refused = len(list(iter_fixtures("dome", adopted, kind="task_spec"))) - len(fixtures)

    _dome_task_spec_project(pytester, check_field=False)
    off = pytester.runpytest(*RUN, "-m", "treaty", "-k", "task_spec")
    off.assert_outcomes(passed=len(fixtures), skipped=refused)

    _dome_task_spec_project(pytester, check_field=True)
    on = pytester.runpytest(*RUN, "-m", "treaty", "-k", "task_spec")
    on.assert_outcomes(passed=len(fixtures) - len(located), failed=len(located), skipped=refused)
    output = on.stdout.str()
    assert (
        f"FAILED dome/{adopted}/task_spec/invalid/unknown-key.yaml - invalid fixture rejected by"
        " adapters:reject_without_field without naming /side_effects [additionalProperties];"
        " it reported: ValueError: not accepted"
    ) in output
    assert "check-field is on: report the field in the error" in output
    assert "Traceback" not in output
