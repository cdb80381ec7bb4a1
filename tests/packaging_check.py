"""Packaging check, run by `nox -s packaging` in an environment that has only the built wheels installed.

Proves the data distributions carry their files, are found through entry points (not paths into a
checkout), and that `treaty validate` works from the installed wheels alone.
"""

import subprocess
import sys
from importlib import metadata
from importlib.resources import files
from pathlib import Path


def fail(message: str) -> None:
    """Stop with a message."""
    print(f"packaging check failed: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:  # noqa: C901, PLR0912  # a linear script of checks
    """Check the installed distributions."""
    import treaty  # noqa: PLC0415  # imported here so a missing install fails with our message

    if "site-packages" not in str(treaty.__file__):
        fail(f"treaty is imported from {treaty.__file__}, not from an installed wheel")
    for group in ("treaty.models", "treaty.schemas", "treaty.fixtures"):
        names = sorted(e.name for e in metadata.entry_points(group=group))
        print(f"{group}: {', '.join(names)}")
        if not names:
            fail(f"no distribution registers the {group} entry point")
        for entry in metadata.entry_points(group=group):
            if not (files(entry.value) / "py.typed").is_file():
                fail(f"{entry.value} does not ship py.typed")
    for entry in metadata.entry_points(group="treaty.fixtures"):
        data = Path(str(files(entry.value) / "data"))
        if "site-packages" not in str(data.resolve()):
            fail(f"{entry.value} data resolves to {data.resolve()}, outside the installed wheel")
        for kind_dir in sorted(data.glob("*/*")):
            for verdict, expected in (("valid", 0), ("invalid", 1)):
                folder = kind_dir / verdict
                if not folder.is_dir():
                    continue
                if kind_dir.name == "sets":  # each set is validated together, without --schema
                    commands = [["treaty", "validate", str(s)] for s in sorted(folder.iterdir())]
                else:
                    schema = f"{entry.name}/{kind_dir.name}@{kind_dir.parent.name}"
                    commands = [["treaty", "validate", "--isolated", "--schema", schema, str(folder)]]
                for command in commands:
                    run(command, f"{entry.name} {kind_dir.parent.name} {kind_dir.name} {verdict}", expected)
    check_vectors()
    listing = subprocess.run(["treaty", "schemas"], capture_output=True, text=True, check=True)
    print(listing.stdout, end="")
    print("packaging check passed")


def check_vectors() -> None:
    """Recompute the installed fixtures' behaviour vectors with the installed models' contract functions."""
    from treaty._vectors import load_vectors, vector_problem  # noqa: PLC0415  # after the install check
    from treaty._workspace import model_families  # noqa: PLC0415

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
