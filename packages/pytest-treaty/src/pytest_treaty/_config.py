"""The ``[tool.pytest-treaty]`` table of the integrator's ``pyproject.toml``, read and checked.

Every problem is a `ConfigError` whose message names the key and the fix; the plugin turns it into a pytest
usage error.
"""

import difflib
import importlib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from treaty import fixture_versions, vector_functions

from pytest_treaty._sources import FixturesError, adapter_names, family_root, is_version, version_key

TABLE: Final = "tool.pytest-treaty"
_KEYS: Final = ("families", "adopted", "adapters", "functions", "fixtures-dir", "check-field")


class ConfigError(Exception):
    """The ``[tool.pytest-treaty]`` table is wrong; the message names the key and the fix."""


@dataclass(frozen=True)
class Target:
    """An integrator's callable for one kind or contract function, and where it was configured."""

    spec: str
    """``module:attribute`` as written in the table."""
    call: Callable[[Any], Any]


@dataclass(frozen=True)
class FamilyPlan:
    """What to run of one family: its fixtures folder, its versions and the adopted one."""

    family: str
    root: Path
    versions: tuple[str, ...]
    adopted: str


@dataclass(frozen=True)
class Settings:
    """The checked configuration: the families to run, and the adapters and functions to run them against."""

    source: Path
    families: tuple[FamilyPlan, ...]
    adapters: Mapping[tuple[str, str], Target]
    """(family, kind) to the adapter: ``callable(document) -> value``, raising to reject; (family, ``"sets"``) to the
    set adapter: ``callable({file name: document}) -> value``."""
    functions: Mapping[tuple[str, str], Target]
    """(family, function) to the integrator's implementation: ``callable(input) -> output``."""
    fixtures_dir: Path | None
    check_field: bool = False
    """Whether an invalid fixture must be rejected with an error that names the fields the fixture states."""


def find_pyproject(inipath: Path | None, rootpath: Path) -> Path | None:
    """Return the ``pyproject.toml`` pytest configured from, else the one in the rootdir, else None."""
    if inipath is not None and inipath.name == "pyproject.toml":
        return inipath
    candidate = rootpath / "pyproject.toml"
    return candidate if candidate.is_file() else None


def load_settings(inipath: Path | None, rootpath: Path) -> Settings | None:
    """Read and check ``[tool.pytest-treaty]``; return None when there is no such table (the plugin is inert)."""
    pyproject = find_pyproject(inipath, rootpath)
    if pyproject is None:
        return None
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: cannot be read ({error})\n  fix: make it valid TOML") from None
    tool = document.get("tool")
    table = tool.get("pytest-treaty") if isinstance(tool, dict) else None
    if table is None:
        return None
    return _check(table, pyproject)


def _fail(pyproject: Path, key: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{pyproject}: [{TABLE}] {key}: {problem}\n  fix: {fix}")


def _check(table: Any, pyproject: Path) -> Settings:
    if not isinstance(table, dict):
        raise _fail(pyproject, "", "must be a table", f"write [{TABLE}] with families = [...]")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, _KEYS, n=1)
        raise _fail(
            pyproject,
            key,
            "unknown table" if isinstance(table[key], dict) else "unknown key",
            "".join(f"did you mean {name!r}? " for name in close) + f"use only {', '.join(_KEYS)}",
        )
    fixtures_dir = None
    if "fixtures-dir" in table:
        if not isinstance(table["fixtures-dir"], str):
            raise _fail(
                pyproject, "fixtures-dir", "must be a string", 'write fixtures-dir = "path/to/fixtures"'
            )
        fixtures_dir = (pyproject.parent / table["fixtures-dir"]).resolve()
        if not fixtures_dir.is_dir():
            raise _fail(
                pyproject,
                "fixtures-dir",
                f"{fixtures_dir} is not a folder",
                "point it at a folder with one sub-folder per family (relative to pyproject.toml), or remove it to use the installed distributions",
            )
    families = table.get("families")
    if not isinstance(families, list) or not families or not all(isinstance(f, str) for f in families):
        raise _fail(
            pyproject, "families", "must be a non-empty list of family names", 'write families = ["dome"]'
        )
    adopted = _mapping(pyproject, table, "adopted", 'adopted = {dome = "0.1.0"}')
    for family in adopted:
        if family not in families:
            raise _fail(pyproject, f"adopted.{family}", "is not in families", f"add {family!r} to families")
    plans = {
        family: _plan(pyproject, family, adopted.get(family), fixtures_dir)
        for family in dict.fromkeys(families)
    }
    adapters = _targets(pyproject, table, "adapters", plans, names=adapter_names, what="kind")
    implementations = _targets(
        pyproject, table, "functions", plans, names=vector_functions, what="contract function"
    )
    check_field = table.get("check-field", False)
    if not isinstance(check_field, bool):
        raise _fail(pyproject, "check-field", "must be true or false", "write check-field = true")
    return Settings(pyproject, tuple(plans.values()), adapters, implementations, fixtures_dir, check_field)


def _plan(pyproject: Path, family: str, adopted: str | None, fixtures_dir: Path | None) -> FamilyPlan:
    try:
        root = family_root(family, fixtures_dir)
    except FixturesError as error:
        message, _, fix = str(error).partition("\n  fix: ")
        raise _fail(pyproject, "families", message, f"{fix}, or remove {family!r} from families") from None
    found = tuple(fixture_versions(root))
    if not found:
        raise _fail(
            pyproject, "families", f"{family} has no fixture versions in {root}", "reinstall its fixtures"
        )
    adopted = adopted or found[-1]
    if not is_version(adopted):
        raise _fail(
            pyproject,
            f"adopted.{family}",
            f"must be a version MAJOR.MINOR.PATCH, not {adopted!r}",
            f'write {family} = "{found[-1]}"',
        )
    if adopted not in found:
        newer = version_key(adopted) > version_key(found[-1])
        raise _fail(
            pyproject,
            f"adopted.{family}",
            f"{adopted} is not an installed fixtures version of {family} (installed: {', '.join(found)})",
            f"install treaty-{family.replace('_', '-')}-fixtures {adopted} or later"
            if newer
            else f"adopt one of the installed versions, e.g. {found[-1]}",
        )
    return FamilyPlan(family, root, found, adopted)


def _mapping(pyproject: Path, table: dict[str, Any], key: str, example: str) -> dict[str, str]:
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _fail(pyproject, key, "must be a table of strings", f"write {example}")
    return value


def _targets(
    pyproject: Path,
    table: dict[str, Any],
    key: str,
    plans: Mapping[str, FamilyPlan],
    *,
    names: Callable[[Path, str], list[str]],
    what: str,
) -> dict[tuple[str, str], Target]:
    example = '"dome/task_spec" = "myservice.ingest:parse_task_spec"'
    targets = {}
    for name, spec in _mapping(pyproject, table, key, f"[{TABLE}.{key}] {example}").items():
        where = f"{key}.{name!r}"
        family, slash, member = name.partition("/")
        if not slash or family not in plans:
            raise _fail(
                pyproject,
                where,
                f"must name a family of families and a {what}",
                f'write "family/{what.rsplit(maxsplit=1)[-1]}"',
            )
        plan = plans[family]
        known = sorted({n for v in plan.versions for n in names(plan.root, v)})
        if member not in known:
            raise _fail(
                pyproject, where, f"{family} has no {what} {member!r}", f"use one of {', '.join(known)}"
            )
        targets[family, member] = Target(spec, _resolve(pyproject, where, spec))
    return targets


def _resolve(pyproject: Path, where: str, spec: str) -> Callable[[Any], Any]:
    module_name, colon, attribute = spec.partition(":")
    if not colon or not module_name or not attribute:
        raise _fail(pyproject, where, f"{spec!r} is not module:attribute", 'write "package.module:function"')
    try:
        target: Any = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001  # any import failure of the integrator's module is a usage error
        raise _fail(
            pyproject,
            where,
            f"cannot import {module_name!r} ({type(error).__name__}: {error})",
            "install your package in the test environment, or add its folder to pythonpath in [tool.pytest.ini_options]",
        ) from None
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise _fail(
                pyproject,
                where,
                f"{module_name!r} has no attribute {attribute!r}",
                "name an existing callable",
            )
        target = getattr(target, part)
    if not callable(target):
        raise _fail(pyproject, where, f"{spec} is not callable", "name a function taking one argument")
    call: Callable[[Any], Any] = target
    return call


__all__ = ["ConfigError", "FamilyPlan", "Settings", "Target", "load_settings"]
