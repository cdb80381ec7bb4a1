"""`treaty onex`: ONEX change control's three phases, the bypass and the migration, on a git repository built here.

The repository is examples/onex-service's (`make_repo.build`): a service on ``main`` and a branch for OCC-12
that changes an event. The commands run in-process; the one subprocess per evidence check is the point.
"""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from treaty._cli import main
from treaty._documents.files import glob_match, glob_parts
from treaty._speed.entry_points import entry_points
from treaty_change_control_models import FUNCTIONS
from treaty_change_control_models._glob import compile_glob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "onex-service"))
from make_repo import SURFACE_MAP, build  # noqa: E402  # the example's own builder, not a package

CONTRACT = """\
schema_version: "1.3.0"
ticket_id: "OCC-12"
summary: "orders.created carries placed_at"
is_seam_ticket: true
interface_change: true
interfaces_touched: [{surfaces}]
evidence_requirements:
  - kind: "tests"
    id: "event-tests"
    description: "The event tests pass"
    check:
      command: {command}
      timeout_seconds: {timeout}
emergency_bypass:
  enabled: {bypass}
  justification: "launch hotfix"
  follow_up_ticket_id: "OCC-13"
"""
PASSES = json.dumps([sys.executable, "-c", "print('ok')"])


@pytest.fixture(autouse=True)
def _onex_installed(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Declare the command group as its distribution does, where the environment predates its entry point."""
    if any(e.name == "onex" for e in entry_points("treaty.commands")):
        return
    site = tmp_path_factory.mktemp("site")
    info = site / "treaty_onex_shim-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Name: treaty-onex-shim\nVersion: 0\n")
    (info / "entry_points.txt").write_text("[treaty.commands]\nonex = treaty_change_control_schemas.onex\n")
    monkeypatch.syspath_prepend(str(site))


@pytest.fixture(scope="module")
def origin_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the example repository, built once: tests copy it (git history and all) into their own folder."""
    return build(tmp_path_factory.mktemp("onex") / "service")


@pytest.fixture
def service(origin_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a private copy of the example repository, as the working directory."""
    target = tmp_path / "service"
    subprocess.run(["cp", "-a", str(origin_repo), str(target)], check=True)
    monkeypatch.chdir(target)
    return target


def onex(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["onex", *words])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def contract(
    root: Path, *, surfaces: str = '"events"', command: str = PASSES, timeout: int = 60, bypass: bool = False
) -> None:
    text = CONTRACT.format(surfaces=surfaces, command=command, timeout=timeout, bypass=str(bypass).lower())
    if not surfaces:
        text = text.replace("interface_change: true", "interface_change: false")
    (root / "contracts" / "OCC-12.yaml").write_text(text)


# --- the glob dialect --------------------------------------------------------------------------------------------

GLOBS = [
    "src/**/models/events/**", "**", "**/*.md", "a/**/b", "a/**", "*", "a/*/c", "a?c/*", "[a-c]*/x",
    "[!a]*/**", "x[]]y", "x[!]]y", "[z-a]", "b[", "**/**/c", "./a//b", "a.b", "a+(b)", "[-a]x", "[a-]x", "?",
]  # fmt: skip
PATHS = [
    "a", "a/b", "a/x/b", "a/x/y/b", "b", "c", "abc/d", "a.b", "axb", "a+(b)", "src/models/events/e.py",
    "src/x/models/events/e/f.py", "src/models/events", "x]y", "xay", "b[", "-x", "ax", "doc/README.md",
    "README.md", "a/c/c", "a/bb/c", "z", "a/b/c",
]  # fmt: skip


def test_surface_globs_read_as_the_toolkit_reads_its_globs() -> None:
    """The contract function's glob translation matches exactly what treaty._documents.files matches."""
    differ = [
        (glob, path)
        for glob in GLOBS
        for path in PATHS
        if bool(compile_glob(glob).fullmatch(path))
        != glob_match(glob_parts(PurePosixPath(glob)), PurePosixPath(path).parts)
    ]
    assert not differ


def test_surfaces_of_paths_maps_each_changed_path() -> None:
    surface_map = yaml.safe_load(SURFACE_MAP)
    answer = FUNCTIONS["surfaces_of_paths"](
        {"surface_map": surface_map, "paths": ["src/orders/api.py", "src/a/models/events/x.py", "README.md"]}
    )
    assert answer == [
        {"path": "src/orders/api.py", "surfaces": ["public_api"]},
        {"path": "src/a/models/events/x.py", "surfaces": ["events"]},
    ]


# --- phase 1 -----------------------------------------------------------------------------------------------------


def test_contract_missing_then_written_then_misnamed_then_passing(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = onex(capsys, "contract", "--seam")  # the ticket comes from the branch name
    assert code == 1
    assert "[change_control/contract-missing]: ticket OCC-12 has no contract" in out
    assert "create contracts/OCC-12.yaml" in out

    code, out = onex(capsys, "contract", "--seam", "--write-template")
    assert code == 1
    assert yaml.safe_load((service / "contracts" / "OCC-12.yaml").read_text())["is_seam_ticket"] is True

    code, out = onex(capsys, "contract", "--seam")
    assert (code, out.splitlines()[-1]) == (0, "onex: passed (0 errors, 0 warnings)")

    (service / "contracts" / "OCC-1.yaml").write_text(
        (service / "contracts" / "OCC-7.yaml").read_text().replace("OCC-7", "OCC-999")
    )
    code, out = onex(capsys, "contract", "--ticket", "OCC-7", "--format", "json")
    found = json.loads(out)
    assert code == 1
    assert [(f["file"], f["rule"]) for f in found["findings"]] == [
        ("contracts/OCC-1.yaml", "change_control/file-name-is-ticket-id")
    ]


@pytest.mark.usefixtures("service")
def test_a_seam_ticket_must_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = onex(capsys, "contract", "--ticket", "OCC-7", "--seam")
    assert code == 1
    assert "[change_control/seam-not-declared]" in out
    assert onex(capsys, "contract", "--ticket", "OCC-7")[0] == 0


@pytest.mark.usefixtures("service")
def test_no_ticket_in_the_branch_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = onex(capsys, "contract", "--branch", "main")
    assert code == 2
    assert "names no ticket" in out
    assert onex(capsys, "contract", "--branch", "fix/ABC-9", "--branch-pattern", r"fix/(\w+-\d+)")[0] == 1


# --- phase 2 -----------------------------------------------------------------------------------------------------


def test_surfaces_undeclared_change_lists_each_path(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract(service, surfaces="")
    code, out = onex(capsys, "surfaces", "--format", "json")
    found = json.loads(out)
    assert code == 1
    assert [(f["file"], f["rule"]) for f in found["findings"]] == [
        ("src/orders/models/events/order_created.py", "change_control/undeclared-interface-change")
    ]
    assert found["surfaces"] == [
        {"path": "src/orders/models/events/order_created.py", "surfaces": ["events"]}
    ]

    contract(service)
    assert onex(capsys, "surfaces")[0] == 0


def test_surfaces_renames_and_deletions_count_both_sides(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract(service)
    subprocess.run(["git", "mv", "src/orders/api.py", "src/orders/service.py"], check=True)
    subprocess.run(["git", "rm", "-q", "docs/TOPICS.md"], check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "move"], check=True
    )
    code, out = onex(capsys, "surfaces", "--format", "github")
    assert code == 1
    assert "::error file=src/orders/api.py,title=treaty [change_control/surface-not-declared]::" in out
    assert "::error file=docs/TOPICS.md,title=treaty [change_control/surface-not-declared]::" in out
    assert onex(capsys, "surfaces", "--range", "main..main")[0] == 0  # an empty range changes nothing


def test_an_enabled_bypass_turns_failures_into_listed_warnings(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract(service, surfaces='"topics"', bypass=True)
    code, out = onex(capsys, "surfaces", "--format", "json")
    found = json.loads(out)
    assert code == 0
    assert {f["severity"] for f in found["findings"]} == {"warning"}
    assert found["bypasses"] == [
        {
            "contract": "contracts/OCC-12.yaml",
            "ticket_id": "OCC-12",
            "justification": "launch hotfix",
            "follow_up_ticket_id": "OCC-13",
        }
    ]


# --- phase 3 -----------------------------------------------------------------------------------------------------


def test_evidence_runs_only_when_allowed(service: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contract(service, command=json.dumps(["touch", "ran"]))
    code, out = onex(capsys, "evidence", "run")
    assert code == 2
    assert "--allow-run" in out
    assert not (service / "ran").exists()


def test_evidence_report_records_and_the_audit_judges(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract(service, command=json.dumps([sys.executable, "-c", "import sys; print('no'); sys.exit(3)"]))
    code, out = onex(capsys, "evidence", "run", "--allow-run")
    assert code == 1
    assert "[change_control/evidence-failed] at /results/0/outcome: required evidence event-tests" in out
    report = json.loads((service / "evidence" / "OCC-12.json").read_text())
    assert (report["results"][0]["outcome"], report["results"][0]["exit_code"]) == ("failed", 3)
    assert main(["validate", "--isolated", "evidence/OCC-12.json"]) == 0  # a valid document of its kind
    assert onex(capsys, "evidence", "audit")[0] == 1

    contract(service)
    assert onex(capsys, "evidence", "audit")[0] == 1  # the contract changed: the report is stale
    assert onex(capsys, "evidence", "run", "--allow-run")[0] == 0
    assert onex(capsys, "evidence", "audit")[0] == 0


def test_evidence_environment_is_only_what_is_passed(
    service: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "s3cret")
    monkeypatch.setenv("BUILD_ID", "42")
    show = "import os, sys; sys.exit(0 if 'SECRET_TOKEN' not in os.environ and os.environ['BUILD_ID'] == '42' else 1)"
    contract(service, command=json.dumps([sys.executable, "-c", show]))
    assert onex(capsys, "evidence", "run", "--allow-run", "--pass-env", "BUILD_ID")[0] == 0
    report = json.loads((service / "evidence" / "OCC-12.json").read_text())
    assert "SECRET_TOKEN" not in report["environment"]["environment_names"]
    assert onex(capsys, "evidence", "run", "--allow-run")[0] == 1  # BUILD_ID not passed


def test_evidence_timeout_stops_the_command(service: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contract(service, command=json.dumps([sys.executable, "-c", "import time; time.sleep(60)"]), timeout=1)
    code, _ = onex(capsys, "evidence", "run", "--allow-run")
    report = json.loads((service / "evidence" / "OCC-12.json").read_text())
    assert code == 1
    assert (report["results"][0]["outcome"], report["results"][0]["exit_code"]) == ("timed_out", None)


def test_a_contract_outside_the_repository_is_refused(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract(service)
    code, out = onex(capsys, "evidence", "run", "--allow-run", "--contracts", "../elsewhere")
    assert code == 2
    assert "outside the repository" in out


# --- migration ---------------------------------------------------------------------------------------------------


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_migrate_keeps_every_value_of_an_origin_contract(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin: dict[str, Any] = {
        "schema_version": "1.0.0",
        "ticket_id": "OCC-3",
        "title": "Health endpoint",
        "summary": "",
        "golden_path": {"timeout_ms": 30000, "infra": "mock"},
        "dod_evidence": [
            {
                "id": "dod-1",
                "description": "tests pass",
                "source": "linear",
                "linear_dod_text": "All green",
                "checks": [{"check_type": "command", "check_value": "pytest -q", "cwd": "svc"}],
                "status": "verified",
                "evidence_artifact": "ci://1",
            }
        ],
    }
    (service / "origin.json").write_text(json.dumps(origin))
    code, out = onex(capsys, "migrate", "origin.json", "-o", "contracts/OCC-3.yaml")
    assert code == 0, out
    migrated = yaml.safe_load((service / "contracts" / "OCC-3.yaml").read_text())
    assert set(_leaves(origin)) <= set(_leaves(migrated))
    assert migrated["evidence_requirements"][0]["check"] == {
        "command": ["pytest -q"],
        "shell": True,
        "cwd": "svc",
    }
    assert onex(capsys, "contract", "--ticket", "OCC-3")[0] == 0


def test_migrate_refuses_what_is_not_an_origin_contract(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (service / "v1.yaml").write_text('ticket_id: "OCC-3"\nsummary: "no title"\n')
    code, out = onex(capsys, "migrate", "v1.yaml")
    assert code == 2
    assert "string title" in out
