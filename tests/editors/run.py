"""The YAML language server reports a seeded error in a template copy, found by the modeline and by the settings.

Run by `nox -s editors` (after `npm ci --prefix tests/editors`): in a fresh project folder, `treaty schemas export`
writes the standalone schemas where `[tool.treaty] editor-schemas-dir` says, `treaty editor vscode` writes
`.vscode/settings.json` from `[tool.treaty.paths]`, and `diagnose.mjs` drives yaml-language-server over stdio
as VS Code's YAML extension does. The seeded error is in a field whose definition dome takes from xtrl's
shared definitions, which only a bundled schema carries; the unchanged template must give no diagnostic.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEMPLATE = Path("templates/dome/wrapper_envelope.template.yaml")
SEED = (re.compile(r'^(\s*failure_reason_code: )"TESTS_FAILED"$', re.MULTILINE), r'\1"NOT_A_CODE"')
PYPROJECT = """\
[tool.treaty]
editor-schemas-dir = "build/schemas"

[tool.treaty.paths]
"contracts/*.yaml" = "dome/wrapper_envelope"
"""


def treaty(project: Path, *args: str) -> None:
    """Run the `treaty` command of this interpreter in ``project``."""
    subprocess.run([sys.executable, "-m", "treaty", *args], cwd=project, check=True)


def diagnose(
    project: Path, document: Path, settings: Path | None = None, wait: int = 30
) -> tuple[int, list[dict[str, object]]]:
    """Return diagnose.mjs's exit code and the diagnostics the language server published for ``document``."""
    node = shutil.which("node") or "node"
    extra = [str(settings)] if settings else []
    done = subprocess.run(
        [node, str(HERE / "diagnose.mjs"), f"--wait={wait}", str(project), str(document), *extra],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode not in {0, 1}:
        sys.exit(f"diagnose.mjs failed ({done.returncode}):\n{done.stderr}")
    return done.returncode, json.loads(done.stdout)


def show(project: Path, document: Path, diagnostics: list[dict[str, object]]) -> str:
    """Return the first diagnostic as `file:line:col: message (source, schema)`."""
    first = diagnostics[0]
    start = first["range"]["start"]  # type: ignore[index]
    schema = ", ".join(first.get("data", {}).get("schemaUri", []))  # type: ignore[attr-defined]
    where = document.relative_to(project).as_posix()
    return f"{where}:{start['line'] + 1}:{start['character'] + 1}: {first['message']} ({first['source']}; {schema})"


def expect(project: Path, document: Path, settings: Path | None = None, *, schema: str) -> str:
    """Require a diagnostic on ``document`` from the exported ``schema``; return it as a line."""
    code, diagnostics = diagnose(project, document, settings)
    if code != 0 or not any(schema in json.dumps(d.get("data", {})) for d in diagnostics):
        sys.exit(f"FAIL: no diagnostic from {schema} on {document}: {diagnostics}")
    return show(project, document, diagnostics)


def main() -> None:
    """Set up the project, then check the modeline, the control and the settings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, required=True, help="an empty folder to work in")
    project = parser.parse_args().workdir.resolve() / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    treaty(project, "schemas", "export", "build/schemas")
    treaty(project, "editor", "vscode")
    text = (ROOT / TEMPLATE).read_text(encoding="utf-8")
    # The schema the template's modeline names (its version: the one the models define now).
    schema = "build/" + text.split("$schema=", 1)[1].split("\n", 1)[0].split("/build/", 1)[1]
    seeded, count = SEED[0].subn(SEED[1], text)
    assert count == 1, f"the seed no longer fits {TEMPLATE}"  # a script's own precondition

    # 1. The modeline: a copy at the same place in the project (its relative path holds there).
    control = project / TEMPLATE
    control.parent.mkdir(parents=True)
    control.write_text(text, encoding="utf-8")
    code, diagnostics = diagnose(project, control, wait=10)
    if code != 1 or diagnostics:
        sys.exit(f"FAIL: the unchanged template has diagnostics: {diagnostics}")
    print(f"modeline, unchanged template: no diagnostic within 10 s ({control.relative_to(project)})")
    broken = control.with_name("seeded.template.yaml")
    broken.write_text(seeded, encoding="utf-8")
    print(f"modeline: {expect(project, broken, schema=schema)}")

    # 2. The settings: a copy without the modeline under a [tool.treaty.paths] glob.
    document = project / "contracts" / "envelope.yaml"
    document.parent.mkdir()
    document.write_text(
        "".join(line for line in seeded.splitlines(keepends=True) if "yaml-language-server" not in line),
        encoding="utf-8",
    )
    settings = project / ".vscode" / "settings.json"
    print(f"settings ({settings.relative_to(project)}): {expect(project, document, settings, schema=schema)}")


if __name__ == "__main__":
    main()
