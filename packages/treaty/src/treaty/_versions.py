"""Contract versions: ``MAJOR.MINOR.PATCH`` strings, ordered numerically."""

import re
from typing import Final

_SEMVER: Final = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def parse(version: str) -> tuple[int, int, int] | None:
    """Return the version's three numbers, or None when it is not ``MAJOR.MINOR.PATCH``."""
    match = _SEMVER.fullmatch(version)
    if match is None:
        return None
    return (int(match[1]), int(match[2]), int(match[3]))


def sort_key(version: str) -> tuple[int, int, int]:
    """Order versions numerically; malformed ones sort first."""
    return parse(version) or (-1, -1, -1)
