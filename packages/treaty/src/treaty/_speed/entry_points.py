"""Installed entry points: how Treaty finds the schema, fixture and model distributions of each family.

``treaty validate`` finds the schema distributions on every run, and ``importlib.metadata`` takes about 15 ms
to do it, most of it importing the ``email`` package to parse metadata files that finding entry points never
reads: a fifth of a one-file run. Installers write one ``<name>-<version>.dist-info`` folder per distribution
on ``sys.path``, with its entry points in ``entry_points.txt``; this reads those files as
``importlib.metadata`` does (same search order, same first-wins rule for a distribution found twice, same
file syntax) and hands anything else (a zipped path entry, an egg, a folder without a version in its name) to
``importlib.metadata`` itself.
"""

import os
import re
import sys
from importlib.machinery import PathFinder
from typing import NamedTuple


class EntryPoint(NamedTuple):
    """One entry point of one installed distribution."""

    name: str
    value: str
    distribution: str
    """The distribution's name, normalized (``treaty-acme-schemas``); the value when no metadata names one."""
    version: str
    """The distribution's version ("" when not known)."""


def entry_points(group: str) -> list[EntryPoint]:
    """Return the entry points of ``group``, in the order ``importlib.metadata.entry_points`` gives them."""
    found = _from_dist_info(group)
    return _from_metadata(group) if found is None else found


def _from_dist_info(group: str) -> list[EntryPoint] | None:
    """Read each distribution's ``entry_points.txt``; None when something on sys.path is not plain dist-info."""
    folders = _dist_info_folders()
    if folders is None:
        return None
    found: list[EntryPoint] = []
    for folder, distribution, version in folders:
        text = _read(os.path.join(folder, "entry_points.txt"))  # noqa: PTH118  # strings, like the listing
        found.extend(EntryPoint(name, value, distribution, version) for name, value in _pairs(text, group))
    return found


def _dist_info_folders() -> list[tuple[str, str, str]] | None:
    """Return each installed distribution's folder, normalized name and version, in importlib.metadata's order.

    None when a distribution may be installed some other way (see the module docstring).
    """
    if any(hasattr(finder, "find_distributions") for finder in sys.meta_path if finder is not PathFinder):
        return None  # an import hook that lists distributions of its own
    seen: set[str] = set()
    found = []
    for root in sys.path:
        folder = root or "."
        try:
            children = os.listdir(folder)  # noqa: PTH208  # names only, as importlib.metadata lists them
        except NotADirectoryError:
            return None  # a zip file
        except OSError:
            continue  # a folder that does not exist: nothing is installed there
        low = [child.lower() for child in children]
        if folder.lower().endswith(".egg") or any(name.endswith(".egg-info") for name in low):
            return None
        for child, name in zip(children, low, strict=True):
            if not name.endswith(".dist-info"):
                continue
            normalized = _normalized(name.rpartition(".")[0].partition("-")[0])
            if normalized in seen:
                continue  # found earlier on sys.path (or beside, under another spelling): that one is imported
            seen.add(normalized)
            version = child.rpartition(".")[0].partition("-")[2]
            if not version:
                return None  # only the metadata file knows the version
            found.append((os.path.join(folder, child), normalized, version))  # noqa: PTH118
    return found


def _from_metadata(group: str) -> list[EntryPoint]:
    from importlib import metadata  # noqa: PLC0415  # slow to import: only for layouts read nowhere else

    return [
        EntryPoint(
            entry.name,
            entry.value,
            _normalized(entry.dist.name) if entry.dist else entry.value,
            entry.dist.version if entry.dist else "",
        )
        for entry in metadata.entry_points(group=group)
    ]


def _pairs(text: str, group: str) -> list[tuple[str, str]]:
    """Return the ``name = value`` lines of one ``[group]`` of an ``entry_points.txt``."""
    pairs = []
    section = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            pairs.append((name.strip(), value.strip()))
    return pairs


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:  # noqa: PTH123  # strings, like the listing
            return file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return ""  # a distribution without entry points


def _normalized(name: str) -> str:
    """Return a distribution name as pip writes it (PEP 503); two names are one distribution when these match."""
    return re.sub(r"[-_.]+", "-", name).lower()
