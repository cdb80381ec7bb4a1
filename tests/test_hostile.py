"""Hostile input: nothing in a file may crash `treaty validate`, hang it, exhaust its memory, or make it lie.

Each case of `hostile.corpus` is validated by `python -m treaty` in its own process, under hard ceilings: a
timeout and a 300 MB address-space limit. A hang or a blow-up therefore fails as a crash, never as a slow
pass (performance itself is measured by benchmarks, not asserted here). The processes run concurrently,
once per module; each case's test then checks the verdict its process gave.
"""

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import pytest
from treaty._documents.document import MAX_BYTES, DocumentLoadError
from treaty._documents.loader import load_bytes

from .conftest import ROOT, built_once
from .hostile.corpus import CASES, Case, write

TIMEOUT = 10
"""Seconds before a run counts as hung. A ceiling for a crash, not a timing assertion."""

MEMORY = 300 * 1024 * 1024
"""The address space each run may use; past it allocation fails (and a traceback or a signal shows it)."""

LAUNCHER = f"""\
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
sys.argv = ["treaty", *sys.argv[1:]]
runpy.run_module("treaty", run_name="__main__", alter_sys=True)
"""
"""Runs `python -m treaty` under the memory limit. Set in the child itself rather than by ``preexec_fn``,
which is unsafe in the threads that start the runs concurrently."""

SCHEMA = ("--schema", "change_control/ticket_contract")
VALID = ROOT / "templates" / "change_control" / "ticket_contract.template.yaml"


@dataclass(frozen=True)
class Run:
    """What one `treaty` process returned and printed (code None: killed at the timeout)."""

    code: int | None
    out: str
    err: str

    def report(self) -> dict[str, Any]:
        """Return the JSON report, failing the test if the output is not one."""
        assert self.code is not None, f"timed out after {TIMEOUT} s"
        assert "Traceback" not in self.out + self.err, self.err[-2000:]
        try:
            report: dict[str, Any] = json.loads(self.out)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON report (exit {self.code}): {self.out[:500]!r} {self.err[-1000:]!r}")
        return report


def treaty(*args: str, cwd: Path, stdin: bytes | None = None) -> Run:
    """Run `python -m treaty` with ``args`` under the time and memory ceilings."""
    try:
        done = subprocess.run(  # our own interpreter and arguments
            [sys.executable, "-c", LAUNCHER, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Run(None, "", "")
    return Run(done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"))


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write every case once (the 50 MB one included) and validate each once, however many workers run."""

    def build(base: Path) -> None:
        paths = {}
        for case in CASES:
            folder = base / "cases" / case.id  # the verdicts beside the cases, not among them
            folder.mkdir(parents=True)
            paths[case.id] = write(case, folder)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # each in its own process
            runs = {
                case.id: pool.submit(treaty, *_arguments(case, paths[case.id]), cwd=paths[case.id].parent)
                for case in CASES
            }
            found = {name: [str(paths[name]), *astuple(run.result())] for name, run in runs.items()}
        (base / VERDICTS).write_text(json.dumps(found), encoding="utf-8")

    return built_once(tmp_path_factory, "hostile", build)


VERDICTS = "verdicts.json"
"""Each case's file and run, as the shared build wrote them."""


@pytest.fixture(scope="module")
def corpus(shared: Path) -> dict[str, Path]:
    """Return each case's file, in a folder of its own."""
    found = json.loads((shared / VERDICTS).read_text(encoding="utf-8"))
    return {name: Path(entry[0]) for name, entry in found.items()}


def _arguments(case: Case, path: Path) -> list[str]:
    return ["validate", "--format", "json", *(SCHEMA if case.schema else ()), str(path)]


@pytest.fixture(scope="module")
def verdicts(shared: Path) -> dict[str, Run]:
    """Return what validating each case in its own process gave."""
    found = json.loads((shared / VERDICTS).read_text(encoding="utf-8"))
    return {name: Run(*entry[1:]) for name, entry in found.items()}


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len([case for case in CASES if case.code != 0]) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_document(case: Case, corpus: dict[str, Path], verdicts: dict[str, Run]) -> None:
    if case.skip is not None and (reason := case.skip()):
        pytest.skip(reason)
    run = verdicts[case.id]
    report = run.report()
    assert run.code == case.code, run.out[:2000]
    (entry,) = report["files"]
    assert entry["file"] == corpus[case.id].as_posix()
    if not case.rule:
        assert entry["valid"], entry["findings"]
        assert not entry["findings"]
        return
    assert not entry["valid"]
    # The loader's finding, among the findings that stand around the value it leaves unknown (if any).
    first = next((f for f in entry["findings"] if f["rule"] == case.rule), entry["findings"][0])
    assert first["rule"] == case.rule, first
    assert case.message in first["message"], first
    assert first["hint"].strip(), first
    assert first["file"] == corpus[case.id].as_posix()
    if case.line is not None:
        assert first["line"] == case.line, first
    if case.column is not None:
        assert first["column"] == case.column, first


def _batch(report: dict[str, Any], corpus: dict[str, Path], names: Sequence[Case]) -> None:
    files = {entry["file"]: entry for entry in report["files"]}
    assert files[VALID.as_posix()]["valid"], files[VALID.as_posix()]["findings"]
    for case in names:
        entry = files[corpus[case.id].as_posix()]
        if case.skip is not None and case.skip():
            continue
        assert entry["valid"] is (case.code == 0), (case.id, entry["findings"][:3])
        if case.rule and case.schema:
            assert case.rule in {f["rule"] for f in entry["findings"]}, case.id


def test_one_run_reports_every_hostile_file_and_the_valid_one(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    """One bad file never stops the run: each is reported, the valid template is reported valid."""
    paths = [str(corpus[case.id]) for case in CASES]
    middle = len(paths) // 2
    run = treaty(
        "validate", "--format", "json", *SCHEMA, *paths[:middle], str(VALID), *paths[middle:], cwd=tmp_path
    )
    report = run.report()
    assert run.code == 1
    assert len(report["files"]) == len(CASES) + 1
    _batch(report, corpus, CASES)


def test_a_directory_of_hostile_files_is_walked_to_the_end(corpus: dict[str, Path], tmp_path: Path) -> None:
    """Walking a folder skips directories but reports dangling and looping links, which name no file."""
    folder = corpus[CASES[0].id].parent.parent
    (folder / "valid").mkdir(exist_ok=True)
    valid = folder / "valid" / VALID.name
    valid.write_bytes(VALID.read_bytes())
    run = treaty("validate", "--format", "json", *SCHEMA, "-v", str(folder), cwd=tmp_path)
    report = run.report()
    assert run.code == 1
    files = {entry["file"]: entry for entry in report["files"]}
    assert files[valid.as_posix()]["valid"]
    for name in ("dangling-symlink", "symlink-loop"):
        assert files[corpus[name].as_posix()]["findings"][0]["rule"] == "read-error", name
    assert corpus["directory-named-like-a-file"].as_posix() not in files


def test_text_output_names_file_line_and_column_without_a_traceback(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    run = treaty("validate", *SCHEMA, str(corpus["duplicate-key"]), str(corpus["huge-50mb"]), cwd=tmp_path)
    assert run.code == 1
    assert "Traceback" not in run.out + run.err
    assert f"{corpus['duplicate-key'].as_posix()}:8:1: error [duplicate-key]" in run.out
    assert f"{corpus['huge-50mb'].as_posix()}: error [too-large]" in run.out


def test_huge_standard_input_is_refused_unread(tmp_path: Path) -> None:
    run = treaty("validate", "--format", "json", *SCHEMA, "-", cwd=tmp_path, stdin=b"a" * (3 * MAX_BYTES))
    (entry,) = run.report()["files"]
    assert (entry["file"], entry["findings"][0]["rule"]) == ("<stdin>", "too-large")
    assert run.code == 1


@pytest.mark.parametrize(
    ("raw", "rule", "fragment"),
    [
        pytest.param(b"a" * (MAX_BYTES + 1), "too-large", "larger than", id="bytes-over-limit"),
        pytest.param(b"\xff\xfea\x00", "invalid-utf8", "UTF-16", id="utf16-bom"),
        pytest.param(b" \t\r\n", "empty-document", "is empty", id="tab-on-a-blank-line"),
    ],
)
def test_loader_refuses_bytes_early(raw: bytes, rule: str, fragment: str) -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_bytes(raw, "x.yaml")
    (finding,) = caught.value.findings
    assert finding.rule == rule
    assert fragment in finding.message


def test_bytes_at_the_limit_are_read() -> None:
    assert load_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n", "x.yaml").data == {"a": "x" * (MAX_BYTES - 4)}


@pytest.mark.parametrize(
    "text",
    ['{"a": 1,}', '{"a": 1} // no', "{'a': 1}", '["a", /* no */ 1]', '{"a": [1, 2,]}'],
)
def test_json_only_yaml_flow_syntax_is_refused(text: str) -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_bytes(text.encode(), "x.json", json=True)
    (finding,) = caught.value.findings
    assert finding.rule == "json-syntax"
    assert finding.line == 1
    assert finding.column > 1
