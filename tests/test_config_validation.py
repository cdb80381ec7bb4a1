"""Configuration is checked, and paths have one glob dialect.

A misspelt or mistyped key of ``[tool.treaty]`` or ``[tool.pytest-treaty]`` is a usage error that names the
file and the key and suggests the nearest one, never a setting silently ignored. Command-line globs and
``[tool.treaty.paths]`` rules read patterns the same way: ``**/`` matches zero or more folders, ``*`` stays
within one.
"""

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest
from pytest_treaty._config import ConfigError as PluginConfigError
from pytest_treaty._config import load_settings
from treaty._documents.files import expand, glob_match, glob_parts
from treaty._validation.catalog import Catalog
from treaty._validation.select import Selector

from tests.conftest import TICKET, Result

SCHEMA = "change_control/ticket_contract"


def _project(folder: Path, pyproject: str) -> Path:
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (folder / "t.yaml").write_text(TICKET, encoding="utf-8")
    return folder / "pyproject.toml"


@pytest.mark.parametrize(
    ("pyproject", "message", "hint"),
    [
        (
            '[tool.treaty.path]\n"contracts/*.yaml" = "change_control/day_close"\n',
            "[tool.treaty] path: unknown table",
            "did you mean [tool.treaty.paths]?",
        ),
        (
            '[tool.treaty]\nshemas-dir = "schemas"\n',
            "[tool.treaty] shemas-dir: unknown key",
            "did you mean 'schemas-dir'?",
        ),
        (
            "[tool.treaty]\nbogus = 1\n",
            "[tool.treaty] bogus: unknown key",
            "[tool.treaty] takes schemas-dir, fixtures-dir, templates-dir, packages-dir, editor-schemas-dir and [tool.treaty.paths]",
        ),
        (
            "[tool.treaty]\nfixtures-dir = 3\n",
            "[tool.treaty] fixtures-dir: must be a string, not an integer",
            'write fixtures-dir = "fixtures"',
        ),
        (
            '[tool.treaty]\npaths = "contracts/*.yaml"\n',
            "[tool.treaty] paths: must be a table, not a string",
            "write [tool.treaty.paths]",
        ),
        (
            '[tool.treaty.paths]\n"contracts/*.yaml" = ["change_control/day_close"]\n',
            "[tool.treaty.paths] 'contracts/*.yaml': must be a family/kind string, not an array",
            "map a glob to a schema",
        ),
        (
            "[tool]\ntreaty = true\n",
            "[tool.treaty] must be a table, not a boolean",
            "write it as a table",
        ),
    ],
    ids=["table-typo", "key-typo", "unknown-key", "folder-type", "paths-type", "rule-type", "table-type"],
)
def test_a_wrong_key_is_a_usage_error_naming_file_key_and_fix(
    tmp_path: Path, cli: Callable[..., Result], pyproject: str, message: str, hint: str
) -> None:
    config = _project(tmp_path, pyproject)
    result = cli("validate", "--schema", SCHEMA, "t.yaml", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith(f"error: {config}: {message}"), result.err
    assert f"  hint: {hint}" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_a_bad_path_rule_names_the_file(tmp_path: Path, cli: Callable[..., Result]) -> None:
    config = _project(tmp_path, '[tool.treaty.paths]\n"t.yaml" = "change_control"\n')
    result = cli("validate", "t.yaml", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith(f"error: {config}: [tool.treaty.paths] 't.yaml': 'change_control' is not")


def test_the_contract_commands_check_the_same_table(tmp_path: Path, cli: Callable[..., Result]) -> None:
    config = _project(tmp_path, '[tool.treaty]\nschemas-dir = "schemas"\ntemplate-dir = "templates"\n')
    result = cli("check", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith(f"error: {config}: [tool.treaty] template-dir: unknown key")
    assert "did you mean 'templates-dir'?" in result.err


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        (
            '[tool.pytest-treaty]\nfamilis = ["dome"]\n',
            "[tool.pytest-treaty] familis: unknown key\n  fix: did you mean 'families'?",
        ),
        (
            '[tool.pytest-treaty]\nfamilies = ["dome"]\n[tool.pytest-treaty.adapter]\n"dome/task_spec" = "m:f"\n',
            "[tool.pytest-treaty] adapter: unknown table\n  fix: did you mean 'adapters'?",
        ),
        (
            '[tool.pytest-treaty]\nfamilies = ["dome"]\ncheck_field = true\n',
            "[tool.pytest-treaty] check_field: unknown key\n  fix: did you mean 'check-field'?",
        ),
    ],
    ids=["key-typo", "table-typo", "underscore"],
)
def test_the_plugin_suggests_the_key_meant(tmp_path: Path, pyproject: str, message: str) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(pyproject, encoding="utf-8")
    with pytest.raises(PluginConfigError) as error:
        load_settings(config, tmp_path)
    assert str(error.value).startswith(f"{config}: {message}")


def test_a_plugin_typo_stops_pytest_with_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pytest-treaty]\nfamilis = ["dome"]\n', encoding="utf-8")
    (tmp_path / "test_nothing.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "familis: unknown key\n  fix: did you mean 'families'?" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_tool_key_that_is_no_table_leaves_the_plugin_inert(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('tool = "none"\n', encoding="utf-8")
    assert load_settings(config, tmp_path) is None


# One dialect: what a pattern matches, on the command line and in a rule.

TREE = (
    "top.yaml",
    ".hidden.yaml",
    "contracts/OCC-3.yaml",
    "contracts/a.yml",
    "contracts/b.json",
    "contracts/.dot.yaml",
    "contracts/sub/OCC-4.yaml",
    "contracts/sub/deeper/OCC-5.yaml",
    "contracts/sub.yaml",
    ".config/x.yaml",
    "drift/day_close/2025-12-28.yaml",
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            "contracts/**/*.yaml",
            {
                "contracts/OCC-3.yaml",
                "contracts/.dot.yaml",
                "contracts/sub.yaml",
                "contracts/sub/OCC-4.yaml",
                "contracts/sub/deeper/OCC-5.yaml",
            },
        ),
        ("contracts/*.yaml", {"contracts/OCC-3.yaml", "contracts/.dot.yaml", "contracts/sub.yaml"}),
        ("*.yaml", {"top.yaml", ".hidden.yaml"}),
        (
            "**/OCC-*.yaml",
            {"contracts/OCC-3.yaml", "contracts/sub/OCC-4.yaml", "contracts/sub/deeper/OCC-5.yaml"},
        ),
        ("contracts/**", {p for p in TREE if p.startswith("contracts/")}),
        ("contracts/**/deeper/*.yaml", {"contracts/sub/deeper/OCC-5.yaml"}),
        (
            "contracts/**/**/OCC-?.yaml",
            {"contracts/OCC-3.yaml", "contracts/sub/OCC-4.yaml", "contracts/sub/deeper/OCC-5.yaml"},
        ),
        ("*/*/*.yaml", {"contracts/sub/OCC-4.yaml", "drift/day_close/2025-12-28.yaml"}),
        ("contracts/[ab].*", {"contracts/a.yml", "contracts/b.json"}),
        ("contracts/[!ab]*.yaml", {"contracts/OCC-3.yaml", "contracts/.dot.yaml", "contracts/sub.yaml"}),
        ("./drift//**/*.yaml", {"drift/day_close/2025-12-28.yaml"}),
    ],
)
def test_a_glob_names_the_same_files_on_the_command_line_and_in_a_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, expected: set[str]
) -> None:
    for name in TREE:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert set(expand([pattern])) == expected
    selector = Selector(Catalog.installed(), {pattern: SCHEMA}, tmp_path)
    assert {name for name in TREE if selector.by_path(name)} == expected
    assert {name for name in TREE if selector.by_path(tmp_path / name)} == expected  # absolute, as given


def test_a_glob_lists_files_in_the_order_a_directory_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a/b.yaml", "a/b/c.yaml", "a/a.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert expand(["a/**/*.yaml"]) == expand(["a"]) == ["a/a.yaml", "a/b/c.yaml", "a/b.yaml"]


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**", "a", True),
        ("**", "a/b/c.yaml", True),
        ("a/**", "a", False),  # gitignore: everything inside a, not a itself
        ("a/**", "a/b", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**/b", "a/x/y/c", False),
        ("**/b", "b", True),
        ("a*", "a/b", False),
        ("a?c", "a/c", False),
        ("a**b", "ab", True),  # ** within a segment is a plain *
        ("a**b", "a/b", False),
        ("A.yaml", "a.yaml", False),  # case matters, on every system
    ],
)
def test_the_dialect(pattern: str, path: str, matches: bool) -> None:  # noqa: FBT001  # parametrized
    assert glob_match(glob_parts(PurePosixPath(pattern)), PurePosixPath(path).parts) is matches


def test_a_doublestar_rule_selects_a_file_directly_in_the_folder(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """The issue's example: ``contracts/**/*.yaml`` missed ``contracts/OCC-3.yaml``."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.treaty.paths]\n"contracts/**/*.yaml" = "change_control/day_close"\n', encoding="utf-8"
    )
    (tmp_path / "contracts" / "sub").mkdir(parents=True)
    (tmp_path / "contracts" / "OCC-3.yaml").write_text(TICKET, encoding="utf-8")
    (tmp_path / "contracts" / "sub" / "OCC-4.yaml").write_text(TICKET, encoding="utf-8")
    result = cli("validate", "--format", "json", "contracts/**/*.yaml", cwd=tmp_path)
    schemas = {f["file"]: f["schema"] for f in json.loads(result.out)["files"]}
    assert set(schemas) == {"contracts/OCC-3.yaml", "contracts/sub/OCC-4.yaml"}
    assert all(schema.startswith("change_control/day_close@") for schema in schemas.values()), schemas


def test_a_star_rule_no_longer_reaches_into_subfolders(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.treaty.paths]\n"contracts/*.yaml" = "change_control/day_close"\n', encoding="utf-8"
    )
    (tmp_path / "contracts" / "sub").mkdir(parents=True)
    (tmp_path / "contracts" / "sub" / "OCC-4.yaml").write_text(TICKET, encoding="utf-8")
    result = cli("validate", "--format", "json", "contracts", cwd=tmp_path)
    assert result.code == 0, "chosen by content: the rule's * does not cross /"
    assert json.loads(result.out)["files"][0]["schema"].startswith(f"{SCHEMA}@")


def test_a_glob_that_names_no_document_is_a_usage_error(tmp_path: Path, cli: Callable[..., Result]) -> None:
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    result = cli("validate", "*.txt", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("error: *.txt: no such file, directory or matching glob")
