"""Standalone schemas: `treaty schemas export` for other validators, templates' modelines and `treaty editor vscode`.

The exported files must be usable with nothing of Treaty's: every fixture is judged by check-jsonschema and by
ajv against them alone (no registry, no other file), and each must give the verdict tests/test_engines.py
expects of that engine family, by the same classification of the fixtures. The YAML language server itself
is driven by `nox -s editors` (tests/editors/); here the modelines and settings are held to the files they name.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from treaty._documents.loader import load_path
from treaty._validation.catalog import Catalog
from treaty._validation.refs import DEFINITIONS
from treaty._validation.standalone import INDEX_FILE, export_schemas

from .conftest import ROOT, Result
from .test_engines import (
    INVALID,
    NODE_PROJECT,
    REQUIRE_ENGINES,
    UNREAD,
    VALID,
    Subject,
    _ajv_missing,
    _kind_fixtures,
    _set_fixtures,
    ajv_answers,
)

Cli = Callable[..., Result]

CATALOG = Catalog.installed()
PEER: dict[str, str] = {
    "ajv": "ajv",
    # check-jsonschema is python-jsonschema with ECMA-262 patterns (regress) and its own format checks: in
    # every category of tests/test_engines.py it stands where jsonschema-rs stands (3.0 is an integer, `$`
    # never matches before a final newline).
    "check-jsonschema": "jsonschema-rs",
}
"""Each standalone engine, and the engine of tests/test_engines.py whose expected verdicts it must give."""
INSTALL_CHECK_JSONSCHEMA = "the `test` dependency group needs check-jsonschema (today only `bench` has it)"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding an export of every installed schema distribution."""
    out = tmp_path_factory.mktemp("standalone") / "schemas"
    export_schemas(CATALOG, out)
    return out


def _files(exported: Path) -> dict[str, Any]:
    return {
        p.relative_to(exported).as_posix(): json.loads(p.read_bytes())
        for p in sorted(exported.glob("*/*/*.schema.json"))
    }


def test_every_installed_kind_is_one_self_contained_file(exported: Path) -> None:
    files = _files(exported)
    expected = {
        f"{r.family}/{r.version}/{kind}.schema.json": (r, kind)
        for r in CATALOG.all_releases()
        for kind in r.kinds
    }
    assert set(files) == set(expected)
    assert any(ref.startswith("urn:") for r, _ in expected.values() for ref in _refs(dict(r.schemas)))
    for name, schema in files.items():
        release, kind = expected[name]
        assert schema["$id"] == f"urn:treaty:{release.family}:{release.version}:{kind}", name
        assert all(ref.startswith("#/$defs/") for ref in _refs(schema)), name

    # A registry that knows nothing else: every reference of a standalone file resolves within it.
    def nothing(uri: str) -> referencing.Resource[Any]:
        raise referencing.exceptions.NoSuchResource(ref=uri)

    lonely: referencing.Registry[Any] = referencing.Registry(retrieve=nothing)  # type: ignore[call-arg]
    dome = files["dome/0.3.0/wrapper_envelope.schema.json"]
    validator = jsonschema.Draft202012Validator(dome, registry=lonely)
    template = load_path(ROOT / "templates" / "dome" / "wrapper_envelope.template.yaml").data
    assert validator.is_valid(template)
    template["task_spec"]["failure_reason_code"] = "NOT_A_CODE"  # one of xtrl's codes, bundled
    assert [e.validator for e in validator.iter_errors(template)] == ["enum"]


def test_the_index_lists_every_file_with_its_digest(exported: Path) -> None:
    index = json.loads((exported / INDEX_FILE).read_bytes())
    assert index["generator"] == "treaty schemas export"
    assert index["dialect"] == "https://json-schema.org/draft/2020-12/schema"
    assert "x-treaty-rule" in index["keywords"]
    files = {entry["path"] for entry in index["files"]}
    assert files == set(_files(exported)) == {entry["path"] for entry in index["schemas"]}
    assert all(DEFINITIONS not in entry["kind"] for entry in index["schemas"])


def test_export_is_deterministic_and_a_narrower_one_removes_the_rest(
    exported: Path, cli: Cli, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    done = cli("schemas", "export", str(again))
    assert done.code == 0, done.err
    assert _tree(again) == _tree(exported)
    narrow = cli("schemas", "export", str(again), "--family", "dome", "--version", "0.2.0")
    assert narrow.code == 0, narrow.err
    assert "exported dome 0.2.0: 8 self-contained schemas" in narrow.out
    assert sorted({name.rsplit("/", 1)[0] for name in _files(again)}) == ["dome/0.2.0"]


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--family", "dom"], "no schemas are installed for the family 'dom'", "did you mean 'dome'?"),
        (
            ["--family", "dome", "--version", "9.9.9"],
            "no installed schemas of dome 9.9.9",
            "leave out --version",
        ),
        (["--version", "9.9.9"], "no installed family has schemas of 9.9.9", "installed versions:"),
    ],
)
def test_export_usage_errors_say_what_is_installed(
    cli: Cli, tmp_path: Path, args: list[str], message: str, hint: str
) -> None:
    result = cli("schemas", "export", str(tmp_path / "out"), *args)
    assert result.code == 2
    assert message in result.err
    assert hint in result.err
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_folder_it_did_not_write(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    result = cli("schemas", "export", str(tmp_path))
    assert result.code == 2
    assert "holds no earlier export (no schemas.json" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_treaty_schemas_alone_still_lists_the_installed_families(cli: Cli) -> None:
    result = cli("schemas")
    assert result.code == 0, result.err
    assert "dome 0.3.0: binder_fact, capsule" in result.out


# --- Every fixture, judged by other validators against the standalone files alone -----------------------


@pytest.fixture(scope="module")
def subjects() -> list[Subject]:
    """Every fixture document Treaty reads, classified as tests/test_engines.py classifies it."""
    return [s for s in _kind_fixtures() + _set_fixtures() if s.read]


def _schema_file(exported: Path, subject: Subject) -> Path:
    family, version, kind = subject.schema.removeprefix("urn:treaty:").split(":")
    return exported / family / version / f"{kind}.schema.json"


def _judge_ajv(exported: Path, subjects: list[Subject]) -> list[bool]:
    """Run tests/engines/verdicts.mjs with the standalone files as the only schemas it knows."""
    documents = [[subject.schema, subject.data] for subject in subjects]
    return [valid for valid, _ in ajv_answers(list(_files(exported).values()), documents)]


# check-jsonschema's own command, once per schema file, all in one process: its start-up is paid once.
CHECK_JSONSCHEMA_BATCH = """
import contextlib, io, json, sys
from check_jsonschema import main
answers = {}
for schema, documents in json.load(sys.stdin):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["--schemafile", schema, "--output-format", "json", *documents])
    report = json.loads(out.getvalue())
    failed = {error["filename"] for error in report["errors"]} | {e["filename"] for e in report["parse_errors"]}
    answers.update({document: document not in failed for document in documents})
json.dump(answers, sys.stdout)
"""


def _judge_check_jsonschema(exported: Path, subjects: list[Subject], folder: Path) -> list[bool]:
    """Give check-jsonschema each document as the JSON Treaty read, grouped by schema file."""
    jobs: dict[str, list[str]] = {}
    names = []
    for number, subject in enumerate(subjects):
        name = folder / f"{number}.json"
        name.write_text(json.dumps(subject.data, ensure_ascii=False), encoding="utf-8")
        jobs.setdefault(str(_schema_file(exported, subject)), []).append(str(name))
        names.append(str(name))
    done = subprocess.run(
        [sys.executable, "-c", CHECK_JSONSCHEMA_BATCH],
        input=json.dumps(sorted(jobs.items())),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, f"check-jsonschema failed:\n{done.stderr}"
    answers = json.loads(done.stdout)
    return [answers[name] for name in names]


def _missing(engine: str) -> str | None:
    if engine == "ajv":
        return _ajv_missing()
    return None if find_spec("check_jsonschema") else INSTALL_CHECK_JSONSCHEMA


def _require(engine: str) -> None:
    missing = _missing(engine)
    if missing is not None:
        if REQUIRE_ENGINES:
            pytest.fail(f"{missing} (TREATY_REQUIRE_ENGINES=1: every engine must run)")
        pytest.skip(missing)


@pytest.mark.parametrize("engine", sorted(PEER))
def test_other_validators_give_every_fixture_its_verdict_from_the_standalone_files_alone(
    exported: Path, engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    _require(engine)
    subjects: list[Subject] = request.getfixturevalue("subjects")  # 4 s of reading: only when judged
    valid = (
        _judge_ajv(exported, subjects)
        if engine == "ajv"
        else _judge_check_jsonschema(exported, subjects, tmp_path)
    )
    expected = [subject.expected[PEER[engine]] for subject in subjects]
    assert UNREAD not in expected  # documents Treaty's reader refuses are given to no other engine
    wrong = [
        f"{s.name} ({s.category}): {engine} says {VALID if v else INVALID}, expected {e}"
        for s, v, e in zip(subjects, valid, expected, strict=True)
        if (VALID if v else INVALID) != e
    ]
    assert not wrong, f"{len(wrong)} fixture(s):\n" + "\n".join(wrong[:20])
    assert len(subjects) > 2000
    assert expected.count(INVALID) > 300


# --- Editors: templates' modelines and VS Code's settings -----------------------------------------------

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)
URN = re.compile(r"^# Schema: (urn:treaty:\S+)$", re.MULTILINE)


def test_every_template_names_its_kinds_standalone_schema_in_the_editor_folder(exported: Path) -> None:
    templates = sorted((ROOT / "templates").glob("*/*.template.yaml"))
    assert len(templates) > 20
    editor_dir = (ROOT / "build" / "schemas").resolve()  # [tool.treaty] editor-schemas-dir, by default
    for template in templates:
        text = template.read_text(encoding="utf-8")
        (link,) = MODELINE.findall(text)
        (urn,) = URN.findall(text)
        target = (template.parent / link).resolve()  # as the language server resolves a relative modeline
        relative = target.relative_to(editor_dir).as_posix()
        # The file an export writes there is the schema the template's header names.
        assert json.loads((exported / relative).read_bytes())["$id"] == urn, template
        assert text.index(link) < text.index("\n\n"), "the modeline belongs to the header comment"


PROJECT = """\
[tool.treaty]
editor-schemas-dir = "out/schemas"

[tool.treaty.paths]
"contracts/envelopes/*.yaml" = "dome/wrapper_envelope"
"contracts/**/ticket*.yaml" = "change_control/ticket_contract@1.0.0"
"legacy/*.yaml" = "change_control/ticket_contract@1.0.0"
"""


@pytest.fixture
def project(tmp_path: Path, exported: Path) -> Path:
    root = tmp_path / "project"
    (root / "out").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    shutil.copytree(exported, root / "out" / "schemas")
    return root


def test_vscode_settings_map_each_path_rule_to_its_standalone_schema(cli: Cli, project: Path) -> None:
    settings = project / ".vscode" / "settings.json"
    settings.parent.mkdir()
    mine = {
        "editor.rulers": [110],
        "yaml.schemas": {"https://json.schemastore.org/github-workflow.json": [".github/workflows/*.yml"]},
    }
    stale = {"out/schemas/dome/0.1.0/wrapper_envelope.schema.json": ["old/*.yaml"]}  # an earlier run's
    settings.write_text(
        json.dumps({**mine, "yaml.schemas": {**mine["yaml.schemas"], **stale}}), encoding="utf-8"
    )

    result = cli(
        "editor", "vscode", cwd=project / "out"
    )  # the project is found upwards, as validate finds it
    assert result.code == 0, result.err
    written = json.loads(settings.read_bytes())
    assert written["editor.rulers"] == [110]
    assert written["yaml.schemas"] == {
        **mine["yaml.schemas"],
        "out/schemas/change_control/1.0.0/ticket_contract.schema.json": [
            "contracts/**/ticket*.yaml",
            "legacy/*.yaml",
        ],
        "out/schemas/dome/0.3.0/wrapper_envelope.schema.json": ["contracts/envelopes/*.yaml"],  # the newest
    }
    # Relative paths resolve against the workspace folder (VS Code's, and the language server's rule).
    for schema, globs in written["yaml.schemas"].items():
        if schema.startswith("out/"):
            kind = json.loads((project / schema).read_bytes())["$id"].split(":")[-1]
            assert all(kind in PROJECT.split(glob, 1)[1].splitlines()[0] for glob in globs)

    before = settings.read_bytes()
    again = cli("editor", "vscode", cwd=project)
    assert again.code == 0, again.err
    assert "already holds 2 yaml.schemas entries" in again.out
    assert settings.read_bytes() == before


def test_vscode_settings_with_comments_are_left_alone(cli: Cli, project: Path) -> None:
    settings = project / ".vscode" / "settings.json"
    settings.parent.mkdir()
    jsonc = '{\n    // my font\n    "editor.fontSize": 14,\n}\n'
    settings.write_text(jsonc, encoding="utf-8")
    result = cli("editor", "vscode", cwd=project)
    assert result.code == 2
    assert "is not plain JSON" in result.err
    assert "out/schemas/dome/0.3.0/wrapper_envelope.schema.json" in result.err  # what to add by hand
    assert settings.read_text(encoding="utf-8") == jsonc


@pytest.mark.parametrize(
    ("pyproject", "message", "hint"),
    [
        ("[tool.treaty]\n", "no [tool.treaty.paths] rules", "[tool.treaty.paths]"),
        (
            '[tool.treaty]\neditor-schemas-dir = "nowhere"\n[tool.treaty.paths]\n"a/*.yaml" = "dome/capsule"\n',
            "holds no standalone schemas",
            "run `treaty schemas export",
        ),
        (
            PROJECT + '"b/*.yaml" = "dome/capsule@9.0.0"\n',
            "'b/*.yaml' = 'dome/capsule@9.0.0': ",
            "install its family's schemas",
        ),
    ],
)
def test_vscode_settings_usage_errors(
    cli: Cli, project: Path, pyproject: str, message: str, hint: str
) -> None:
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    result = cli("editor", "vscode", cwd=project)
    assert result.code == 2
    assert message in result.err
    assert hint in result.err
    assert not (project / ".vscode").exists()


# --- The integrator guide's snippets, exactly as printed ---------------------------------------------------

GUIDE = ROOT / "docs" / "integrator-guide.md"


def _guide_blocks(language: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Standalone schemas: other validators and editors", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"^```{language}\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


def _guide_project(tmp_path: Path, exported: Path) -> Path:
    """Return a project with the guide's [tool.treaty] table, its export, and a valid and an invalid capsule."""
    (toml,) = _guide_blocks("toml")
    root = tmp_path / "guide"
    (root / "build").mkdir(parents=True)
    (root / "pyproject.toml").write_text(toml, encoding="utf-8")
    shutil.copytree(exported, root / "build" / "schemas")
    capsules = ROOT / "fixtures" / "dome" / "0.2.0" / "capsule"
    (root / "capsules").mkdir()
    shutil.copy(capsules / "valid" / "confidence-one.yaml", root / "capsules" / "valid.yaml")
    shutil.copy(capsules / "invalid" / "confidence-above-one.yaml", root / "capsules" / "invalid.yaml")
    return root


def test_the_guides_export_and_editor_settings_are_what_the_commands_write(
    cli: Cli, tmp_path: Path, exported: Path
) -> None:
    export_run, _ = _guide_blocks("console")
    command, *printed = export_run.splitlines()
    root = _guide_project(tmp_path, exported)
    out = tmp_path / "fresh"
    out.mkdir()
    done = cli(*command.removeprefix("$ treaty ").split(), cwd=out)
    assert (done.code, done.out.splitlines()) == (0, printed)
    assert cli("editor", "vscode", cwd=root).code == 0
    (settings,) = _guide_blocks("json")
    assert (root / ".vscode" / "settings.json").read_text(encoding="utf-8") == settings


def test_the_guides_check_jsonschema_command_runs(tmp_path: Path, exported: Path) -> None:
    _require("check-jsonschema")
    _, run = _guide_blocks("console")
    words = run.removeprefix("$ check-jsonschema ").split()
    root = _guide_project(tmp_path, exported)
    documents = sorted(str(p.relative_to(root)) for p in root.glob(words[-1]))
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *words[:-1], *documents],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "capsules/invalid.yaml::$.confidence: 1.5 is greater than the maximum of 1" in done.stdout
    assert "capsules/valid.yaml" not in done.stdout


def test_the_guides_ajv_script_runs(tmp_path: Path, exported: Path) -> None:
    _require("ajv")
    (script,) = _guide_blocks("js")
    root = _guide_project(tmp_path, exported)
    (root / "validate.mjs").write_text(script, encoding="utf-8")
    (root / "node_modules").symlink_to(NODE_PROJECT / "node_modules")  # ajv and ajv-formats, as locked
    verdicts = {}
    for name in ("valid", "invalid"):
        document = root / f"{name}.json"
        document.write_text(json.dumps(load_path(root / "capsules" / f"{name}.yaml").data), encoding="utf-8")
        verdicts[name] = subprocess.run(
            [
                shutil.which("node") or "node",
                "validate.mjs",
                "build/schemas",
                "urn:treaty:dome:0.2.0:capsule",
                document.name,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    assert (verdicts["valid"].returncode, verdicts["valid"].stdout) == (0, "valid\n"), verdicts[
        "valid"
    ].stderr
    assert verdicts["invalid"].returncode == 1
    assert json.loads(verdicts["invalid"].stdout)[0]["instancePath"] == "/confidence"
