"""The release path's bookkeeping: which distributions a release builds, their tags, and a tag's package.

Tags follow hatch's convention, one per distribution: ``<distribution>-v<version>``. A family release
(``FAMILY VERSION``) covers the family's models, schemas and fixtures distributions, which carry the same
version; ``treaty-toolkit`` and ``pytest-treaty`` are released on their own (``DISTRIBUTION``).

Usage:
    python tools/release.py packages FAMILY VERSION | DISTRIBUTION   the package folders to build
    python tools/release.py tag FAMILY VERSION | DISTRIBUTION        create the tags (clean tree, HEAD)
    python tools/release.py target TAG                               `package=` and `distribution=` lines
                                                                     for a tag (release.yml's build step)

Exits 0 on success, 2 with a message and a hint on anything that does not hold.
"""

import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
PARTS: Final = ("models", "schemas", "fixtures")
TAG: Final = re.compile(r"^(?P<distribution>[a-z0-9][a-z0-9-]*)-v(?P<version>[0-9]+\.[0-9]+\.[0-9]+)$")


class ReleaseError(Exception):
    """A release step that cannot go on: what is wrong, and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        """Keep the message and the hint."""
        super().__init__(f"{message}\n  hint: {hint}")


@dataclass(frozen=True)
class Distribution:
    """One distribution of packages/: its name, version and folder."""

    name: str
    version: str
    folder: Path

    @property
    def tag(self) -> str:
        """Return the distribution's release tag."""
        return f"{self.name}-v{self.version}"


def distributions(root: Path = ROOT) -> dict[str, Distribution]:
    """Return every distribution of packages/, by name."""
    found = {}
    for pyproject in sorted((root / "packages").glob("*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        version = project.get("version") or _dynamic_version(pyproject)
        found[project["name"]] = Distribution(project["name"], version, pyproject.parent)
    return found


def _dynamic_version(pyproject: Path) -> str:
    """Read the version that hatch's ``[tool.hatch.version] path`` names."""
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    source = pyproject.parent / table["tool"]["hatch"]["version"]["path"]
    match = re.search(r'^__version__ = "([^"]+)"', source.read_text(encoding="utf-8"), re.MULTILINE)
    if match is None:
        raise ReleaseError(f"{source}: no __version__", hint="declare __version__ = 'MAJOR.MINOR.PATCH'")
    return match[1]


def release_of(target: list[str], root: Path = ROOT) -> list[Distribution]:
    """Return the distributions of a release: ``[FAMILY, VERSION]`` (released, all three equal) or ``[NAME]``."""
    known = distributions(root)
    if len(target) == 1:
        name = target[0]
        if name not in known:
            raise ReleaseError(f"no distribution named {name!r}", hint=f"one of: {', '.join(sorted(known))}")
        if name.endswith(tuple(f"-{part}" for part in PARTS)):
            raise ReleaseError(
                f"{name} is released with its family", hint="name the family and version: FAMILY VERSION"
            )
        return [known[name]]
    if len(target) != 2:  # noqa: PLR2004  # FAMILY VERSION
        raise ReleaseError(
            "expected FAMILY VERSION or DISTRIBUTION", hint="e.g. `dome 0.2.0` or `treaty-toolkit`"
        )
    family, version = target
    lock = root / "schemas" / family / "releases.json"
    if not lock.is_file() or version not in json.loads(lock.read_bytes())["releases"]:
        raise ReleaseError(
            f"{family} {version} is not released in {lock.relative_to(root)}",
            hint=f"run `treaty release {family} {version}` (every gate first), commit, then tag",
        )
    chosen = []
    for part in PARTS:
        name = f"treaty-{family.replace('_', '-')}-{part}"
        if name not in known:
            raise ReleaseError(f"no distribution named {name}", hint="check the family's name")
        if known[name].version != version:
            raise ReleaseError(
                f"{name} is at {known[name].version}, not {version}",
                hint=f"set the version of {known[name].folder.relative_to(root)} to {version}",
            )
        chosen.append(known[name])
    return chosen


def target_of(tag: str, root: Path = ROOT) -> Distribution:
    """Return the distribution a release tag publishes, after checking the tag's version is the package's."""
    match = TAG.match(tag)
    if match is None:
        raise ReleaseError(
            f"{tag!r} is not a release tag", hint="tags are <distribution>-v<MAJOR.MINOR.PATCH>"
        )
    known = distributions(root)
    found = known.get(match["distribution"])
    if found is None:
        raise ReleaseError(f"no distribution named {match['distribution']!r}", hint="check the tag's name")
    if found.version != match["version"]:
        raise ReleaseError(
            f"{tag} says {match['version']}, but {found.name} is at {found.version} in this commit",
            hint="tag the commit that sets the version",
        )
    return found


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)  # noqa: S607
    if done.returncode != 0:
        raise ReleaseError(
            f"git {' '.join(args)}: {done.stderr.strip()}", hint="run it in a clone of the repository"
        )
    return done.stdout


def tag(target: list[str], root: Path = ROOT) -> list[str]:
    """Create an annotated tag at HEAD for each distribution of a release; return the tags."""
    chosen = release_of(target, root)
    if _git(root, "status", "--porcelain").strip():
        raise ReleaseError("the work tree has uncommitted changes", hint="commit the release first, then tag")
    existing = set(_git(root, "tag", "--list").split())
    taken = [d.tag for d in chosen if d.tag in existing]
    if taken:
        raise ReleaseError(
            f"already tagged: {', '.join(taken)}", hint="a released version is never re-tagged"
        )
    for dist in chosen:
        _git(root, "tag", "--annotate", dist.tag, "--message", f"{dist.name} {dist.version}")
    return [d.tag for d in chosen]


def main(argv: list[str]) -> int:
    """Run one subcommand; return the exit code."""
    try:
        match argv:
            case ["packages", *target]:
                print("\n".join(str(d.folder.relative_to(ROOT)) for d in release_of(target)))
            case ["tag", *target]:
                for created in tag(target):
                    print(f"tagged {created}; push it to publish: git push origin {created}")
            case ["target", name]:
                found = target_of(name)
                print(f"package={found.folder.relative_to(ROOT)}\ndistribution={found.name}")
            case _:
                print(__doc__, file=sys.stderr)
                return 2
    except ReleaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
