"""The result cache and `--jobs`: the same report as a cold, single-process run, whatever changed in between."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from treaty._speed import cache
from treaty._speed.cache import KEPT_RUNS, Cache
from treaty._validation.run import Runner

from tests.conftest import ROOT, Result

TICKET = ROOT / "fixtures" / "change_control" / "1.1.0" / "ticket_contract"
SETS = ROOT / "fixtures" / "cwom" / "0.1.0" / "sets"
SCHEMA = "change_control/ticket_contract@1.1.0"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TREATY_CACHE_DIR", str(folder))
    return folder


def _old(path: Path) -> None:
    """Date a file back, as files in a checkout are: recently written ones are always hashed again."""
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def _json(result: Result) -> dict[str, object]:
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_a_warm_run_reports_what_the_cold_run_reported(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(TICKET, folder)
    cold = cli("validate", "--schema", SCHEMA, "--format", "json", str(folder))
    assert (cache_dir / "results-v1.sqlite3").is_file()
    assert (cache_dir / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    warm = cli("validate", "--schema", SCHEMA, "--format", "json", str(folder))
    uncached = cli("validate", "--no-cache", "--schema", SCHEMA, "--format", "json", str(folder))
    assert cold.code == warm.code == uncached.code == 1
    assert cold.out == warm.out == uncached.out


def test_cross_document_findings_survive_the_cache(cli: Callable[..., Result], cache_dir: Path) -> None:
    del cache_dir
    for folder in sorted((SETS / "invalid").iterdir())[:4]:
        cold = cli("validate", "--format", "json", str(folder))
        warm = cli("validate", "--format", "json", str(folder))
        assert cold.code == warm.code == 1
        assert cold.out == warm.out


@pytest.mark.parametrize("keep_times", [False, True], ids=["new-times", "times-restored"])
def test_an_edited_file_is_validated_again(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path, *, keep_times: bool
) -> None:
    del cache_dir
    path = tmp_path / "ticket.yaml"
    text = (TICKET / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    _old(path)
    assert cli("validate", "--schema", SCHEMA, str(path)).code == 0
    assert cli("validate", "--schema", SCHEMA, str(path)).code == 0  # from the cache
    broken = text.replace("false", "fals!", 1)  # same size, now a string where a boolean belongs
    assert len(broken) == len(text)
    path.write_text(broken, encoding="utf-8")
    if keep_times:  # size and modification time as before: the change time and content still tell
        _old(path)
    assert cli("validate", "--schema", SCHEMA, str(path)).code == 1


def test_a_renamed_file_reports_its_new_name(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path
) -> None:
    del cache_dir
    first = tmp_path / "first.yaml"
    shutil.copy(
        TICKET / "invalid" / next(iter(sorted(p.name for p in (TICKET / "invalid").iterdir()))), first
    )
    before = cli("validate", "--schema", SCHEMA, str(first))
    second = first.rename(tmp_path / "second.yaml")
    after = cli("validate", "--schema", SCHEMA, str(second))
    assert after.code == before.code == 1
    assert after.out == before.out.replace("first.yaml", "second.yaml")
    assert "first.yaml" not in after.out


def test_other_schemas_are_a_miss(cli: Callable[..., Result], cache_dir: Path, tmp_path: Path) -> None:
    """A verdict is kept for the schemas it was given under: a changed schema is checked, not trusted."""
    del cache_dir
    schemas = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", schemas)
    document = TICKET / "valid" / "minimal.yaml"
    assert cli("validate", "--schemas-dir", str(schemas), "--schema", SCHEMA, str(document)).code == 0
    target = schemas / "change_control" / "1.1.0" / "ticket_contract.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"OCC-', '"XYZ-'), encoding="utf-8")
    tampered = cli("validate", "--schemas-dir", str(schemas), "--schema", SCHEMA, str(document))
    assert tampered.code == 2
    assert "sha256" in tampered.err


def test_no_cache_writes_nothing(cli: Callable[..., Result], cache_dir: Path) -> None:
    assert cli("validate", "--no-cache", "--schema", SCHEMA, str(TICKET / "valid")).code == 0
    assert not cache_dir.exists()


def test_an_unwritable_cache_is_skipped(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("TREATY_CACHE_DIR", str(blocker / "cache"))
    result = cli("validate", "--schema", SCHEMA, str(TICKET / "valid"))
    assert result.code == 0
    assert result.err == ""


def test_a_corrupt_cache_is_rebuilt(cli: Callable[..., Result], cache_dir: Path) -> None:
    cache_dir.mkdir()
    (cache_dir / "results-v1.sqlite3").write_bytes(b"not a database")
    first = cli("validate", "--schema", SCHEMA, str(TICKET / "valid"))
    assert first.code == 0
    assert first.err == ""


def test_parallel_runs_report_what_one_process_reports(cli: Callable[..., Result], cache_dir: Path) -> None:
    del cache_dir
    folder = str(ROOT / "fixtures" / "change_control")
    one = cli("validate", "--no-cache", "--isolated", "--format", "json", folder)
    two = cli("validate", "--no-cache", "--isolated", "--jobs", "2", "--format", "json", folder)
    assert one.code == two.code
    assert one.out == two.out
    assert len(_json(one)["files"]) > 100  # type: ignore[arg-type]


def test_jobs_must_be_a_count(cli: Callable[..., Result]) -> None:
    result = cli("validate", "--jobs", "many", str(TICKET / "valid"))
    assert result.code == 2
    assert "is not a number of processes" in result.err


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat shortcut: a file whose size, times and inode are as recorded keeps its recorded key."""

    del cache_dir
    monkeypatch.setattr(cache, "RACY_SECONDS", -1)  # trust files written just now (the test has no time)
    path = tmp_path / "ticket.yaml"
    text = (TICKET / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert cli("validate", "--schema", SCHEMA, str(path)).code == 0
    hashed: list[bytes] = []
    real_key = cache.Cache.key
    monkeypatch.setattr(
        cache.Cache, "key", lambda self, raw, *parts: hashed.append(raw) or real_key(self, raw, *parts)
    )
    assert cli("validate", "--schema", SCHEMA, str(path)).code == 0
    assert hashed == []  # answered from the recorded signature
    path.write_text(text.replace("false", "fals!", 1), encoding="utf-8")  # same size
    assert cli("validate", "--schema", SCHEMA, str(path)).code == 1
    assert len(hashed) == 1


def test_parallel_runs_keep_the_cross_document_findings(cli: Callable[..., Result], cache_dir: Path) -> None:
    """The set checks run in this process on data the workers send back: same findings, same places."""
    del cache_dir
    folder = str(SETS)
    one = cli("validate", "--no-cache", "--format", "json", folder)
    two = cli("validate", "--no-cache", "--jobs", "2", "--format", "json", folder)
    assert one.code == two.code == 1
    assert one.out == two.out
    assert '"cwom/ref-unresolved"' in one.out


# A whole run recalled: the same command over files whose size, times and inode are unchanged.


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust files changed just now: a test cannot wait for every copy's change time to age."""
    monkeypatch.setattr(cache, "RACY_SECONDS", -1)


def _dated_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(TICKET, folder)
    for path in folder.rglob("*.yaml"):
        _old(path)
    return folder


def _stored_runs(cache_dir: Path) -> int:
    with closing(sqlite3.connect(cache_dir / "results-v1.sqlite3")) as db:
        return int(db.execute("SELECT count(*) FROM runs").fetchone()[0])


@pytest.fixture
def no_validation(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Return a switch after which validating any file fails the test: what follows must be recalled."""

    def forbid() -> None:
        def refuse(*_args: object, **_kwargs: object) -> None:
            pytest.fail("a file was validated: the run should have been recalled whole")

        monkeypatch.setattr(Runner, "run", refuse)

    return forbid


@pytest.mark.usefixtures("settled")
def test_a_rerun_over_unchanged_files_is_recalled_whole(
    cli: Callable[..., Result],
    cache_dir: Path,
    tmp_path: Path,
    no_validation: Callable[[], None],
) -> None:
    folder = _dated_copy(tmp_path)
    command = ("validate", "--schema", SCHEMA, "--format", "json", str(folder))
    cold = cli(*command)
    assert _stored_runs(cache_dir) == 1
    no_validation()
    for jobs in ("1", "2"):  # --jobs does not change the output, so it shares the stored run
        warm = cli(*command, "--jobs", jobs)
        assert (warm.code, warm.out) == (cold.code, cold.out) == (1, warm.out)


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize(
    "change",
    [
        "edit-same-size-times-restored",
        "add-a-file",
        "remove-a-file",
        "rename-a-file",
        "other-format",
        "other-folder",
    ],
)
def test_any_change_is_a_miss(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path, change: str
) -> None:
    """Whatever changed, the output is what a run without any cache prints."""
    folder = _dated_copy(tmp_path)
    options = ["--schema", SCHEMA, "--format", "json"]
    cli("validate", *options, str(folder))
    target = folder / "valid" / "minimal.yaml"
    cwd = ROOT
    if change == "edit-same-size-times-restored":
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("false", "fals!", 1), encoding="utf-8")
        _old(target)  # the time is put back; the change time and the content are not
    elif change == "add-a-file":
        shutil.copy(target, folder / "valid" / "added.yaml")
        _old(folder / "valid" / "added.yaml")
    elif change == "remove-a-file":
        target.unlink()
    elif change == "rename-a-file":
        target.rename(folder / "valid" / "renamed.yaml")
    elif change == "other-format":
        options[-1] = "text"
    else:  # the same relative name from another working directory names other files
        cwd = folder.parent
    name = str(folder.relative_to(cwd)) if change == "other-folder" else str(folder)
    warm = cli("validate", *options, name, cwd=cwd)
    cold = cli("validate", "--no-cache", *options, name, cwd=cwd)
    assert (warm.code, warm.out) == (cold.code, cold.out)
    assert _stored_runs(cache_dir) == 2


def test_files_modified_just_now_are_not_recalled_whole(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path
) -> None:
    """An edit in the same clock tick as the run's stat would not show: such a run is not stored whole."""
    folder = tmp_path / "docs"
    shutil.copytree(TICKET, folder)  # written now
    cli("validate", "--schema", SCHEMA, str(folder))
    assert (cache_dir / "results-v1.sqlite3").is_file()
    assert _stored_runs(cache_dir) == 0


def test_standard_input_is_never_recalled(cache_dir: Path) -> None:
    assert Cache(cache_dir).run_key("setup", ["a.yaml", None]) is None


@pytest.mark.usefixtures("settled")
def test_only_the_latest_runs_are_kept(cli: Callable[..., Result], cache_dir: Path, tmp_path: Path) -> None:
    folder = _dated_copy(tmp_path)
    files = sorted((folder / "valid").glob("*.yaml"))
    assert len(files) > KEPT_RUNS
    for path in files:
        cli("validate", "--schema", SCHEMA, str(path))
    assert _stored_runs(cache_dir) == KEPT_RUNS


def test_a_recalled_run_loads_neither_validators_nor_importlib_metadata(
    cache_dir: Path, tmp_path: Path
) -> None:
    """The point of the whole-run lane: a warm run is start-up, a stat per file, and one query."""
    folder = _dated_copy(tmp_path)
    time.sleep(cache.RACY_SECONDS + 0.1)  # until the copies' change times are old enough to be trusted
    heavy = [
        "treaty._validation.run",
        "treaty._speed.fast",
        "treaty._validation.validator",
        "jsonschema",
        "jsonschema_rs",
        "yaml_rs",
        "yaml",
    ]
    script = (
        "import sys\nfrom treaty._cli import main\n"
        f"code = main(['validate', '--schema', {SCHEMA!r}, {str(folder)!r}])\n"
        f"print(code, [m for m in {[*heavy, 'importlib.metadata']!r} if m in sys.modules], file=sys.stderr)\n"
    )
    environment = {**os.environ, "TREATY_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=False
        )
        for _ in range(2)
    ]
    assert runs[0].stderr.splitlines()[-1].startswith("1 ['treaty._validation.run'")  # the cold run validated
    assert runs[1].stderr.splitlines()[-1] == "1 []"
    assert runs[1].stdout == runs[0].stdout


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE runs SET output = x'ff'",  # a blob where text belongs
        "UPDATE runs SET code = 'one'",
    ],
)
def test_damaged_entries_are_a_miss(
    cli: Callable[..., Result], cache_dir: Path, tmp_path: Path, damage: str
) -> None:
    folder = _dated_copy(tmp_path)
    command = ("validate", "--schema", SCHEMA, "--format", "json", str(folder))
    cold = cli(*command)
    # closed, not only committed: Python 3.13 warns about a connection left to the collector
    with closing(sqlite3.connect(cache_dir / "results-v1.sqlite3")) as db, db:
        assert db.execute(damage).rowcount == 1
    warm = cli(*command)
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, "")
