"""The gates of `treaty check`: each a stable id, a question, and findings that say what to do."""

import ast
import json
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import as_file, files
from pathlib import Path
from typing import Final

from treaty._authoring.export import (
    export_files,
    frozen_hint,
    pydantic_change,
    same_schemas,
    toolchain_note,
    vocabulary_problems,
)
from treaty._authoring.extras import require
from treaty._authoring.release import (
    live,
    released,
    stray_problem,
    stray_versions,
    tree_hashes,
    version_folders,
)
from treaty._authoring.sources import from_folder, from_models
from treaty._authoring.templates import family_templates, template_name
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._diff.changelog import CHANGELOG, current_region, region, sections
from treaty._diff.family import (
    approvals_path,
    compare,
    load_approvals,
    previous_release,
    same_major,
    satisfies,
    unapproved,
)
from treaty._documents.document import DocumentLoadError
from treaty._documents.findings import Finding
from treaty._documents.loader import load_path, load_text
from treaty._fixtures.cases import (
    INDEX,
    actual_errors,
    load_cases,
    load_sets,
    models_accept,
    models_should_accept,
    set_problems,
    verdict_problems,
)
from treaty._fixtures.vectors import load_vectors, vector_problem
from treaty._validation.catalog import MANIFEST, Catalog, distribution_name, sha256, version_key
from treaty._validation.run import Runner
from treaty._validation.select import Selection, Selector
from treaty._validation.validator import Validator

ALLOWED_IMPORTS: Final = frozenset(
    {
        "__future__",
        "abc",
        "annotated_types",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "functools",
        "hashlib",
        "itertools",
        "json",
        "math",
        "pydantic",
        "pydantic_core",
        "re",
        "string",
        "types",
        "typing",
        "typing_extensions",
        "uuid",
    },
)
"""What a models package may import besides itself and the models packages of families it builds on."""

FORBIDDEN_BUILTINS: Final = frozenset(
    {"open", "exec", "eval", "compile", "__import__", "input", "breakpoint"}
)


class Context:
    """What the gates look at: the workspace, its model families, and its schema folder as a catalog."""

    def __init__(self, workspace: Workspace, families: list[ModelFamily] | None = None) -> None:
        """Look at ``workspace`` and the given model families (default: those installed)."""
        self.workspace = workspace
        self._families = families

    @cached_property
    def installed(self) -> list[ModelFamily]:
        """Return every installed model family (what the checked ones may build on and call)."""
        return model_families()

    @cached_property
    def families(self) -> list[ModelFamily]:
        """Return the model families to check (default: every installed one)."""
        return self.installed if self._families is None else self._families

    @cached_property
    def catalog(self) -> Catalog:
        """Return the catalog of the workspace's schemas folder (the working tree, not installed copies)."""
        return Catalog.from_directory(self.workspace.schemas)

    @cached_property
    def runner(self) -> Runner:
        """Return a validation runner over the workspace's schemas that holds derived values to the models' functions."""
        functions = {family.name: family.functions for family in (*self.installed, *self.families)}
        return Runner(Selector(self.catalog), Validator(self.catalog), functions=functions)

    @cached_property
    def leftovers(self) -> frozenset[str]:
        """Return the folders of the checked families' leftover versions, which only the versions gate reads.

        A leftover (neither released nor the models' version) is reported once, with the folders to remove;
        judging its files would fail each of them against schemas that are not a version, or are gone.
        """
        return frozenset(
            self.rel(root / family.name / version)
            for family in self.families
            for version in stray_versions(self.workspace, family.name, family.version)
            for root in (self.workspace.schemas, self.workspace.fixtures)
        )

    @cached_property
    def unvalidated(self) -> frozenset[str]:
        """Return the fixtures folders the fixtures gate skips: leftovers', and each one without its schemas.

        A version with only one of its two folders is one finding of the versions gate; validating its
        fixtures without schemas (or listing every kind without fixtures) would bury it in one per file.
        """
        halves = {
            self.rel(self.workspace.fixtures / family.name / version)
            for family in self.families
            for version in {
                *version_folders(self.workspace.schemas / family.name),
                *version_folders(self.workspace.fixtures / family.name),
            }
            if not (self.workspace.schemas / family.name / version).is_dir()
            or not (self.workspace.fixtures / family.name / version).is_dir()
        }
        return self.leftovers | halves

    def rel(self, path: Path) -> str:
        """Return a path relative to the workspace root."""
        return self.workspace.relative(path)

    def problem(  # noqa: PLR0917  # line and column are optional trailing positions
        self, gate: str, path: Path, message: str, hint: str, line: int = 0, column: int = 0
    ) -> Finding:
        """Return a gate finding about a file."""
        return Finding(self.rel(path), line, column, "", gate, message, hint)


def outside(file: str, folders: Iterable[str]) -> bool:
    """Return whether a file (relative to the root) lies in none of the folders."""
    return not any(file == folder or file.startswith(f"{folder}/") for folder in folders)


@dataclass(frozen=True)
class Gate:
    """One check with a stable id."""

    id: str
    question: str
    run: Callable[[Context], Iterator[Finding]]


def _export_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.families:
        folder = ctx.workspace.schemas / family.name / family.version
        expected = export_files(family)
        frozen = family.version in released(ctx.workspace, family.name)
        version = f"{'the released ' if frozen else ''}{family.name} {family.version}"
        why = f"the {family.name} models export {version} differently"
        for name in same_schemas(expected, folder):
            state = (
                "is missing"
                if not (folder / name).is_file()
                else "is not part of the export"
                if name not in expected
                else "is stale"
            )
            then = pydantic_change(expected, folder, [name])
            hint = frozen_hint(family, then) if frozen else "run `treaty export` and commit the result"
            yield ctx.problem("export", folder / name, f"{state}: {why}{toolchain_note(then)}", hint)
        for name, problem in vocabulary_problems(family, expected):
            yield ctx.problem(
                "export",
                folder / name,
                f"states a rule wrongly {problem}",
                "fix the x-treaty-* keywords in the models' json_schema_extra (docs/rules-vocabulary.md)",
            )


def _freeze_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.catalog.families():
        for version in ctx.catalog.versions(family):
            if outside(ctx.rel(ctx.workspace.schemas / family / version), ctx.leftovers):
                yield from _manifest_problems(ctx, ctx.workspace.schemas / family / version)
        for version, lock in released(ctx.workspace, family).items():
            for part, root in (
                ("schemas", ctx.workspace.schemas),
                ("fixtures", ctx.workspace.fixtures),
            ):
                folder = root / family / version
                if not folder.is_dir() and family in {f.name for f in ctx.families}:
                    continue  # the versions gate reports the missing folder once, not each file in it
                now = tree_hashes(folder)
                for name in sorted(set(now) | set(lock.get(part, {}))):
                    if now.get(name) != lock.get(part, {}).get(name):
                        change = (
                            "added"
                            if name not in lock[part]
                            else "removed"
                            if name not in now
                            else "modified"
                        )
                        yield ctx.problem(
                            "freeze",
                            folder / name,
                            f"was {change} after {family} {version} was released; released versions are immutable",
                            f"restore it from version control (git checkout -- {ctx.rel(folder / name)}); "
                            "put changes in a new version",
                        )


def _manifest_problems(ctx: Context, folder: Path) -> Iterator[Finding]:
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        for entry in [
            *manifest["schemas"],
            *([manifest["definitions"]] if "definitions" in manifest else []),
        ]:
            target = folder / entry["file"]
            if not target.is_file() or sha256(target.read_bytes()) != entry["sha256"]:
                yield ctx.problem(
                    "freeze",
                    target,
                    "does not match the sha256 in its manifest",
                    "restore it from version control, or re-export an unreleased version with `treaty export`",
                )
    except (OSError, ValueError, KeyError, TypeError) as error:
        yield ctx.problem(
            "freeze",
            folder / MANIFEST,
            f"is unreadable ({error})",
            "re-export with `treaty export`",
        )


def _naming_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.families:
        for folder, file_prefix, class_prefix in (
            ("models", "model_", "Model"),
            ("enums", "enum_", "Enum"),
        ):
            for path in sorted((family.package_dir / folder).glob("*.py")):
                if path.name == "__init__.py":
                    continue
                if not path.name.startswith(file_prefix):
                    yield ctx.problem(
                        "naming",
                        path,
                        f"files in {folder}/ are named {file_prefix}<name>.py",
                        f"rename it to {file_prefix}{path.stem}.py",
                    )
                for node in ast.parse(path.read_text(encoding="utf-8")).body:
                    if isinstance(node, ast.ClassDef) and not node.name.startswith(("_", class_prefix)):
                        yield ctx.problem(
                            "naming",
                            path,
                            f"class {node.name} in {folder}/ must be named {class_prefix}<Name>",
                            f"rename it to {class_prefix}{node.name}",
                            node.lineno,
                            node.col_offset + 1,
                        )
        for path in sorted(family.package_dir.glob("*.py")):
            if not path.name.startswith("_"):
                yield ctx.problem(
                    "naming",
                    path,
                    "modules beside models/ and enums/ are private (_name.py)",
                    f"rename it to _{path.name}, or move models to models/ and enums to enums/",
                )


def _purity_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.families:
        yield from _ruff_banned(ctx, family.package_dir)
        allowed = (
            ALLOWED_IMPORTS
            | {family.module.__name__}
            | {f.module.__name__ for f in (*ctx.installed, *ctx.families)}
        )
        for path in sorted(family.package_dir.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                for name in _imported(node):
                    if name.split(".")[0] not in allowed:
                        yield ctx.problem(
                            "purity",
                            path,
                            f"imports {name}, which is not on the models allow-list",
                            "models packages import only pydantic, safe standard modules and pinned "
                            "family models; move this code out of the models package",
                            getattr(node, "lineno", 0),
                            getattr(node, "col_offset", -1) + 1,
                        )
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in FORBIDDEN_BUILTINS
                ):
                    yield ctx.problem(
                        "purity",
                        path,
                        f"calls {node.func.id}(), which reaches outside the model",
                        "models are declarative: no files, input or dynamic code",
                        node.lineno,
                        node.col_offset + 1,
                    )


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _ruff_banned(ctx: Context, folder: Path) -> Iterator[Finding]:
    require("author", needed_for="the purity gate", modules=("ruff",))
    with as_file(files("treaty") / "_data" / "purity.ruff.toml") as config:
        command = [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--config",
            str(config),
            "--no-cache",
            "--output-format",
            "json",
            "--exit-zero",
            str(folder),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # fixed argv
    if done.returncode != 0:
        yield ctx.problem(
            "purity",
            folder,
            f"ruff could not run: {done.stderr.strip()[:300]}",
            "check that ruff runs in this environment: python -m ruff --version",
        )
        return
    for item in json.loads(done.stdout or "[]"):
        location = item.get("location") or {}
        yield ctx.problem(
            "purity",
            Path(item["filename"]),
            item["message"],
            "models are pure: no clock, environment, filesystem, network, randomness or processes",
            location.get("row", 0),
            location.get("column", 0),
        )


def _fixtures_gate(ctx: Context) -> Iterator[Finding]:
    skipped = ctx.unvalidated
    cases, problems = load_cases(ctx.workspace.fixtures, ctx.workspace.root)
    cases = [case for case in cases if outside(ctx.rel(case.path), skipped)]
    yield from (problem for problem in problems if outside(problem.file, skipped))
    for family in ctx.catalog.families():
        for version in ctx.catalog.versions(family):
            if not outside(ctx.rel(ctx.workspace.fixtures / family / version), skipped):
                continue
            for kind in ctx.catalog.release(family, version).kinds:
                index = ctx.workspace.fixtures / family / version / kind / INDEX
                if not index.is_file():
                    yield ctx.problem(
                        "fixtures",
                        index,
                        f"is missing: {family} {version} {kind} has no fixtures",
                        "add valid and invalid documents and list them in cases.yaml",
                    )
    sets, problems = load_sets(ctx.workspace.fixtures, ctx.workspace.root)
    sets = [case for case in sets if outside(ctx.rel(case.folder), skipped)]
    yield from (problem for problem in problems if outside(problem.file, skipped))
    mismatches = [
        problem
        for case in cases
        for problem in verdict_problems(
            case, actual_errors(case, ctx.runner, ctx.rel(case.path)), ctx.rel(case.path)
        )
    ]
    mismatches += [problem for case in sets for problem in set_problems(case, ctx.runner, ctx.workspace.root)]
    for problem in mismatches:
        yield Finding(
            problem.file,
            problem.line,
            problem.column,
            problem.pointer,
            "fixtures",
            problem.message,
            problem.hint,
        )


def _models_gate(ctx: Context) -> Iterator[Finding]:
    families = {f.name: f for f in ctx.families}
    cases, _ = load_cases(ctx.workspace.fixtures, ctx.workspace.root)  # index problems: the fixtures gate
    for case in cases:
        family = families.get(case.family)
        if family is None or case.version != family.version or case.kind not in family.kinds:
            continue  # fixtures of other versions are held to their frozen schemas (fixtures gate)
        try:
            document = load_path(case.path, ctx.rel(case.path))
        except DocumentLoadError:
            continue  # refused before any model sees it; the fixtures gate checks the stated reason
        accepted, complaint = models_accept(family.kinds[case.kind], document)
        if accepted == models_should_accept(case):
            continue
        yield ctx.problem(
            "models",
            case.path,
            (
                f"the {family.name} models now reject this "
                + (
                    "valid fixture"
                    if case.valid
                    else "fixture, which breaks only rules the models leave to Treaty"
                )
                + f" ({complaint})"
            )
            if not accepted
            else f"the {family.name} models now accept this invalid fixture",
            f"the models of {family.name} {family.version} disagree with its fixtures: restore the model "
            "(the fixtures are the version's contract), or change the fixtures with it before the release",
        )


def _vectors_gate(ctx: Context) -> Iterator[Finding]:
    vectors, problems = load_vectors(ctx.workspace.fixtures, ctx.workspace.root)
    yield from (problem for problem in problems if outside(problem.file, ctx.leftovers))
    families = {f.name: f for f in ctx.families}
    for vector in vectors:
        family = families.get(vector.family)
        if family is None:
            continue
        if vector.version != family.version and vector.version not in same_major(
            list(released(ctx.workspace, family.name)), family.version
        ):
            continue  # another major: its vectors are not this version's contract
        found = vector_problem(vector, family.functions)
        if found is not None:
            yield found


def _templates_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.families:
        for kind, expected in family_templates(family, ctx.workspace).items():
            path = ctx.workspace.templates / family.name / template_name(kind)
            if not path.is_file() or path.read_text(encoding="utf-8") != expected:
                yield ctx.problem(
                    "templates",
                    path,
                    "is missing or differs from the template the models generate",
                    "run `treaty export` and commit the result",
                )
            try:
                document = load_text(expected, ctx.rel(path))
            except DocumentLoadError as error:
                yield from error.findings
                continue
            if family.version not in ctx.catalog.versions(family.name):
                continue  # the export gate reports the missing version
            for finding in ctx.runner.check(document, Selection(family.name, kind, family.version)):
                yield Finding(
                    finding.file,
                    finding.line,
                    finding.column,
                    finding.pointer,
                    "templates",
                    f"the filled example is invalid: [{finding.rule}] {finding.message}",
                    "give the field a valid example (Field(examples=[...])) in the model",
                )


def _versions_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.families:
        for part in ("models", "schemas", "fixtures"):
            pyproject = ctx.workspace.packages / distribution_name(family.name, part) / "pyproject.toml"
            try:
                version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
            except (OSError, KeyError, tomllib.TOMLDecodeError):
                yield ctx.problem(
                    "versions",
                    pyproject,
                    "is missing or has no [project] version",
                    f"every family has three distributions: {distribution_name(family.name, 'models')}, -schemas and -fixtures",
                )
                continue
            if version != family.version:
                yield ctx.problem(
                    "versions",
                    pyproject,
                    f"says version {version} but the {family.name} models say {family.version}",
                    f'set version = "{family.version}" (the models\' __version__ is the source of truth)',
                )
        installed = {f.name: f.version for f in (*ctx.installed, *ctx.families)}
        for pinned, version in sorted(family.pins.items()):
            if installed.get(pinned) != version:
                found = (
                    f"the {pinned} models are {installed[pinned]}"
                    if pinned in installed
                    else f"{pinned} has no models here"
                )
                yield ctx.problem(
                    "versions",
                    Path(str(family.module.__file__)),
                    f"{family.name} {family.version} is pinned to {pinned} {version}, but {found}",
                    f"re-pin {family.name} (PINS, and the {distribution_name(family.name, 'models')} dependency range) "
                    f"in a new {family.name} version, or keep {pinned} at {version}",
                )
        yield from _folder_problems(ctx, family)


def _folder_problems(ctx: Context, family: ModelFamily) -> Iterator[Finding]:
    """Every version folder is released or the models' version, and comes with its other half."""
    roots = (ctx.workspace.schemas, ctx.workspace.fixtures)
    for version in stray_versions(ctx.workspace, family.name, family.version):
        message, hint = stray_problem(ctx.workspace, family.name, version, family.version)
        where = next(
            root / family.name / version for root in roots if (root / family.name / version).is_dir()
        )
        yield ctx.problem("versions", where, message, hint)
    lock = released(ctx.workspace, family.name)
    for version in sorted(live(lock, family.version), key=version_key):
        for root, what in zip(roots, ("`treaty export`", "fixtures"), strict=True):
            folder = root / family.name / version
            if folder.is_dir():
                continue
            yield (
                ctx.problem(
                    "versions",
                    folder,
                    f"is missing, but {family.name} {version} is released: its schemas and fixtures are frozen",
                    f"restore it from version control (git checkout -- {ctx.rel(folder)})",
                )
                if version in lock
                else ctx.problem(
                    "versions",
                    folder,
                    f"is missing for {family.name} {family.version}",
                    f"add it with {what}",
                )
            )


_SHOWN_CHANGES: Final = 8


def _bump_gate(ctx: Context) -> Iterator[Finding]:
    for family in ctx.families:
        lock = released(ctx.workspace, family.name)
        before = previous_release(list(lock), family.version)
        if family.version in lock or before is None:
            continue  # a released version cannot change (export gate); a first version has nothing to break
        changes = compare(
            family.name,
            (before, from_folder(ctx.workspace.schemas / family.name / before)),
            (family.version, from_models(family)),
            "lenient",
        )
        where = Path(str(family.module.__file__))
        if not satisfies(before, family.version, changes.needed):
            forcing = [e for e in changes.entries if changes.needed and e.bump.rank == changes.needed.rank]
            listed = "; ".join(f"{e.kind} {e.rule} at {e.path or '/'}" for e in forcing[:_SHOWN_CHANGES])
            more = f" and {len(forcing) - _SHOWN_CHANGES} more" if len(forcing) > _SHOWN_CHANGES else ""
            yield ctx.problem(
                "bump",
                where,
                f"{family.name} {before} -> {family.version} is too small a bump: the changes need "
                f"{changes.needed} ({listed}{more})",
                f"raise __version__ by at least a {changes.needed} bump; "
                f"`treaty diff {family.name}@{before} {family.name}` lists every change",
            )
        for entry in unapproved(changes, load_approvals(ctx.workspace, family.name)):
            yield ctx.problem(
                "bump",
                approvals_path(ctx.workspace, family.name),
                f"breaking change in {family.name} {family.version} is not approved: {entry.kind} "
                f"{entry.rule} at {entry.path or '/'}: {entry.message}",
                f'add {{fingerprint: "{entry.fingerprint}", version: "{family.version}", reason: "..."}} '
                "under approvals:, or make the change compatible",
            )


def _changelog_gate(ctx: Context) -> Iterator[Finding]:
    path = ctx.workspace.root / CHANGELOG
    expected = region(sections(ctx.workspace, {f.name: f.version for f in ctx.installed}))
    if current_region(path) != expected:
        yield ctx.problem(
            "changelog",
            path,
            "the generated schema changelog is missing or stale",
            "run `treaty changelog` and commit the result",
        )


GATES: Final[tuple[Gate, ...]] = (
    Gate("export", "Do the committed schemas equal what the models export now?", _export_gate),
    Gate(
        "freeze",
        "Are released versions untouched, and does every schema match its manifest?",
        _freeze_gate,
    ),
    Gate(
        "naming",
        "Do models packages follow Model<Name>/model_<name>.py and Enum<Name>/enum_<name>.py?",
        _naming_gate,
    ),
    Gate(
        "purity",
        "Are models packages free of clock, environment, filesystem, network and process access?",
        _purity_gate,
    ),
    Gate(
        "fixtures",
        "Does every fixture get the verdict its index states, for the stated reason?",
        _fixtures_gate,
    ),
    Gate(
        "models",
        "Do the current models give every fixture of their version the verdict its index states?",
        _models_gate,
    ),
    Gate(
        "vectors",
        "Does every behaviour vector still give its committed output under the current contract functions?",
        _vectors_gate,
    ),
    Gate(
        "templates",
        "Are templates generated from the current models, and does each filled example validate?",
        _templates_gate,
    ),
    Gate(
        "versions",
        "Do a family's distributions carry one version, and is every version folder released or current?",
        _versions_gate,
    ),
    Gate(
        "bump",
        "Is each unreleased version bumped enough for its changes, and is every breaking change approved?",
        _bump_gate,
    ),
    Gate(
        "changelog",
        "Does CHANGELOG.md carry the schema changelog generated from the current versions?",
        _changelog_gate,
    ),
)
