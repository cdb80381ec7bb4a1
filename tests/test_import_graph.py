"""The toolkit's import graph: layers from the command line down to documents, no cycles, no family imported.

The contracts are `[tool.importlinter]` in the root ``pyproject.toml``; ``lint-imports`` (import-linter)
checks them. A failure prints its report: which module imports which, and the line. The last tests hold
what an integrator's install imports: no author's tool before a command needs it.
"""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

PYPROJECT = ROOT / "pyproject.toml"
AUTHOR_TOOLS = ("pydantic", "ruff", "datamodel_code_generator")
"""The modules of the toolkit's extras (`treaty._authoring.extras`), which an integrator does not install."""
TOOLKIT = ROOT / "packages" / "treaty" / "src" / "treaty"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Check the contracts on the ``treaty`` package that ``cwd`` holds (``lint-imports`` looks there first)."""
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [command, "--no-cache", "--no-logo", PYPROJECT], capture_output=True, text=True, cwd=cwd, check=False
    )


def _contract(contract_id: str) -> dict[str, Any]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == contract_id]
    return contract


def test_the_import_contracts_hold() -> None:
    done = _lint_imports(ROOT / "packages" / "treaty" / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        pytest.param("_documents/files.py", "from treaty._cli import exit", "layers", id="upward"),
        pytest.param("_documents/document.py", "from treaty._documents import loader", "acyclic", id="cycle"),
        pytest.param("_validation/catalog.py", "import treaty_dome_schemas", "no-family", id="family"),
    ],
)
def test_a_broken_contract_fails_the_check(tmp_path: Path, module: str, line: str, broken: str) -> None:
    """The contracts are not vacuous: one wrong import in a copy of the toolkit breaks the one it should."""
    copy = tmp_path / "treaty"
    shutil.copytree(TOOLKIT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / module
    path.write_text(f"{path.read_text(encoding='utf-8')}\n{line}\n", encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{_contract(broken)['name']} BROKEN" in " ".join(done.stdout.split())


def test_every_family_package_is_forbidden() -> None:
    """A new family's packages join the contract that keeps the toolkit from importing any family."""
    families = {
        package.name
        for package in ROOT.glob("packages/*/src/treaty_*")
        if package.name.rsplit("_", 1)[-1] in {"models", "schemas", "fixtures"}
    }
    assert families
    assert set(_contract("no-family")["forbidden_modules"]) == families


def _without_author_tools(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a process where the extras' modules cannot be imported (as if not installed)."""
    code = (
        "import sys\n"
        f"sys.modules.update(dict.fromkeys({AUTHOR_TOOLS!r}))  # None: import fails, find_spec finds nothing\n"
        "from treaty._cli import main\n"
        f"sys.exit(main({list(args)!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.mark.parametrize("command", ["export", "check", "changelog"])
def test_an_authors_command_names_its_extra_when_the_tools_are_missing(command: str) -> None:
    done = _without_author_tools(command)
    assert done.returncode == 2, done.stderr
    assert "pip install 'treaty-toolkit[author]'" in done.stderr


@pytest.mark.parametrize(
    "args",
    [["rules"], ["diff", "change_control@1.0.0", "change_control@1.1.0"]],
    ids=["rules", "diff-of-releases"],
)
def test_an_integrators_command_runs_without_the_authors_tools(args: list[str]) -> None:
    done = _without_author_tools(*args)
    assert done.returncode == 0, done.stderr


def _family_spellings() -> set[str]:
    """Return every spelling of every family of packages/ (``change_control``, ``change-control``...)."""
    names = {
        folder.name.removeprefix("treaty-").removesuffix("-models")
        for folder in (ROOT / "packages").glob("treaty-*-models")
    }
    return {spelling for name in names for spelling in (name, name.replace("-", "_"), name.replace("-", ""))}


def test_the_toolkit_names_no_family() -> None:
    """A family is found through entry points; none is named in code, docstrings, hints or data files."""
    families = _family_spellings()
    assert {"cwom", "change_control"} <= families  # the list is taken from packages/, not written here
    named = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(TOOLKIT.rglob("*"))
        if path.suffix in {".py", ".json", ".toml", ".md", ".txt"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(re.search(rf"(?i)(?<![a-z]){re.escape(f)}(?![a-z])", line) for f in families)
    ]
    assert not named, "the toolkit names a family:\n" + "\n".join(named)


DIFF_OF_FILES_SKIPS = (
    "treaty_",  # every family's packages: two schema files belong to no family, so no family's rules apply
    "treaty._authoring.workspace",
    "treaty._cli.versions",  # family versions: a release, the working tree, a git ref
    "treaty._reporting.outcome",  # the CI formats' model
    "treaty._diff.reference",  # what only the documentation reads
    "fractions",  # multipleOf only
)
"""What `treaty diff OLD.json NEW.json` never imports (its start-up is measured by `nox -s bench_diff`)."""


def test_a_diff_of_two_schema_files_imports_no_family_and_no_repository(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text('{"type": "object", "properties": {"a": {"type": "string"}}}', encoding="utf-8")
    new.write_text('{"type": "object", "properties": {"a": {"type": "integer"}}}', encoding="utf-8")
    code = (
        "import sys\n"
        "from treaty._cli import main\n"
        f"code = main(['diff', {str(old)!r}, {str(new)!r}])\n"
        f"print(sorted(m for m in sys.modules if m.startswith({DIFF_OF_FILES_SKIPS!r})))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 1, done.stderr  # the type change breaks readers
    assert "[type-changed]" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"
