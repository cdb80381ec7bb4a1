"""`treaty codegen`: reproducible Pydantic models from the pinned schemas, and their agreement with every fixture.

The models of every installed family version are generated once per session. Every fixture of that version
is then read with Treaty's strict loader and given to the generated model of its kind:

- a valid fixture must be accepted;
- an invalid fixture with a schema error (a JSON Schema keyword) must be rejected;
- an invalid fixture whose stated errors are all Treaty rules (policy rules, ``family/name``) must be
  *accepted*: plain models know the schema, not the toolkit's rules;
- an invalid fixture the strict loader refuses never reaches a model.

What the generated models cannot express is listed in `KNOWN_DISAGREEMENTS`, by reason; the test fails when one
of them disappears (remove it) or a new one appears.
"""

import hashlib
import importlib
import json
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError
from treaty._authoring import codegen
from treaty._authoring.codegen import MARKER, default_package, generate
from treaty._documents.document import DocumentLoadError
from treaty._documents.loader import load_path
from treaty._fixtures.distributions import fixture_versions, installed_fixtures
from treaty._fixtures.export import check_of
from treaty._validation.catalog import Catalog
from treaty._validation.refs import bundle

from .conftest import ROOT, Result, built_once

Cli = Callable[..., Result]

CATALOG = Catalog.installed()
RELEASES = [(r.family, r.version) for r in CATALOG.all_releases()]

CONDITIONAL = (
    "if/then/else: the generated models hold a conditional's required keys when its condition is a const "
    "(--generate-schema-validators), but not the rest of a then/else branch (a pattern, maxItems, minItems, an "
    "enum, a type) nor a condition written with `not`"
)
CALENDAR = (
    "format date-time: timestamps are strings held by the schema's pattern (--type-mappings date-time=string), "
    "so a date that matches the pattern but not the calendar (February 30, a 29 February outside a leap year) "
    "passes"
)
CONST_ARRAY = (
    "const on an array: datamodel-code-generator types it as a list of the items and drops the const"
)


def _in_versions(family: str, versions: tuple[str, ...], *files: str) -> tuple[str, ...]:
    """Return ``family/version/file`` for every version: the same fixture, copied into each version."""
    return tuple(f"{family}/{version}/{file}" for version in versions for file in files)


KNOWN_DISAGREEMENTS: dict[str, tuple[str, ...]] = {
    CONDITIONAL: (
        # The justification's non-blank pattern (ECMA-262 white space, U+FEFF included) sits in the `then` of
        # `enabled: true`, so the models hold none of it: blank, or only a byte order mark, passes.
        *_in_versions(
            "change_control",
            ("1.0.0", "1.1.0", "1.2.0", "1.3.0"),
            "ticket_contract/invalid/bypass-enabled-blank-justification.yaml",
            "ticket_contract/invalid/bypass-enabled-empty-follow-up.yaml",
            "ticket_contract/invalid/bypass-justification-bom-only.json",
            "ticket_contract/invalid/interfaces-without-interface-change.yaml",
        ),
        # An evidence check's outcome decides its exit code, and `shell: true` one command string: both `then`s.
        *_in_versions(
            "change_control",
            ("1.3.0",),
            "evidence_report/invalid/failed-zero.yaml",
            "evidence_report/invalid/passed-non-zero.yaml",
            "evidence_report/invalid/timed-out-with-code.yaml",
            "ticket_contract/invalid/shell-two-words.yaml",
        ),
        *_in_versions(
            "dome",
            ("0.1.0", "0.2.0", "0.3.0"),
            "capsule/invalid/task-spec-no-reason-code.yaml",
            "task_spec/invalid/no-reason-code.yaml",
            "task_spec/invalid/reason-code-null-only.yaml",
            "wrapper_envelope/invalid/guard-denial-policy-code-null.yaml",
            "wrapper_envelope/invalid/guard-denial-without-policy-code.yaml",
            "wrapper_envelope/invalid/missing-task-spec-failure-reason-code.yaml",
            "wrapper_envelope/invalid/trigger-on-failed-gate.yaml",
        ),
        *_in_versions(
            "xtrl",
            ("0.1.0", "0.2.0"),
            "guard_eval/invalid/fail-allow.yaml",
            "guard_eval/invalid/fail-empty-reason-codes.yaml",
            "guard_eval/invalid/fail-null-decision.yaml",
            "guard_eval/invalid/pass-deny.yaml",
            "guard_eval/invalid/pass-stop.yaml",
            "guard_eval/invalid/skip-with-deny.yaml",
            "guardrails_bundle/invalid/meta-eval-fail-allow.yaml",
            "state_space/invalid/ambiguous-no-candidates.yaml",
            "state_space/invalid/ambiguous-one-candidate.yaml",
            "state_space/invalid/ambiguous-with-state-id.yaml",
            "state_space/invalid/meta-eval-fail-allow.yaml",
            "state_space/invalid/meta-eval-pass-deny.yaml",
            "state_space/invalid/unknown-with-state-id.yaml",
        ),
    ),
    CALENDAR: (
        "change_control/1.3.0/evidence_report/invalid/impossible-time.yaml",
        *_in_versions(
            "cwom",
            ("0.1.0", "0.2.0"),
            "artifact/invalid/created-at-feb-30.yaml",
            "constraint_snapshot/invalid/captured-at-feb-30.yaml",
            "constraint_snapshot/invalid/captured-at-not-leap-year.yaml",
            "context_packet/invalid/updated-at-feb-30.yaml",
            "doctrine_ref/invalid/updated-at-not-leap-year.yaml",
        ),
        *_in_versions(
            "dome",
            ("0.1.0", "0.2.0", "0.3.0"),
            "event_envelope/invalid/ts-not-a-date.yaml",
            "event_envelope/invalid/ts-not-leap-year.yaml",
            "guard_denial_row/invalid/updated-ts-not-a-date.yaml",
        ),
        *_in_versions(
            "xtrl",
            ("0.1.0", "0.2.0"),
            "state_space/invalid/generated-at-february-30.yaml",
            "state_space/invalid/generated-at-not-leap-year.yaml",
        ),
    ),
    CONST_ARRAY: _in_versions(
        "xtrl",
        ("0.1.0", "0.2.0"),
        "reason_codes/invalid/precedence-permuted.yaml",
        "reason_codes/invalid/precedence-three-classes.yaml",
    ),
}
KNOWN = {case: reason for reason, cases in KNOWN_DISAGREEMENTS.items() for case in cases}


@dataclass(frozen=True)
class Case:
    """One fixture of an installed fixtures distribution, with the checks its stated errors come from."""

    family: str
    version: str
    kind: str
    file: str
    path: Path
    valid: bool
    checks: frozenset[str]
    """``schema``, ``loader`` and/or ``rule``: which checks report the stated errors (none for a valid case)."""

    @property
    def id(self) -> str:
        """Return ``family/version/kind/file``."""
        return f"{self.family}/{self.version}/{self.kind}/{self.file}"


def _cases() -> Iterator[Case]:
    for family, dist in installed_fixtures().items():
        for version in fixture_versions(dist.root):
            for index in sorted((dist.root / version).glob("*/cases.yaml")):
                kind = index.parent.name
                for entry in load_path(index).data["cases"]:
                    yield Case(
                        family,
                        version,
                        kind,
                        entry["file"],
                        index.parent / entry["file"],
                        entry["valid"],
                        frozenset(check_of(e) for e in entry.get("errors", [])),
                    )


CASES = sorted(_cases(), key=lambda c: c.id)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], ModuleType]]:
    """Generate every installed family version once per run, into a folder on sys.path; return the packages."""
    packages = {
        (family, version): f"treaty_codegen_test_{default_package(family, version)}"
        for family, version in RELEASES
    }

    def build(folder: Path) -> None:
        for (family, version), name in packages.items():
            generate(CATALOG, f"{family}@{version}", folder / name)

    folder = built_once(tmp_path_factory, "codegen", build)
    sys.path.insert(0, str(folder))
    try:
        yield {key: importlib.import_module(name) for key, name in packages.items()}
    finally:
        sys.path.remove(str(folder))
        for module in [m for m in sys.modules if m.startswith("treaty_codegen_test_")]:
            del sys.modules[module]


def _accepts(model: Any, data: Any) -> tuple[bool, str]:
    try:
        model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        return False, f"at {'/'.join(map(str, first['loc']))}: {first['msg']}"
    return True, ""


def test_every_family_version_is_generated(generated: dict[tuple[str, str], ModuleType]) -> None:
    assert sorted(generated) == sorted(RELEASES)
    for (family, version), package in generated.items():
        release = CATALOG.release(family, version)
        assert family == package.FAMILY
        assert version == package.VERSION
        assert release.manifest_sha256 == package.MANIFEST_SHA256
        assert sorted(package.KINDS) == release.kinds


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_generated_models_agree_with_fixture(
    case: Case, generated: dict[tuple[str, str], ModuleType]
) -> None:
    model = generated[(case.family, case.version)].KINDS[case.kind]
    try:
        data = load_path(case.path).data
    except DocumentLoadError:
        assert not case.valid
        assert "loader" in case.checks, (
            f"{case.id}: refused by the loader, but its index states no loader rule"
        )
        return
    accepted, complaint = _accepts(model, data)
    if case.valid:
        expected, why = True, "a valid fixture"
    elif "schema" in case.checks:
        expected, why = False, "an invalid fixture with a schema error"
    else:  # only Treaty rules: the schema, and so a plain model, accepts the document
        assert case.checks == {"rule"}, case.checks
        expected, why = True, "an invalid fixture whose only errors are Treaty rules (not JSON Schema)"
    if case.id in KNOWN:
        assert accepted != expected, (
            f"{case.id} is listed as a known disagreement ({KNOWN[case.id]}), but the generated model now "
            "agrees with the fixture: remove it from KNOWN_DISAGREEMENTS (and from docs/cli.md)"
        )
        return
    verdict = "accepts" if accepted else f"rejects ({complaint})"
    assert accepted == expected, f"{why}, but the generated model {verdict}"


def test_known_disagreements_name_existing_fixtures() -> None:
    ids = {case.id for case in CASES}
    assert set(KNOWN) <= ids
    assert all(
        not case.valid for case in CASES if case.id in KNOWN
    )  # a valid fixture is never allowed to fail


def test_policy_only_fixtures_exist_and_are_covered() -> None:
    policy_only = [case for case in CASES if not case.valid and case.checks == {"rule"}]
    assert policy_only, "the explicit policy-only branch of the agreement test covers no fixture"
    assert not {case.id for case in policy_only} & set(KNOWN)


def test_known_disagreements_are_documented() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = docs.split("## treaty codegen", 1)[1]
    for cases in KNOWN_DISAGREEMENTS.values():
        assert f"{len(cases)} fixture" in section
    for name in sorted({case.split("/")[0] for case in KNOWN}):
        assert name in section


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_generation_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    first = generate(CATALOG, "dome@0.1.0", tmp_path / "one" / "dome_0_1_0").out
    before = _tree(first)
    generate(CATALOG, "dome@0.1.0", first)  # again, in place
    other = generate(CATALOG, "dome@0.1.0", tmp_path / "two" / "elsewhere" / "dome_0_1_0").out
    assert _tree(first) == before
    assert _tree(other) == before
    assert sorted(before) == [
        "__init__.py",
        *(f"{kind}.py" for kind in CATALOG.release("dome", "0.1.0").kinds),
    ]


def test_header_names_the_pins_and_no_time(tmp_path: Path) -> None:
    out = generate(CATALOG, "dome@0.1.0", tmp_path / "dome_0_1_0").out
    manifest = ROOT / "schemas" / "dome" / "0.1.0" / "manifest.json"
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    for module in sorted(out.glob("*.py")):
        head = module.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert head.startswith(f"{MARKER} from dome@0.1.0; do not edit.")
        assert f"manifest sha256 {digest}" in head
        assert "pinned to xtrl@0.1.0" in head
        assert f"datamodel-code-generator {metadata.version('datamodel-code-generator')}" in head
        assert not re.search(r"\b20\d\d-\d\d-\d\d|\d\d:\d\d|timestamp|filename", head)
        text = module.read_text(encoding="utf-8")
        assert str(tmp_path) not in text
        assert "generated by datamodel-codegen" not in text


@pytest.mark.parametrize(("family", "version"), RELEASES)
def test_bundled_schemas_refer_to_nothing_outside(family: str, version: str) -> None:
    """The generator reads self-contained schemas: every reference is local, so nothing can be fetched."""
    resolve = codegen.resolver(CATALOG)
    release = CATALOG.release(family, version)
    for kind in release.kinds:
        text = json.dumps(bundle(release.schemas[kind], resolve))
        refs = set(re.findall(r'"\$ref": "([^"]*)"', text))
        assert refs, kind
        assert all(ref.startswith("#/") for ref in refs), refs


def test_the_options_table_is_documented_and_the_pin_has_one_source() -> None:
    table = tomllib.loads(
        (ROOT / "packages/treaty/src/treaty/_data/codegen.toml").read_text(encoding="utf-8")
    )
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("## treaty codegen", 1)[1]
    for name in table["options"]:
        assert f"`--{name}" in docs, name
    pyproject = tomllib.loads((ROOT / "packages/treaty/pyproject.toml").read_text(encoding="utf-8"))
    (pin,) = pyproject["project"]["optional-dependencies"]["codegen"]
    assert re.fullmatch(r"datamodel-code-generator==[0-9.]+", pin)
    assert pin.split("==")[1] == codegen.pinned_version() == metadata.version("datamodel-code-generator")
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert "datamodel-code-generator" not in noxfile  # the sessions get it through the extra, every extra
    assert '"--all-extras"' in noxfile
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    locked = {p["name"]: p.get("version") for p in lock["package"]}
    assert locked["datamodel-code-generator"] == pin.split("==")[1]


# The command line and its errors


def test_codegen_command_writes_the_default_package(cli: Cli, tmp_path: Path) -> None:
    result = cli("codegen", "xtrl@0.1.0", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "xtrl_0_1_0" in result.out
    assert sorted(p.name for p in (tmp_path / "xtrl_0_1_0").glob("*.py")) == [
        "__init__.py",
        "guard_eval.py",
        "guardrails_bundle.py",
        "plant_spec.py",
        "reason_codes.py",
        "state_space.py",
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nosuch@1.0.0", "no schemas are installed for the family 'nosuch'"),
        ("dome@9.9.9", "dome has no version 9.9.9"),
        ("dome", "name a family version as FAMILY@VERSION"),
        ("@0.1.0", "name a family version as FAMILY@VERSION"),
    ],
)
def test_codegen_refuses_an_unknown_family_or_version(
    cli: Cli, tmp_path: Path, spec: str, message: str
) -> None:
    result = cli("codegen", spec, cwd=tmp_path)
    assert result.code == 2
    assert message in result.err
    assert "hint:" in result.err
    assert "Traceback" not in result.err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("tampered", "spec"),
    [("cwom/0.1.0/run.schema.json", "cwom@0.1.0"), ("xtrl/0.1.0/definitions.schema.json", "dome@0.1.0")],
    ids=["own-schema", "pinned-definitions"],
)
def test_codegen_refuses_a_tampered_schema(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tampered: str, spec: str
) -> None:
    copy = tmp_path / "schemas"
    for family in ("cwom", "dome", "xtrl"):
        for path in sorted((ROOT / "schemas" / family).rglob("*")):
            if path.is_file():
                target = copy / path.relative_to(ROOT / "schemas")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    (copy / tampered).write_text((copy / tampered).read_text().replace('"description"', '"$comment"', 1))
    monkeypatch.setattr(Catalog, "installed", classmethod(lambda _cls: Catalog.from_directory(copy)))
    result = cli("codegen", spec, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.code == 2
    assert "differs from its manifest (sha256 mismatch)" in result.err
    assert tampered.rsplit("/", 1)[1] in result.err
    assert not (tmp_path / "out").exists()


def test_codegen_without_the_extra_says_what_to_install(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = metadata.version

    def missing(name: str) -> str:
        if name == "datamodel-code-generator":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr("treaty._authoring.codegen.metadata.version", missing)
    result = cli("codegen", "dome@0.1.0", cwd=tmp_path)
    assert result.code == 2
    assert "needs datamodel-code-generator" in result.err
    assert "hint: pip install 'treaty-toolkit[codegen]'" in result.err
    assert not any(tmp_path.iterdir())


def test_codegen_refuses_another_generator_version(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = metadata.version
    monkeypatch.setattr(
        "treaty._authoring.codegen.metadata.version",
        lambda name: "0.1.0" if name == "datamodel-code-generator" else real(name),
    )
    result = cli("codegen", "dome@0.1.0", cwd=tmp_path)
    assert result.code == 2
    assert "(installed: 0.1.0)" in result.err
    assert "pip install 'treaty-toolkit[codegen]'" in result.err


def test_codegen_refuses_a_directory_of_other_files(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "models"
    out.mkdir()
    (out / "mine.py").write_text("x = 1\n")
    result = cli("codegen", "cwom@0.1.0", "--out", str(out), cwd=tmp_path)
    assert result.code == 2
    assert "holds files that treaty codegen did not write: mine.py" in result.err
    assert "--force" in result.err
    assert sorted(p.name for p in out.iterdir()) == ["mine.py"]
    forced = cli("codegen", "cwom@0.1.0", "--out", str(out), "--force", cwd=tmp_path)
    assert forced.code == 0, forced.err
    assert (out / "mine.py").read_text() == "x = 1\n"
    assert (out / "run.py").is_file()


def test_codegen_regenerates_its_own_output_and_drops_stale_modules(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "cwom_models"
    assert cli("codegen", "cwom@0.1.0", "--out", str(out), cwd=tmp_path).code == 0
    (out / "retired_kind.py").write_text(f"{MARKER} from cwom@0.0.9; do not edit.\n")
    (out / "__pycache__").mkdir()
    result = cli("codegen", "cwom@0.1.0", "--out", str(out), cwd=tmp_path)
    assert result.code == 0, result.err
    assert not (out / "retired_kind.py").exists()


@pytest.mark.parametrize("name", ["not-a-package", "class", "1st"])
def test_codegen_refuses_an_unimportable_package_name(cli: Cli, tmp_path: Path, name: str) -> None:
    result = cli("codegen", "cwom@0.1.0", "--out", str(tmp_path / name), cwd=tmp_path)
    assert result.code == 2
    assert "cannot be imported as a Python package" in result.err


def test_codegen_refuses_a_file_as_out(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "models").write_text("")
    result = cli("codegen", "cwom@0.1.0", "--out", str(tmp_path / "models"), cwd=tmp_path)
    assert result.code == 2
    assert "is a file" in result.err


def test_a_failing_generator_is_an_error_without_a_traceback(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(codegen, "options", lambda: ["--no-such-option"])
    result = cli("codegen", "cwom@0.1.0", cwd=tmp_path)
    assert result.code == 2
    assert "datamodel-code-generator failed on cwom@0.1.0" in result.err
    assert "hint:" in result.err
    assert not any(tmp_path.iterdir())


def test_a_treaty_without_the_pin_is_a_configuration_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("treaty._authoring.codegen.metadata.requires", lambda _name: ["PyYAML>=6.0.1"])
    result = cli("codegen", "cwom@0.1.0", cwd=tmp_path)
    assert result.code == 2
    assert "pins no exact datamodel-code-generator version" in result.err
