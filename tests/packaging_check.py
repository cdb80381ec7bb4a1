"""Packaging check, run by `nox -s packaging` in environments that have only built wheels installed.

Full (every wheel): the data distributions carry their files, and no version folder but their released
ones and their own version, are found through entry points (not paths into a checkout), and `treaty
validate` works from the installed wheels alone.

Lean (``--lean``: the toolkit without extras, the schemas and fixtures distributions and pytest-treaty, as an
integrator installs them): no author tooling is installed, validating and running fixtures work, and an
author's command names the extra it needs.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path


def fail(message: str) -> None:
    """Stop with a message."""
    print(f"packaging check failed: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    """Check the installed distributions."""
    lean = sys.argv[1:] == ["--lean"]
    import treaty  # noqa: PLC0415  # imported here so a missing install fails with our message

    if "site-packages" not in str(treaty.__file__):
        fail(f"treaty is imported from {treaty.__file__}, not from an installed wheel")
    groups = (
        ("treaty.schemas", "treaty.fixtures")
        if lean
        else ("treaty.models", "treaty.schemas", "treaty.fixtures")
    )
    for group in groups:
        names = sorted(e.name for e in metadata.entry_points(group=group))
        print(f"{group}: {', '.join(names)}")
        if not names:
            fail(f"no distribution registers the {group} entry point")
        for entry in metadata.entry_points(group=group):
            if not (files(entry.value) / "py.typed").is_file():
                fail(f"{entry.value} does not ship py.typed")
    check_versions()
    check_fixtures(lean=lean)
    if lean:
        check_lean()
    else:
        check_vectors()
    listing = subprocess.run(["treaty", "schemas"], capture_output=True, text=True, check=True)
    print(listing.stdout, end="")
    print(f"packaging check passed{' (lean install)' if lean else ''}")


def check_versions() -> None:
    """Each schemas and fixtures distribution ships its released versions and its own version, nothing else."""
    schemas = {entry.name: entry.value for entry in metadata.entry_points(group="treaty.schemas")}
    for group in ("treaty.schemas", "treaty.fixtures"):
        for entry in metadata.entry_points(group=group):
            if entry.dist is None or entry.name not in schemas:
                fail(f"{entry.value}: no distribution metadata, or no schemas distribution for {entry.name}")
                return
            lock = Path(str(files(schemas[entry.name]) / "data" / "releases.json"))
            data = Path(str(files(entry.value) / "data"))
            leftovers = shipped_leftovers(data, lock, entry.dist.version)
            if leftovers:
                fail(
                    f"{entry.dist.name} {entry.dist.version} ships {', '.join(leftovers)}: neither released "
                    f"nor its own version (`treaty check` names the folders to remove before building)"
                )
    print("data distributions: released versions and their own version only")


def shipped_leftovers(data: Path, lock: Path, version: str) -> list[str]:
    """Return the version folders in a data distribution's ``data`` that are neither in ``lock`` nor ``version``.

    The wheel carries whatever the repository folder holds (``data`` is a link to it), so this is what
    decides whether a wheel ships only versions: the same rule as the `versions` gate's.
    """
    from treaty._authoring.release import strays, version_folders  # noqa: PLC0415  # after the install check

    released = json.loads(lock.read_bytes())["releases"] if lock.is_file() else {}
    return strays(version_folders(data), released, version)


def check_fixtures(*, lean: bool) -> None:
    """Validate every installed fixture with the installed `treaty`: valid ones are valid, invalid ones are not.

    One run covers every kind of every family version: the fixtures are copied beside a ``pyproject.toml``
    whose ``[tool.treaty.paths]`` names each kind folder's schema (a hundred runs took half a minute a
    Python). Each cross-document set is its own run, as a set is what one run validates together.
    """
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        rules: dict[str, str] = {}
        sets: list[tuple[Path, str, int]] = []
        for entry in metadata.entry_points(group="treaty.fixtures"):
            data = Path(str(files(entry.value) / "data"))
            if "site-packages" not in str(data.resolve()):
                fail(f"{entry.value} data resolves to {data.resolve()}, outside the installed wheel")
            shutil.copytree(data, root / entry.name)
            for kind_dir in sorted((root / entry.name).glob("*/*")):
                version, kind = kind_dir.parent.name, kind_dir.name
                if kind == "sets":
                    sets += [
                        (s, f"{entry.name} {version} set {s.name}", code)
                        for code, verdict in ((0, "valid"), (1, "invalid"))
                        for s in sorted((kind_dir / verdict).iterdir())
                    ]
                elif kind_dir.is_dir() and kind != "vectors":
                    rules[f"{entry.name}/{version}/{kind}/**"] = f"{entry.name}/{kind}@{version}"
        (root / "pyproject.toml").write_text(
            "[tool.treaty.paths]\n" + "".join(f'"{glob}" = "{ref}"\n' for glob, ref in rules.items()),
            encoding="utf-8",
        )
        folders = [
            glob.removesuffix("/**") + f"/{verdict}" for glob in rules for verdict in ("valid", "invalid")
        ]
        folders = [folder for folder in folders if (root / folder).is_dir()]
        derived = [] if lean else ["--derived"]  # with the models' contract functions, as the fixtures gate
        done = subprocess.run(
            ["treaty", "validate", "--isolated", "--no-cache", *derived, "--format", "json", *folders],
            capture_output=True,
            text=True,
            check=False,
            cwd=root,
        )
        if done.returncode != 1:  # the invalid fixtures fail the run
            fail(f"treaty validate of every kind's fixtures exited {done.returncode}\n{done.stderr}")
        results = json.loads(done.stdout)["files"]
        unjudged = set() if not lean else _derived_only(root)  # without the models, derived values are not
        wrong = [
            r["file"] for r in results if r["valid"] != ("/valid/" in r["file"] or r["file"] in unjudged)
        ]
        if wrong or len(results) != sum(1 for f in folders for p in (root / f).rglob("*") if p.is_file()):
            fail(f"fixtures with the wrong verdict (or not validated): {wrong[:5]}")
        print(f"{len(results)} fixtures of {len(rules)} kinds: each gets its folder's verdict, in one run")
        for folder, label, expected in sets:
            run(["treaty", "validate", "--no-cache", str(folder)], label, expected)


def _derived_only(root: Path) -> set[str]:
    """Return the invalid fixtures (relative to ``root``) whose stated errors are all derived-value rules.

    A derived value (``x-treaty-derived``) is recomputed only by ``--derived``, with the family's models,
    which an integrator's lean install leaves out: such a fixture is invalid there only with them.
    """
    import yaml  # noqa: PLC0415  # the toolkit's own dependency

    rules: set[str] = set()
    for entry in metadata.entry_points(group="treaty.schemas"):
        for schema in Path(str(files(entry.value) / "data")).rglob("*.schema.json"):
            text = schema.read_text(encoding="utf-8")
            if '"x-treaty-derived"' in text:
                rules |= set(_derived_ids(json.loads(text)))
    found = set()
    for index in root.glob("*/*/*/cases.yaml"):
        for case in yaml.load(index.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader).get("cases", []):
            stated = {error.get("rule") for error in case.get("errors", [])}
            if stated and stated <= rules:
                found.add((index.parent / case["file"]).relative_to(root).as_posix())
    return found


def _derived_ids(schema: object) -> list[str]:
    if isinstance(schema, dict):
        entries = schema.get("x-treaty-derived", [])
        own = [e["rule"]["id"] for e in (entries if isinstance(entries, list) else [entries])]
        return own + [rule for value in schema.values() for rule in _derived_ids(value)]
    if isinstance(schema, list):
        return [rule for value in schema for rule in _derived_ids(value)]
    return []


def check_lean() -> None:
    """No author tooling; author commands name their extra; pytest-treaty runs fixtures without pydantic."""
    from treaty._authoring.extras import EXTRAS  # noqa: PLC0415  # the extras' modules, as the toolkit names them

    tooling = sorted({module for modules in EXTRAS.values() for module in modules})
    present = [name for name in tooling if find_spec(name) is not None]
    if present:
        fail(f"an integrator's install holds author tooling: {', '.join(present)}")
    prefix = Path(sys.prefix)  # the whole environment: ruff, for one, is a binary in bin/
    size = sum(f.stat().st_size for f in prefix.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"integrator environment: {size / 1e6:.1f} MB in {prefix} (no {', '.join(tooling)})")
    with tempfile.TemporaryDirectory() as work:
        for command in (["export"], ["check"], ["changelog"]):
            done = subprocess.run(["treaty", *command], capture_output=True, text=True, check=False, cwd=work)
            if done.returncode != 2 or "pip install 'treaty-toolkit[author]'" not in done.stderr:
                fail(f"treaty {command[0]} without the author extra: exit {done.returncode}\n{done.stderr}")
        print("author commands without the extra: exit 2, naming pip install 'treaty-toolkit[author]'")
        run_plugin_without_pydantic(Path(work))


def run_plugin_without_pydantic(work: Path) -> None:
    """Run cwom's installed fixtures through pytest-treaty with an adapter that accepts every document.

    Every valid fixture must pass and every invalid one must fail as accepted: the plugin read and ran them
    all, in an environment where pydantic cannot be imported.
    """
    (work / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\n[tool.pytest-treaty]\nfamilies = ["cwom"]\n[tool.pytest-treaty.adapters]\n"cwom/repo" = "builtins:dict"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", "-o", "addopts="],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    invalid_accepted = done.stdout.count("invalid fixture accepted by builtins:dict")
    if done.returncode != 1 or "passed" not in tail or not invalid_accepted or "Traceback" in done.stdout:
        fail(f"pytest-treaty without pydantic: exit {done.returncode}\n{done.stdout[-3000:]}{done.stderr}")
    print(
        f"pytest-treaty without pydantic: {tail} (each failure an invalid fixture the accept-all adapter took)"
    )


def check_vectors() -> None:
    """Recompute the installed fixtures' behaviour vectors with the installed models' contract functions."""
    from treaty._authoring.workspace import model_families  # noqa: PLC0415  # after the install check
    from treaty._fixtures.vectors import load_vectors, vector_problem  # noqa: PLC0415

    functions = {family.name: family.functions for family in model_families()}
    for entry in metadata.entry_points(group="treaty.fixtures"):
        data = Path(str(files(entry.value) / "data"))
        vectors, problems = load_vectors(data, data, entry.name)
        broken = [*problems, *filter(None, (vector_problem(v, functions[entry.name]) for v in vectors))]
        if broken:
            fail(f"{entry.value}: {broken[0].message}")
        if vectors:
            print(f"{entry.name} vectors: {len(vectors)} recomputed with the installed contract functions")


def run(command: list[str], label: str, expected: int) -> None:
    """Run one validation and check its exit code."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # our own CLI
    print(f"{label}: {done.stdout.strip().splitlines()[-1]}")
    if done.returncode != expected:
        fail(f"{' '.join(command)} exited {done.returncode}, expected {expected}\n{done.stdout}{done.stderr}")


if __name__ == "__main__":
    main()
