"""Where the schemas of a family version come from: the working tree's models, a version folder, a git ref."""

import json
import shutil
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from treaty._authoring.release import RELEASES, live, version_folders
from treaty._validation.catalog import (
    SCHEMA_SUFFIX,
    distribution_name,
    parse_schema_id,
    parse_version,
    version_key,
)
from treaty._validation.refs import DEFINITIONS, Resolver, bundle
from treaty.exceptions import UsageError

if TYPE_CHECKING:  # two schema files are read without a workspace
    from subprocess import CompletedProcess

    from treaty._authoring.workspace import ModelFamily, Workspace

Schemas = Mapping[str, Mapping[str, Any]]
"""A family version's schemas by kind."""

_GIT_TIMEOUT: Final = 60


def from_models(family: "ModelFamily") -> Schemas:
    """Return the schemas the family's models export now (the working tree, exported or not), self-contained."""
    from treaty._authoring.export import kind_schema  # noqa: PLC0415  # the models' export: not for released files

    return {kind: kind_schema(family, kind, self_contained=True) for kind in sorted(family.kinds)}


def from_folder(folder: Path) -> Schemas:
    """Return the schemas of a version folder (``schemas/<family>/<version>/``), bundled.

    References to other schema files (shared definitions, pinned families) are read from the same
    ``schemas/`` tree.
    """
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such version folder", hint="list the versions with `treaty schemas`")
    resolve = _tree_resolver(folder.parent.parent)
    return {
        path.name.removesuffix(SCHEMA_SUFFIX): bundle(_parse(path.read_bytes(), str(path)), resolve)
        for path in sorted(folder.glob(f"*{SCHEMA_SUFFIX}"))
        if path.name != f"{DEFINITIONS}{SCHEMA_SUFFIX}"
    }


def _tree_resolver(root: Path) -> Resolver:
    """Resolve Treaty ``$id``s to the files of a ``schemas/`` tree."""

    def resolve(uri: str) -> Mapping[str, Any]:
        target = parse_schema_id(uri)
        path = root.joinpath(target[0], target[1], f"{target[2]}{SCHEMA_SUFFIX}") if target else None
        if path is None or not path.is_file():
            raise UsageError(
                f"cannot resolve {uri} in {root}",
                hint="a schema may refer only to Treaty schemas of the same tree, by $id",
            )
        return _parse(path.read_bytes(), str(path))

    return resolve


def versions_in(workspace: "Workspace", family: str) -> list[str]:
    """Return the version folders of a family in the working tree, oldest first."""
    return version_folders(workspace.schemas / family)


def from_git(workspace: "Workspace", ref: str, family: str) -> tuple[str, Schemas] | None:
    """Return the newest version of a family at a git ref, and its schemas, read with ``git show``.

    None when the ref has no folder of the family: it is new since (a pull request that adds it). Paths are
    read relative to the workspace (``COMMIT:./path``), which need not be the top of the git repository.
    """
    commit = _commit(workspace, ref)
    base = workspace.relative(workspace.schemas / family)
    if not _git(workspace, "ls-tree", "--name-only", commit, "--", base):
        return None
    # --full-tree: listing a tree object, ls-tree would otherwise keep only what is under the working directory
    listing = _git(workspace, "ls-tree", "--full-tree", "--name-only", f"{commit}:./{base}").splitlines()
    versions = sorted((v for v in listing if parse_version(v)), key=version_key)
    if not versions:
        raise UsageError(
            f"{family} has no version folder at {ref}", hint="name a ref where the family exists"
        )
    version = _counted_at(workspace, commit, family, versions, locked=RELEASES in listing)[-1]
    names = _git(
        workspace, "ls-tree", "--full-tree", "--name-only", f"{commit}:./{base}/{version}"
    ).splitlines()
    root = workspace.relative(workspace.schemas)

    def show(uri: str) -> Mapping[str, Any]:
        target = parse_schema_id(uri)
        if target is None:
            raise UsageError(
                f"cannot resolve {uri} at {ref}", hint="a schema may refer only to Treaty schemas"
            )
        path = f"{root}/{target[0]}/{target[1]}/{target[2]}{SCHEMA_SUFFIX}"
        return _parse(_git(workspace, "show", f"{commit}:./{path}").encode(), f"{ref}:{path}")

    schemas = {
        name.removesuffix(SCHEMA_SUFFIX): bundle(
            _parse(
                _git(workspace, "show", f"{commit}:./{base}/{version}/{name}").encode(),
                f"{ref}:{base}/{version}/{name}",
            ),
            show,
        )
        for name in sorted(names)
        if name.endswith(SCHEMA_SUFFIX) and name != f"{DEFINITIONS}{SCHEMA_SUFFIX}"
    }
    return version, schemas


def _commit(workspace: "Workspace", ref: str) -> str:
    """Return the commit a ref names, read once so that every file comes from the same commit."""
    unknown = UsageError(
        f"{ref}: no such commit, branch or tag in this repository",
        hint="name one that exists here (a remote branch must be fetched first)",
    )
    if ref.startswith("-"):
        raise unknown  # an option to git, not a ref
    done = _run(workspace, "rev-parse", "--quiet", "--verify", f"{ref}^{{commit}}")
    if done.returncode == 1:  # --quiet --verify: 1 and nothing said for a name that is no commit
        raise unknown
    return _checked(done, ("rev-parse", ref)).strip()


def _counted_at(
    workspace: "Workspace", ref: str, family: str, versions: list[str], *, locked: bool
) -> list[str]:
    """Return the version folders at a ref that are versions there, not leftovers (all, if that is unknown).

    The ref's models cannot be imported, so its current version is its schemas distribution's, which the
    `versions` gate holds equal to the models' ``__version__``.
    """
    base = workspace.relative(workspace.schemas / family)
    pyproject = workspace.relative(
        workspace.packages / distribution_name(family, "schemas") / "pyproject.toml"
    )
    try:
        current = tomllib.loads(_git(workspace, "show", f"{ref}:./{pyproject}"))["project"]["version"]
        lock = json.loads(_git(workspace, "show", f"{ref}:./{base}/{RELEASES}"))["releases"] if locked else {}
        counted = live(lock, current)
    except (UsageError, ValueError, KeyError, TypeError):
        return versions
    return [v for v in versions if v in counted] or versions


def _git(workspace: "Workspace", *args: str) -> str:
    """Return what a git command printed; a failure is a usage error with git's own words."""
    return _checked(_run(workspace, *args), args)


def _run(workspace: "Workspace", *args: str) -> "CompletedProcess[str]":
    import subprocess  # noqa: PLC0415  # with threading and signal: only for a git revision

    git = shutil.which("git")
    if git is None:
        raise UsageError("git is not installed", hint="install git, or compare released versions instead")
    return subprocess.run(  # noqa: S603  # fixed executable, arguments are not shell-interpreted
        [git, "-C", str(workspace.root), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=_GIT_TIMEOUT,
    )


def _checked(done: "CompletedProcess[str]", args: Sequence[str]) -> str:
    if done.returncode != 0:
        raise UsageError(
            f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}",
            hint="name a commit, branch or tag of this repository",
        )
    return done.stdout


def _parse(data: bytes, where: str) -> dict[str, Any]:
    try:
        schema = json.loads(data)
    except ValueError as error:
        raise UsageError(f"{where}: not JSON ({error})", hint="name a JSON Schema file") from None
    if not isinstance(schema, dict):
        raise UsageError(f"{where}: a schema is a JSON object", hint="name a JSON Schema file")
    return schema


def from_file(path: Path) -> dict[str, Any]:
    """Return one schema file's contents, bundled with what it refers to in its ``schemas/`` tree."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"{path}: {error.strerror or error}", hint="name a readable JSON Schema file"
        ) from None
    return bundle(_parse(data, str(path)), _tree_resolver(path.resolve().parent.parent.parent))
