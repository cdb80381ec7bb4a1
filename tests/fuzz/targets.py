"""What the fuzzer checks on each input: the loader, the validation pipeline and the command line keep their word.

An input is two header bytes and a document. The first byte picks how the document is read and reported
(bit 0: a ``.json`` file; bits 1-2: the format, text, json, github, sarif; bit 3: ``--strict``; bit 4: name the
schema with ``--schema``); the second picks the kind when bit 4 is set. A seed is ``HEADER_YAML`` or
``HEADER_JSON`` followed by a real document.

Invariants; a breach raises `InvariantError` (an AssertionError), any other exception is a crash:

- loader (`load_bytes`): returns a document whose data is JSON (and, for a ``.json`` file, exactly what
  Python's JSON parser reads), or raises `DocumentLoadError` whose findings each have a rule, a message, a
  hint and a position: line and column >= 1, except the rules about the whole file (`POSITIONLESS`);
- pipeline (`Runner` on a file, then every renderer): one result for the file, exit code 0 or 1, or a
  `TreatyError` (exit 2 on the command line); the JSON report parses and each GitHub annotation is one line;
- command line (`treaty._cli.main`, on every `CLI_EVERY`-th input): exit code 0, 1 or 2, nothing escapes
  ``main``, and stderr has no traceback.
"""

import contextlib
import importlib.util
import io
import json
import math
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from treaty._cli import main
from treaty._documents.document import DocumentLoadError
from treaty._documents.files import expand
from treaty._documents.findings import Finding, Severity
from treaty._documents.loader import load_bytes
from treaty._speed.fast import UNSURE, quick_load
from treaty._validation.catalog import Catalog
from treaty._validation.report import render, summary
from treaty._validation.run import Runner
from treaty._validation.select import SchemaRef, Selector
from treaty._validation.validator import Validator
from treaty.exceptions import TreatyError

FUZZED_FORMATS: Final = ("text", "json", "github", "sarif")
"""What bits 1-2 pick (JUnit XML is held to its schema by tests/test_report.py)."""

HEADER_YAML: Final = b"\x00\x00"
HEADER_JSON: Final = b"\x01\x00"

POSITIONLESS: Final = frozenset({"too-large", "empty-document", "read-error"})
"""Loader rules about the whole file, which have no line (documented: ``0`` when unknown)."""

_LINE_BREAK: Final = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")
"""What YAML (libyaml) counts as a line break: a lone CR and Unicode's separators too."""

CLI_EVERY: Final = 50
"""Run the command line on one input in this many: it rebuilds the catalog each time, so it is slow."""

MAX_SEED: Final = 32 * 1024
"""Larger documents are left out of the seeds: mutating them is slow and finds nothing smaller ones do not."""

ROOT: Final = Path(__file__).resolve().parents[2]


class InvariantError(AssertionError):
    """An input broke one of the invariants."""


def _require(condition: bool, what: str) -> None:  # noqa: FBT001  # an assertion
    if not condition:
        raise InvariantError(what)


@dataclass(frozen=True)
class Case:
    """One decoded input."""

    document: bytes
    json: bool
    form: str
    strict: bool
    schema: str | None

    @property
    def name(self) -> str:
        """Return the file name the document is written to."""
        return "doc.json" if self.json else "doc.yaml"


class Targets:
    """The checks, with one catalog and runner built up front (so each input costs only its own work)."""

    def __init__(self, workdir: Path) -> None:
        """Write documents into ``workdir``.

        The command line reads ``[tool.treaty]`` from the working directory upwards: run from a folder
        outside any project (`isolate` does that), so that no path rule picks the schema.
        """
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        catalog = Catalog.installed()
        self.kinds = [
            f"{family}/{kind}"
            for family in catalog.families()
            for kind in catalog.release(family, catalog.versions(family)[-1]).kinds
        ]
        self.runner = Runner(Selector(catalog, {}, None), Validator(catalog), fast=True)
        self.strict = Runner(Selector(catalog, {}, None), Validator(catalog))
        self.cli_options = _supported(["--no-cache"])
        self.count = 0

    def decode(self, data: bytes) -> Case:
        """Split an input into its options and its document."""
        flags = data[0] if data else 0
        pick = data[1] if len(data) > 1 else 0
        return Case(
            document=data[2:],
            json=bool(flags & 1),
            form=FUZZED_FORMATS[(flags >> 1) & 3],
            strict=bool(flags & 8),
            schema=self.kinds[pick % len(self.kinds)] if flags & 16 else None,
        )

    def check(self, data: bytes, *, cli: bool | None = None) -> None:
        """Check every invariant on one input; the command line too when ``cli`` (None: one in `CLI_EVERY`)."""
        case = self.decode(data)
        self.count += 1
        check_loader(case.document, json_file=case.json)
        path = self.workdir / case.name
        path.write_bytes(case.document)
        self.check_pipeline(case, path)
        if cli or (cli is None and self.count % CLI_EVERY == 1):
            self.check_cli(case, path)

    def check_pipeline(self, case: Case, path: Path) -> None:
        """Validate the file with the runner, then render the report in the input's format."""
        schema = SchemaRef.parse(case.schema) if case.schema else None
        try:
            report = self.runner.run(expand([str(path)]), schema, strict=case.strict, isolated=True)
        except TreatyError as error:  # documented: exit 2 on the command line
            _require(bool(error.message), f"a TreatyError without a message: {error!r}")
            return
        _require(len(report.results) == 1, f"{len(report.results)} results for one file")
        (result,) = report.results
        strict = self.strict.run(expand([str(path)]), schema, strict=case.strict, isolated=True).results
        _require(strict == [result], f"the fast path's verdict {result} is not the strict path's {strict}")
        _require(result.file == path.as_posix(), f"the result names {result.file!r}")
        _require(report.exit_code in {0, 1}, f"exit code {report.exit_code}")
        for finding in result.findings:
            _check_finding(finding, path.as_posix(), loader=False)
        out = render(report, case.form)
        if case.form in {"text", "github"}:
            _require(out.endswith(summary(report) + "\n"), "the report does not end with its summary line")
        if case.form == "sarif":
            results = json.loads(out)["runs"][0]["results"]
            _require(len(results) == len(result.findings), "the SARIF log does not hold every finding")
        if case.form == "json":
            parsed = json.loads(out)
            _require(parsed["summary"]["files"] == 1, "the JSON summary does not count one file")
            _require(
                sum(group["findings"] for group in parsed["groups"]) == len(result.findings),
                "the groups do not count every finding",
            )
        if case.form == "github":
            lines = out.splitlines()
            _require(len(lines) == len(result.findings) + 1, "an annotation spans more than one line")
            _require(
                all(line.startswith(("::error file=", "::warning file=")) for line in lines[:-1]),
                "a line is not a workflow command",
            )

    def check_cli(self, case: Case, path: Path) -> None:
        """Run ``treaty validate`` in-process: exit 0, 1 or 2, and no traceback."""
        args = ["validate", "--format", case.form, *self.cli_options, str(path)]
        if case.strict:
            args.insert(1, "--strict")
        if case.schema:
            args[1:1] = ["--schema", case.schema]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse: the arguments are ours, so this is a breach too
                raise InvariantError(
                    f"treaty {' '.join(args)} exited through argparse ({exit_.code})"
                ) from None
        _require(code in {0, 1, 2}, f"exit code {code}")
        _require("Traceback" not in err.getvalue(), f"a traceback on stderr: {err.getvalue()[-2000:]}")
        if code == 2:  # usage or environment error
            _require(
                err.getvalue().startswith("error: "), f"exit 2 without an error line: {err.getvalue()!r}"
            )
        elif case.form == "json":
            json.loads(out.getvalue())


def isolate(workdir: Path) -> None:
    """Work from ``workdir``, with a result cache (if this Treaty has one) kept inside it."""
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(workdir)
    os.environ["TREATY_CACHE_DIR"] = str(workdir / "cache")


def check_loader(raw: bytes, *, json_file: bool) -> None:
    """Load bytes strictly: a JSON document, or findings that each say what, where and how to fix it."""
    name = "doc.json" if json_file else "doc.yaml"
    try:
        document = load_bytes(raw, name, json=json_file)
    except DocumentLoadError as error:
        _require(bool(error.findings), "a DocumentLoadError without findings")
        _require(quick_load(raw, json=json_file) is UNSURE, "the fast path vouched for a refused document")
        text = raw.decode("utf-8", errors="replace")
        for finding in error.findings:
            _check_finding(finding, name, loader=True, lines=len(_LINE_BREAK.split(text)))
        return
    quick = quick_load(raw, json=json_file)
    if quick is not UNSURE:
        fast, strict = json.dumps(quick), json.dumps(document.data)
        _require(fast == strict, f"the fast path loaded {fast[:300]}, the strict path {strict[:300]}")
    _require(document.source == name, f"the document is named {document.source!r}")
    _check_json(document.data, "")
    if json_file:  # what loads as JSON must be what Python's JSON parser reads, value and type
        text = raw.decode("utf-8").removeprefix("\ufeff")
        try:
            expected = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise InvariantError(f"Treaty loads JSON that Python's parser refuses ({error})") from None
        _require(
            json.dumps(expected) == json.dumps(document.data),
            f"JSON read differently: {json.dumps(document.data)[:300]} != {json.dumps(expected)[:300]}",
        )


def _check_finding(finding: Finding, name: str, *, loader: bool, lines: int | None = None) -> None:
    what = f"{finding.rule!r} finding {finding.message!r}"
    _require(isinstance(finding, Finding), f"not a Finding: {finding!r}")
    _require(finding.file == name, f"{what} names the file {finding.file!r}")
    _require(bool(finding.rule) and bool(finding.message), f"a finding without rule or message: {finding!r}")
    _require(finding.line >= 0 and finding.column >= 0, f"{what} has a negative position")
    _require(isinstance(finding.severity, Severity), f"{what} has the severity {finding.severity!r}")
    if loader:
        _require(bool(finding.hint), f"{what} has no hint")
        _require(finding.severity is Severity.ERROR, f"{what} is not an error")
        if finding.rule not in POSITIONLESS:
            _require(finding.line >= 1 and finding.column >= 1, f"{what} has no position")
        if lines is not None:
            _require(finding.line <= lines, f"{what} is at line {finding.line} of {lines}")


def _check_json(value: Any, at: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _require(isinstance(key, str), f"a non-string key {key!r} at {at or '/'}")
            _check_json(item, f"{at}/{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _check_json(item, f"{at}/{number}")
    elif isinstance(value, float):
        _require(math.isfinite(value), f"a non-finite number at {at or '/'}")
    else:
        _require(
            value is None or isinstance(value, (str, int, bool)),
            f"a {type(value).__name__} at {at or '/'}, not JSON",
        )


def _supported(options: Sequence[str]) -> list[str]:
    """Return the options that ``treaty validate --help`` lists in this version (the CLI grows while fuzzed)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["validate", "--help"])
    return [option for option in options if option in out.getvalue()]


def seeds(root: Path = ROOT) -> Iterator[tuple[str, bytes]]:
    """Yield (name, input) for every fixture and template document, hostile case and YAML 1.2 case that fits."""
    for folder in ("fixtures", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if (
                path.suffix in {".yaml", ".yml", ".json"}
                and path.is_file()
                and path.stat().st_size <= MAX_SEED
            ):
                header = HEADER_JSON if path.suffix == ".json" else HEADER_YAML
                yield path.relative_to(root).as_posix(), header + path.read_bytes()
    spec = importlib.util.spec_from_file_location("hostile_corpus", root / "tests" / "hostile" / "corpus.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the hostile corpus from {root}")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    for case in corpus.CASES:
        if callable(case.content):  # files the case makes on disk: links, directories, the 50 MB one
            continue
        raw = case.content if isinstance(case.content, bytes) else case.content.encode()
        if len(raw) <= MAX_SEED:
            header = HEADER_JSON if case.name.endswith(".json") else HEADER_YAML
            yield f"hostile/{case.id}", header + raw
    # YAML 1.2 cases (tests/yaml12): root scalars, and the syntax libyaml and YAML 1.2 read apart
    for case in json.loads((root / "tests" / "yaml12" / "cases.json").read_text("utf-8"))["cases"]:
        yield f"yaml12/{case['id']}", HEADER_YAML + case["yaml"].encode()
