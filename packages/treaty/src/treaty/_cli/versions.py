"""The family versions `treaty diff` compares: a released version, the working tree's models, a git ref.

`treaty._cli.diff` imports this module only when a side is not a schema file: reading a family version
needs the workspace, the release locks and the installed catalog, which two schema files do not.
"""

import argparse
import difflib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from treaty._authoring.release import released, stray_problem, strays
from treaty._authoring.sources import Schemas, from_folder, from_git, from_models
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._diff.dialect import Dialect
from treaty._diff.family import FamilyDiff, compare, same_major, version_of
from treaty._validation.catalog import SCHEMA_SUFFIX, Catalog, unknown_family_hint, version_key
from treaty._validation.select import find_config
from treaty.exceptions import TreatyError, UsageError

LAST_RELEASE: Final = "release"
WORKING_TREE: Final = "working tree"
ABSENT: Final = "none"
"""The old version of a family that a git ref does not have yet."""


@dataclass(frozen=True)
class _Side:
    """One side of a comparison: a label, a version, and its schemas by kind."""

    family: str
    version: str
    schemas: Schemas
    source: str = ""
    """Where the schemas come from, when not a version folder: the working tree, or a git ref."""

    @property
    def label(self) -> str:
        """Return the version as reports show it."""
        return f"{self.version} ({self.source})" if self.source else self.version


def comparisons(args: argparse.Namespace, specs: Sequence[str]) -> list[FamilyDiff]:
    """Return the comparisons the command line asks for, none of whose sides is a schema file."""
    if args.against is not None:
        if specs or args.transitive:
            raise UsageError(
                "--against compares the working tree: give no OLD or NEW", hint="treaty diff --against main"
            )
        workspace = Workspace.find(Path.cwd())
        families = _families(args.family)
        if (
            args.against == LAST_RELEASE and not args.family
        ):  # families never released have nothing to compare
            families = [f for f in families if released(workspace, f.name)]
        return [
            _compare(_against(workspace, family, args.against), _tree(family), args.policy, args.dialect)
            for family in families
        ]
    if args.transitive:
        return _transitive(args, specs)
    if len(specs) not in {1, 2}:
        raise UsageError(
            "give OLD and NEW (or OLD alone, for its working tree)", hint="treaty diff acme@0.1.0 acme@0.2.0"
        )
    old_side = _side(specs[0])
    new_side = _side(specs[1] if len(specs) == 2 else old_side.family)  # noqa: PLR2004
    if old_side.family != new_side.family:
        raise UsageError(
            f"{specs[0]} and {specs[1]} are different families",
            hint="compare two versions of one family, or two schema files",
        )
    return [_compare(old_side, new_side, args.policy, args.dialect)]


def locator() -> Callable[[FamilyDiff, str], Path | None]:
    """Return where a kind's schema file of a comparison is: in its version folder, in a contract repository.

    Called only for the CI formats, which locate changes in files: the others never look for the workspace.
    """
    workspace = _workspace()

    def locate(changes: FamilyDiff, kind: str) -> Path | None:
        if workspace is None:
            return None
        for label in (changes.new_version, changes.old_version):  # a removed kind is only in the old version
            path = workspace.schemas / changes.family / version_of(label) / f"{kind}{SCHEMA_SUFFIX}"
            if path.is_file():
                return path
        return None

    return locate


def _compare(old: _Side, new: _Side, policy: Any, dialect: Dialect | None) -> FamilyDiff:
    return compare(old.family, (old.label, old.schemas), (new.label, new.schemas), policy, dialect=dialect)


def _transitive(args: argparse.Namespace, specs: Sequence[str]) -> list[FamilyDiff]:
    if len(specs) > 1:
        raise UsageError("--transitive takes one version: NEW", hint="treaty diff --transitive acme@0.2.0")
    news = [_side(specs[0])] if specs else [_tree(f) for f in _families(args.family)]
    result = [
        _compare(_side(f"{new.family}@{version}"), new, args.policy, args.dialect)
        for new in news
        for version in same_major(_released_versions(new.family), new.version)
    ]
    if not result:
        raise UsageError(
            "no released version of the same major to compare with",
            hint="--transitive needs at least one earlier release of the major",
        )
    return result


def _side(spec: str) -> _Side:
    family, _, version = spec.partition("@")
    if not version:
        return _tree(_family(family))
    workspace = _workspace()
    if workspace is not None and (workspace.schemas / family / version).is_dir():
        _refuse_leftover(workspace, family, version)
        return _Side(family, version, from_folder(workspace.schemas / family / version))
    catalog = Catalog.installed()
    try:
        release = catalog.release(family, version)
    except TreatyError:
        families = catalog.families()
        raise UsageError(
            f"{spec}: no such family version in the repository or the installed distributions",
            hint=f"installed versions of {family}: {', '.join(catalog.versions(family))}; list them with "
            "`treaty schemas`"
            if family in families
            else unknown_family_hint(family, families),
        ) from None
    return _Side(family, version, release.schemas)


def _refuse_leftover(workspace: Workspace, family: str, version: str) -> None:
    """Refuse a version folder that is neither released nor the models' version: a leftover, not a version."""
    lock = released(workspace, family)
    if version in lock:
        return  # no need for the models (and the author extra) to read a released version
    model = next((f for f in model_families() if f.name == family), None)
    if model is not None and strays([version], lock, model.version):
        message, hint = stray_problem(workspace, family, version, model.version)
        raise UsageError(message, hint=hint)


def _tree(family: ModelFamily) -> _Side:
    return _Side(family.name, family.version, from_models(family), WORKING_TREE)


def _against(workspace: Workspace, family: ModelFamily, ref: str) -> _Side:
    if ref == LAST_RELEASE:
        versions = sorted(released(workspace, family.name), key=version_key)
        if not versions:
            raise UsageError(f"{family.name} has no release yet", hint="compare with a git ref instead")
        return _Side(family.name, versions[-1], from_folder(workspace.schemas / family.name / versions[-1]))
    found = from_git(workspace, ref, family.name)
    if found is None:  # the family is new since the ref: each of its kinds is added
        folder = workspace.relative(workspace.schemas / family.name)
        print(f"note: {ref} has no {folder}: {family.name} is compared as a new family", file=sys.stderr)
        return _Side(family.name, ABSENT, {}, ref)
    return _Side(family.name, *found, ref)


def _released_versions(family: str) -> list[str]:
    workspace = _workspace()
    if workspace is not None and (workspace.schemas / family).is_dir():
        return list(released(workspace, family))
    return Catalog.installed().versions(family)


def _workspace() -> Workspace | None:
    found = find_config(Path.cwd())
    return Workspace.find(Path.cwd()) if found and "schemas-dir" in found[1] else None


def _families(names: Sequence[str] | None) -> list[ModelFamily]:
    families = model_families()
    if names:
        unknown = sorted(set(names) - {f.name for f in families})
        if unknown:
            raise UsageError(
                f"no models package of {', '.join(unknown)} is installed: a family without @VERSION "
                "stands for its working-tree models (and NEW defaults to them)",
                hint=_models_hint(unknown[0], [f.name for f in families]),
            )
        families = [f for f in families if f.name in names]
    return families


def _models_hint(family: str, installed: list[str]) -> str:
    """Return the fix for a family whose models are not installed: a near name, or versions to compare instead."""
    if installed and (close := difflib.get_close_matches(family, installed, n=1)):
        return f"did you mean {close[0]!r}?"
    catalog = Catalog.installed()
    versions = catalog.versions(family) if family in catalog.families() else []
    compare = (
        f"treaty diff {family}@{versions[-2]} {family}@{versions[-1]}"
        if len(versions) > 1
        else f"treaty diff {family}@OLD {family}@NEW"
    )
    listed = f" (installed versions: {', '.join(versions)})" if versions else ""
    where = f"installed model families: {', '.join(installed)}; " if installed else ""
    return (
        f"{where}give both versions, e.g. `{compare}`{listed}, or run it in the contract repository "
        "with its models packages installed"
    )


def _family(name: str) -> ModelFamily:
    return _families([name])[0]
