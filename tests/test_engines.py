"""One meaning in every engine: Treaty, python-jsonschema, jsonschema-rs and ajv judge every fixture alike.

Every fixture of every family version (each kind's valid/ and invalid/ documents, and each document of the
cross-document sets) is judged by four engines against the exported schemas: Treaty (the `treaty validate`
path, through the public API), python-jsonschema and jsonschema-rs (draft 2020-12, formats asserted, one
offline registry of every schema file by its `$id`), and ajv (ajv/dist/2020 with ajv-formats, in one Node
process for every document; `npm ci --prefix tests/engines` installs it from its lock).

Equal verdicts, exactly: a valid fixture is valid in all four, and an invalid fixture that states a JSON
Schema keyword among its errors is invalid in all four. The fixtures expected to differ fall into named,
counted categories (`DIFFERENCES`, printed as one summary line), so that they shrink visibly:

- treaty-rule: every error it states is a Treaty rule (an id with a `/`) that is a keyword of the rule
  vocabulary (an annotation to other engines) or code in the family's package (released versions before
  the vocabulary, cross-document rules), so the other three engines call it valid.
- loader: Treaty's strict reader refuses it (a duplicate key, a YAML 1.1 ambiguity, a tag...). There is no
  data every reader agrees on, so the other three are given none.
- integral-float, dollar-newline (and year-zero, which no fixture holds yet): a keyword of the released
  schemas that means something else to some engines. A fixture is one of these when Treaty's schema step
  accepts it once those values are written the way every engine reads alike (3.0 as 3, "1.0.0\n" as
  "1.0.0"), so a float where a string belongs stays an ordinary schema error.

The second half pins down what the released schemas mean to each engine where they differ (they cannot be
changed), and runs the python-jsonschema recipe of docs/integrator-guide.md, which must give Treaty's
verdicts.
"""

import functools
import json
import os
import re
import shutil
import subprocess
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import referencing
import treaty
from jsonschema.exceptions import best_match
from referencing.jsonschema import DRAFT202012
from treaty._authoring.workspace import model_families
from treaty._validation.validator import ContractValidator
from treaty._validation.vocabulary import enforced_rule_ids

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
FIXTURES = ROOT / "fixtures"
NODE_PROJECT = ROOT / "tests" / "engines"
GUIDE = ROOT / "docs" / "integrator-guide.md"
INSTALL_AJV = "npm ci --prefix tests/engines"
REQUIRE_ENGINES = os.environ.get("TREATY_REQUIRE_ENGINES") == "1"
"""Set by `nox -s tests`: a missing engine fails the run instead of skipping its part."""

ENGINES = ("treaty", "jsonschema", "jsonschema-rs", "ajv")
KEYWORDS = frozenset(jsonschema.Draft202012Validator.VALIDATORS)
"""The draft 2020-12 keywords: a stated error naming one of them is a schema error in every engine."""

VALID, INVALID, UNREAD, CRASHED = "valid", "invalid", "not read", "crashed"
PYTHON_RE, RUST_AND_ECMA = frozenset({"jsonschema"}), frozenset({"jsonschema-rs", "ajv"})
OTHERS = frozenset(ENGINES[1:])

DIFFERENCES: dict[str, frozenset[str]] = {
    # A rule of the vocabulary (an annotation to other engines) or a family's coded rule.
    "treaty-rule": OTHERS,
    # Refused by Treaty's strict reader: the others are given no data at all.
    "loader": frozenset(),
    # JSON Schema counts 3.0 as an integer; Treaty, like the models' StrictInt, does not.
    "integral-float": OTHERS,
    # Python's `$` also matches before a final newline; ECMA-262's (ajv's) and Rust's do not, nor Treaty's.
    "dollar-newline": PYTHON_RE,
    # RFC 3339 allows year 0000; Python's datetime, which python-jsonschema and Treaty check with, starts at 1.
    "year-zero": RUST_AND_ECMA,
}
"""The expected differences: each category, and the engines that call an invalid document of it valid."""


@dataclass(frozen=True)
class Verdict:
    """One engine's answer on one document: an outcome and the first error it gave."""

    outcome: str
    error: str = ""

    def __str__(self) -> str:
        return f"{self.outcome} ({self.error})" if self.error else self.outcome


@dataclass(frozen=True)
class Subject:
    """One document to judge: the file Treaty reads, and the data and schema the other engines get."""

    name: str
    path: Path
    schema: str
    data: Any
    read: bool
    category: str
    """"same", or the expected difference (a key of DIFFERENCES)."""
    expected: dict[str, str]
    ref: treaty.SchemaRef | None = None
    """None: Treaty selects the schema by content, within the document's set."""
    folder: Path | None = None
    """The cross-document set the document belongs to (Treaty checks the set as a whole)."""


def _read(path: Path) -> tuple[bool, Any]:
    try:
        return True, treaty.load_path(path).data
    except treaty.DocumentLoadError:
        return False, None


def _expect(category: str, *, valid: bool) -> dict[str, str]:
    """Return the verdict each engine must give a document of ``category``."""
    if category == "same":
        return dict.fromkeys(ENGINES, VALID if valid else INVALID)
    if category == "loader":
        return {"treaty": INVALID} | dict.fromkeys(OTHERS, UNREAD)
    return {engine: VALID if engine in DIFFERENCES[category] else INVALID for engine in ENGINES}


def _integral_floats_as_integers(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _without_final_newline(value: Any) -> Any:
    # One line only: an anchored pattern refuses a string with a newline inside it, in every engine.
    return value.removesuffix("\n") if isinstance(value, str) and value.count("\n") == 1 else value


def _year_zero_as_2000(value: Any) -> Any:
    return f"2000{value[4:]}" if isinstance(value, str) and re.match(r"0000-\d\d-\d\d", value) else value


REWRITES: dict[str, Callable[[Any], Any]] = {
    "integral-float": _integral_floats_as_integers,
    "dollar-newline": _without_final_newline,
    "year-zero": _year_zero_as_2000,
}
"""For each keyword difference, how to write its values the way every engine reads alike."""


def _rewrite(data: Any, leaf: Callable[[Any], Any]) -> Any:
    if isinstance(data, dict):
        return {key: _rewrite(value, leaf) for key, value in data.items()}
    if isinstance(data, list):
        return [_rewrite(value, leaf) for value in data]
    return leaf(data)


@functools.cache
def _schema_step() -> treaty.Validator:
    return treaty.Validator(treaty.Catalog.from_directory(SCHEMAS))


@functools.cache
def _bundled(schema: str) -> Any:
    family, version, kind = schema.removeprefix("urn:treaty:").split(":")
    return _schema_step().catalog.bundled(family, version, kind)


def _closed(category: str, schema: str, data: Any) -> bool:
    """Return whether a later version refuses the value by a keyword every engine reads alike.

    Versions since the rule vocabulary carry a newline exclusion beside every anchored pattern, and cwom's and
    xtrl's timestamp patterns refuse year 0000: there the difference no longer exists.
    """
    bundled = _bundled(schema)
    if category == "dollar-newline":
        return _has_newline_exclusion(bundled)
    if category == "year-zero":  # refused without looking at formats: by a pattern
        return not ContractValidator(bundled, registry=_schema_step().catalog.registry).is_valid(data)
    return False


def _has_newline_exclusion(node: Any) -> bool:
    if isinstance(node, dict):
        excluded = isinstance(node.get("not"), dict) and node["not"].get("pattern") == "\\n"
        return excluded or any(_has_newline_exclusion(value) for value in node.values())
    return isinstance(node, list) and any(_has_newline_exclusion(item) for item in node)


def _difference(schema: str, data: Any) -> str:
    """Return the keyword difference that alone makes Treaty's schema refuse ``data``, or "same"."""
    family, version, kind = schema.removeprefix("urn:treaty:").split(":")
    for category, leaf in REWRITES.items():
        rewritten = _rewrite(data, leaf)
        if json.dumps(rewritten) == json.dumps(data):
            continue
        document = treaty.Document(f"{category}-rewritten", rewritten, {}, {})
        if not _schema_step().validate(document, family, version, kind):
            return "same" if _closed(category, schema, data) else category
    return "same"


def _category(name: str, schema: str, data: Any, *, valid: bool, read: bool, errors: set[str]) -> str:
    """Return which kind of fixture this is, from its stated verdict and errors."""
    if valid:
        return "same"
    if not read:
        return "loader"
    if errors & KEYWORDS or errors & enforced_rule_ids(
        _bundled(schema)
    ):  # a rule in an allOf member is JSON Schema
        return _difference(schema, data)
    if errors and all("/" in rule for rule in errors):
        return "treaty-rule"
    pytest.fail(f"{name}: states neither a JSON Schema keyword nor only Treaty rules: {sorted(errors)}")


def _kind_fixtures() -> list[Subject]:
    subjects = []
    for family in sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()):
        root = FIXTURES / family
        for version in treaty.fixture_versions(root):
            for kind in treaty.fixture_kinds(root, version):
                cases, problems = treaty.load_fixture_cases(root, family, version, kind)
                assert problems == [], problems
                schema = treaty.schema_id(family, version, kind)
                ref = treaty.SchemaRef(family, kind, version)
                for case in cases:
                    name = case.path.relative_to(ROOT).as_posix()
                    errors = {
                        rule for _, rule, severity in case.expected if severity is treaty.Severity.ERROR
                    }
                    read, data = _read(case.path)
                    category = _category(name, schema, data, valid=case.valid, read=read, errors=errors)
                    expected = _expect(category, valid=case.valid)
                    subjects.append(Subject(name, case.path, schema, data, read, category, expected, ref))
    return subjects


def _set_fixtures() -> list[Subject]:
    """Every document of every cross-document set, with the errors its set states for it."""
    subjects = []
    for index in sorted(FIXTURES.glob("*/*/sets/sets.yaml")):
        version = index.parent.parent.name
        for case in treaty.load_path(index).data["sets"]:
            folder = index.parent / case["folder"]
            for path in sorted(p for p in folder.iterdir() if p.is_file()):
                name = path.relative_to(ROOT).as_posix()
                stated = [e for e in case.get("errors", []) if e["file"] == path.name]
                errors = {e.get("keyword") or e["rule"] for e in stated}
                read, data = _read(path)
                # cwom writes its kinds as the specification does ("ContextPacket"); Treaty's are snake_case.
                kind = re.sub(r"(?<!^)(?=[A-Z])", "_", data["kind"]).lower() if read else ""
                schema = treaty.schema_id(index.parent.parent.parent.name, version, kind)
                category = _category(name, schema, data, valid=not stated, read=read, errors=errors)
                expected = _expect(category, valid=not stated)
                subjects.append(Subject(name, path, schema, data, read, category, expected, folder=folder))
    return subjects


def _files_on_disk() -> int:
    kinds = [p for folder in ("valid", "invalid") for p in FIXTURES.glob(f"*/*/*/{folder}/*") if p.is_file()]
    return len(kinds) + len([p for p in FIXTURES.glob("*/*/sets/*/*/*") if p.is_file()])


# The targeted cases: a valid fixture with one value changed.
CC_TICKET = "change_control/1.0.0/ticket_contract/valid/minimal.yaml"
CC_JUSTIFIED = "change_control/1.0.0/ticket_contract/valid/bypass-enabled-justified.yaml"
CC_DAY = "change_control/1.0.0/day_close/valid/minimal.yaml"
CWOM_ARTIFACT = "cwom/0.1.0/artifact/valid/minimal.yaml"
CWOM_SNAPSHOT = "cwom/0.1.0/constraint_snapshot/valid/all-fields.yaml"
DOME_FACT = "dome/0.1.0/binder_fact/valid/minimal.yaml"
DOME_CAPSULE = "dome/0.1.0/capsule/valid/minimal.yaml"
XTRL_SPACE = "xtrl/0.1.0/state_space/valid/minimal.json"


@dataclass(frozen=True)
class Probe:
    """A released schema's meaning, probed: ``base`` with ``value`` at ``pointer``, of a category."""

    category: str
    name: str
    base: str
    pointer: str
    value: Any
    valid: bool = False
    """For "same": whether every engine calls it valid (or every engine invalid)."""

    @property
    def id(self) -> str:
        return f"{self.category}/{self.name}"


PROBES = [
    # Every anchored pattern ends in `$`; one per family, and a date-time whose format check agrees.
    Probe("dollar-newline", "semver", CC_TICKET, "/schema_version", "1.0.0\n"),
    Probe("dollar-newline", "ulid", CWOM_ARTIFACT, "/id", "01JJ8Z3K4WART0000000000001\n"),
    Probe("dollar-newline", "date-time", CWOM_ARTIFACT, "/created_at", "2026-01-25T10:00:00Z\n"),
    Probe("dollar-newline", "sha256", DOME_FACT, "/derived_upsert_key", "019a245f" * 8 + "\n"),
    Probe("dollar-newline", "utc", XTRL_SPACE, "/generated_at_utc", "2026-02-15T10:00:00Z\n"),
    Probe("year-zero", "date-time", CWOM_ARTIFACT, "/created_at", "0000-01-25T10:00:00Z"),
    Probe("year-zero", "date-time-utc", DOME_FACT, "/last_seen_ts", "0000-02-15T02:57:00Z"),
    Probe("year-zero", "date", CC_DAY, "/date", "0000-12-28"),
    Probe("integral-float", "3.0", CWOM_SNAPSHOT, "/constraints/energy/score_0_5", 3.0),
    Probe("integral-float", "1e300", CWOM_ARTIFACT, "/size_bytes", 1e300),
    # Probed and the same everywhere: only `\n` is special to Python's `$`; calendars; big and signed
    # numbers; lengths in code points (ajv counts a surrogate pair once); ECMA-262's white space, spelt out.
    Probe("same", "carriage-return", CC_TICKET, "/schema_version", "1.0.0\r"),
    Probe("same", "february-30", CWOM_ARTIFACT, "/created_at", "2026-02-30T10:00:00Z"),
    Probe("same", "2100-02-29", CC_DAY, "/date", "2100-02-29"),
    Probe("same", "2000-02-29", CC_DAY, "/date", "2000-02-29", valid=True),
    Probe("same", "2**64-bytes", CWOM_ARTIFACT, "/size_bytes", 2**64, valid=True),
    Probe("same", "2**64-over-maximum", CWOM_SNAPSHOT, "/constraints/energy/score_0_5", 2**64),
    Probe("same", "minus-zero", DOME_CAPSULE, "/eligibility/policy/max_contradiction_rate", -0.0, valid=True),
    Probe("same", "50-astral", CC_TICKET, "/ticket_id", "\U0001f600" * 50, valid=True),
    Probe("same", "51-astral", CC_TICKET, "/ticket_id", "\U0001f600" * 51),
    Probe("same", "zero-width-space", CC_JUSTIFIED, "/emergency_bypass/justification", "\u200b", valid=True),
    Probe("same", "ideographic-space", CC_JUSTIFIED, "/emergency_bypass/justification", "\u3000"),
]


def _with(data: Any, pointer: str, value: Any) -> Any:
    data = json.loads(json.dumps(data))
    *parents, last = pointer.removeprefix("/").split("/")
    target = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[last] = value
    return data


def _probe_subject(probe: Probe, folder: Path) -> Subject:
    family, version, kind = probe.base.split("/")[:3]
    data = _with(treaty.load_path(FIXTURES / probe.base).data, probe.pointer, probe.value)
    path = folder / f"{probe.id.replace('/', '-')}.json"
    # Raw UTF-8, not \u escapes: Treaty reads JSON with libyaml, which refuses an escaped surrogate pair.
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    expected = _expect(probe.category, valid=probe.valid)
    schema = treaty.schema_id(family, version, kind)
    ref = treaty.SchemaRef(family, kind, version)
    return Subject(
        f"probe {probe.id}",
        path,
        schema,
        data,
        read=True,
        category=probe.category,
        expected=expected,
        ref=ref,
    )


def _offline(uri: str) -> Any:
    raise LookupError(f"{uri} is not an exported schema; nothing is fetched")


def _first_line(text: str) -> str:
    return text.splitlines()[0][:160] if text else ""


def _judge_treaty(subjects: list[Subject], schemas: dict[str, Any]) -> list[Verdict]:
    """Load strictly, validate, apply policy rules: the strict path of `treaty validate`, set by set.

    Not `Runner.for_validate`: its fast path only vouches for valid documents (tests/test_fast_path.py holds
    it to the strict path), so the strict path alone is Treaty's meaning.
    """
    del schemas  # Treaty reads the same files through its catalog, after checking their manifests
    catalog = treaty.Catalog.from_directory(SCHEMAS)
    functions = {
        family.name: family.functions for family in model_families()
    }  # derived values hold, as in the fixtures gate
    runner = treaty.Runner(treaty.Selector(catalog), treaty.Validator(catalog), functions=functions)
    runs: dict[tuple[treaty.SchemaRef | None, Path | None], list[int]] = {}
    for index, subject in enumerate(subjects):
        runs.setdefault((subject.ref, subject.folder), []).append(index)
    verdicts: list[Verdict] = [Verdict(UNREAD)] * len(subjects)
    for (ref, folder), indexes in runs.items():
        report = runner.run([str(subjects[i].path) for i in indexes], ref, isolated=folder is None)
        for index, result in zip(indexes, report.results, strict=True):
            errors = [f for f in result.findings if f.severity is treaty.Severity.ERROR]
            first = f"[{errors[0].rule}] at {errors[0].pointer or '/'}: {errors[0].message}" if errors else ""
            verdicts[index] = Verdict(INVALID if errors else VALID, _first_line(first))
    return verdicts


def _judge_each(
    subjects: list[Subject], compile_: Callable[[str], Any], first_error: Callable[[Any, Any], str | None]
) -> list[Verdict]:
    """Run a Python engine over every document read, compiling each schema once."""
    compiled: dict[str, Any] = {}
    verdicts = []
    for subject in subjects:
        if not subject.read:
            verdicts.append(Verdict(UNREAD))
            continue
        try:
            if subject.schema not in compiled:
                compiled[subject.schema] = compile_(subject.schema)
            validator = compiled[subject.schema]
            error = first_error(validator, subject.data)
        except Exception as crash:  # noqa: BLE001  # an engine that cannot judge a document is a finding
            verdicts.append(Verdict(CRASHED, _first_line(repr(crash))))
            continue
        verdicts.append(Verdict(VALID) if error is None else Verdict(INVALID, _first_line(error)))
    return verdicts


def _judge_jsonschema(subjects: list[Subject], schemas: dict[str, Any]) -> list[Verdict]:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert {"date", "date-time"} <= set(checker.checkers), "rfc3339-validator missing: date-time unchecked"
    registry = referencing.Registry(retrieve=_offline).with_resources(
        (uri, DRAFT202012.create_resource(schema)) for uri, schema in schemas.items()
    )

    def compile_(uri: str) -> Any:
        return jsonschema.Draft202012Validator(schemas[uri], registry=registry, format_checker=checker)

    def first_error(validator: Any, data: Any) -> str | None:
        error = best_match(validator.iter_errors(data))  # what Draft202012Validator.validate raises
        return None if error is None else f"{error.validator} at {error.json_path}: {error.message}"

    return _judge_each(subjects, compile_, first_error)


def _judge_jsonschema_rs(subjects: list[Subject], schemas: dict[str, Any]) -> list[Verdict]:
    registry = jsonschema_rs.Registry(list(schemas.items()), retriever=_offline)

    def compile_(uri: str) -> Any:
        return jsonschema_rs.Draft202012Validator(
            schemas[uri], validate_formats=True, registry=registry, retriever=_offline
        )

    def first_error(validator: Any, data: Any) -> str | None:
        error = next(validator.iter_errors(data), None)
        if error is None:
            return None
        return f"at /{'/'.join(map(str, error.instance_path))}: {error.message}"

    return _judge_each(subjects, compile_, first_error)


def _ajv_missing() -> str | None:
    if shutil.which("node") is None:
        return f"ajv needs Node.js (20 or later) on PATH, then `{INSTALL_AJV}`"
    if not all((NODE_PROJECT / "node_modules" / name).is_dir() for name in ("ajv", "ajv-formats")):
        return f"ajv is not installed: run `{INSTALL_AJV}` (offline afterwards)"
    return None


def ajv_answers(schemas: list[Any], documents: list[list[Any]]) -> list[tuple[bool, str | None]]:
    """Run tests/engines/verdicts.mjs once on ``[schema id, data]`` pairs: each document's (valid, error)."""
    done = subprocess.run(
        [shutil.which("node") or "node", str(NODE_PROJECT / "verdicts.mjs")],
        input=json.dumps({"schemas": schemas, "documents": documents}, ensure_ascii=False, allow_nan=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, f"tests/engines/verdicts.mjs failed:\n{done.stderr}"
    return [(valid, error) for valid, error in json.loads(done.stdout)]


def _judge_ajv(subjects: list[Subject], schemas: dict[str, Any]) -> list[Verdict]:
    """One Node process for every document: each schema is compiled once, and start-up is paid once."""
    read = [subject for subject in subjects if subject.read]
    answers = iter(ajv_answers(list(schemas.values()), [[s.schema, s.data] for s in read]))
    verdicts = []
    for subject in subjects:
        if not subject.read:
            verdicts.append(Verdict(UNREAD))
            continue
        valid, error = next(answers)
        verdicts.append(Verdict(VALID) if valid else Verdict(INVALID, _first_line(error)))
    assert next(answers, None) is None, "ajv answered more documents than it was given"
    return verdicts


JUDGES = {
    "treaty": _judge_treaty,
    "jsonschema": _judge_jsonschema,
    "jsonschema-rs": _judge_jsonschema_rs,
    "ajv": _judge_ajv,
}


class Panel:
    """Every fixture and probe, and each engine's verdicts on all of them, computed once per engine."""

    def __init__(self, probe_folder: Path) -> None:
        self.fixtures = _kind_fixtures() + _set_fixtures()
        self.probes = {probe.id: _probe_subject(probe, probe_folder) for probe in PROBES}
        self.subjects = self.fixtures + list(self.probes.values())
        self.schemas = {}
        for path in sorted(SCHEMAS.glob("*/*/*.schema.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            self.schemas[schema["$id"]] = schema
        self._index = {subject.name: index for index, subject in enumerate(self.subjects)}
        self._verdicts: dict[str, list[Verdict]] = {}

    def verdicts(self, engine: str) -> list[Verdict]:
        if engine not in self._verdicts:
            self._verdicts[engine] = JUDGES[engine](self.subjects, self.schemas)
        return self._verdicts[engine]

    def verdict(self, engine: str, subject: Subject) -> Verdict:
        return self.verdicts(engine)[self._index[subject.name]]

    def explain(self, wrong: Iterable[Subject], limit: int = 20) -> str:
        """Say, for each document, what each engine answered and what it should have."""
        wrong = list(wrong)
        engines = [engine for engine in ENGINES if engine != "ajv" or _ajv_missing() is None]
        lines = []
        for subject in wrong[:limit]:
            lines.append(f"{subject.name} ({subject.category}):")
            lines.extend(
                f"    {engine}: {self.verdict(engine, subject)}; expected {subject.expected[engine]}"
                for engine in engines
            )
        if len(wrong) > limit:
            lines.append(f"... and {len(wrong) - limit} more")
        return "\n".join(lines)


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Panel:
    return Panel(tmp_path_factory.mktemp("probes"))


def _require(engine: str) -> None:
    missing = _ajv_missing() if engine == "ajv" else None
    if missing is not None:
        if REQUIRE_ENGINES:
            pytest.fail(f"{missing} (TREATY_REQUIRE_ENGINES=1: every engine must run)")
        pytest.skip(missing)


def test_fixtures_fall_into_the_counted_categories(
    panel: Panel, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = Counter(subject.category for subject in panel.fixtures)
    assert len(panel.fixtures) == _files_on_disk() > 0
    assert set(counts) <= {"same", *DIFFERENCES}
    assert counts["same"] > 0
    differences = ", ".join(f"{category} {counts[category]}" for category in DIFFERENCES)
    summary = (
        f"engines: {len(panel.fixtures)} fixtures judged by {', '.join(ENGINES)}: "
        f"{counts['same']} the same verdict in all four; expected differences: {differences}"
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:  # past pytest's capture: the line is the point of the test, pass or fail
        with capsys.disabled():
            reporter.write_line(f"\n{summary}")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_gives_every_fixture_the_same_meaning(panel: Panel, engine: str) -> None:
    _require(engine)
    verdicts = panel.verdicts(engine)[: len(panel.fixtures)]
    wrong = [s for s, v in zip(panel.fixtures, verdicts, strict=True) if v.outcome != s.expected[engine]]
    if wrong:
        pytest.fail(f"{len(wrong)} fixture(s) where {engine} disagrees:\n{panel.explain(wrong)}")
    judged = sum(verdict.outcome != UNREAD for verdict in verdicts)
    unread = 0 if engine == "treaty" else sum(s.category == "loader" for s in panel.fixtures)
    assert len(verdicts) == _files_on_disk() > 0
    assert judged == len(verdicts) - unread > 0


@pytest.mark.parametrize("probe", PROBES, ids=lambda probe: probe.id)
@pytest.mark.parametrize("engine", ENGINES)
def test_released_schemas_mean_this_to_each_engine(panel: Panel, engine: str, probe: Probe) -> None:
    _require(engine)
    subject = panel.probes[probe.id]
    # The probe is about a keyword's meaning, so Treaty must read the file as plain JSON reads it.
    read = json.dumps(treaty.load_path(subject.path).data, sort_keys=True)
    assert read == json.dumps(subject.data, sort_keys=True)
    verdict = panel.verdict(engine, subject)
    assert verdict.outcome == subject.expected[engine], panel.explain([subject])


def test_each_probe_is_classified_as_its_difference(panel: Panel) -> None:
    # The probes' categories are stated by hand; the fixtures' are found by rewriting. Both must agree.
    for probe in (probe for probe in PROBES if not probe.valid):
        subject = panel.probes[probe.id]
        assert _difference(subject.schema, subject.data) == probe.category, probe.id


def test_every_shipped_pattern_uses_dollar_only_as_its_final_anchor() -> None:
    # What makes the guide's `pattern.replace("$", r"\Z")` exact, and every anchored pattern differ alike.
    patterns: set[str] = set()
    for path in SCHEMAS.glob("*/*/*.schema.json"):
        _collect_patterns(json.loads(path.read_text(encoding="utf-8")), patterns)
    assert len(patterns) > 1
    for pattern in patterns:
        assert "$" not in pattern[:-1], pattern
        assert pattern.startswith("^") is pattern.endswith("$"), pattern


def _collect_patterns(schema: Any, found: set[str]) -> None:
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            found.add(schema["pattern"])
        for value in schema.values():
            _collect_patterns(value, found)
    elif isinstance(schema, list):
        for value in schema:
            _collect_patterns(value, found)


def _guide_recipe() -> dict[str, Any]:
    """Run the python-jsonschema recipe of the integrator guide, exactly as printed there."""
    text = GUIDE.read_text(encoding="utf-8")
    (block,) = [
        b
        for b in re.finditer(r"^ *```python\n(.*?)^ *```$", text, re.MULTILINE | re.DOTALL)
        if "ecma_" in b[1]
    ]
    # Blank lines up to the block, so that a traceback gives the guide's own line numbers.
    recipe = "\n" * text.count("\n", 0, block.start(1)) + textwrap.dedent(block[1])
    namespace: dict[str, Any] = {}
    exec(compile(recipe, str(GUIDE), "exec"), namespace)  # noqa: S102  # our own documentation's example
    return namespace


def test_the_guides_python_jsonschema_recipe_gives_treatys_schema_verdicts(panel: Panel) -> None:
    recipe = _guide_recipe()
    treaty_verdicts = panel.verdicts("treaty")
    checked = 0
    for index, subject in enumerate(panel.subjects):
        if not subject.read:
            continue
        valid = recipe["contract_validator"](subject.schema).is_valid(subject.data)
        # Treaty's policy and cross-document rules are not in the schemas: the recipe cannot see them.
        expected = subject.category == "treaty-rule" or treaty_verdicts[index].outcome == VALID
        assert valid is expected, f"the guide's recipe says valid={valid}\n{panel.explain([subject])}"
        checked += 1
    assert checked == sum(subject.read for subject in panel.subjects) > len(PROBES)
