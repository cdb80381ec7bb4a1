"""The installed fixture distributions: each family's ``data`` folder, found through its entry point.

A ``treaty-<family>-fixtures`` distribution registers its import package under the ``treaty.fixtures`` entry
point group; its files are ``importlib.resources.files(<package>) / "data" / <version> / ...``. Treaty never
guesses a path into ``site-packages``. `treaty fixtures export` and the ``pytest-treaty`` plugin both find the
fixtures through this module (the plugin through the public names `treaty.installed_fixtures` and
`treaty.fixture_versions`).
"""

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Final

from treaty._speed.entry_points import entry_points
from treaty._validation.catalog import parse_version, version_key

FIXTURES_ENTRY_POINT: Final = "treaty.fixtures"


@dataclass(frozen=True)
class FixtureDistribution:
    """One family's installed fixtures distribution."""

    family: str
    root: Path
    """The ``data`` folder: one sub-folder per version."""
    distribution: str
    """The distribution's name, e.g. ``treaty-acme-fixtures`` (the package name when metadata is missing)."""
    version: str
    """The distribution's version ("" when metadata is missing)."""


def installed_fixtures() -> dict[str, FixtureDistribution]:
    """Return the installed fixture distributions by family, sorted by family."""
    found: dict[str, FixtureDistribution] = {}
    for entry in entry_points(FIXTURES_ENTRY_POINT):
        found[entry.name] = FixtureDistribution(
            entry.name,
            Path(str(files(entry.value) / "data")),
            entry.distribution,
            entry.version,
        )
    return dict(sorted(found.items()))


def fixture_versions(root: Path) -> list[str]:
    """Return the versions in a family's fixtures folder (``MAJOR.MINOR.PATCH`` sub-folders), oldest first."""
    if not root.is_dir():
        return []
    found = [p.name for p in root.iterdir() if p.is_dir() and parse_version(p.name)]
    return sorted(found, key=version_key)
