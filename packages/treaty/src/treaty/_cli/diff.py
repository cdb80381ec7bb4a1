"""The diff commands of the ``treaty`` command line: ``diff``, ``rules`` and ``changelog``."""

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from treaty import _reporting as reporting
from treaty._authoring.release import released, stray_problem, strays
from treaty._authoring.sources import Schemas, from_file, from_folder, from_git, from_models
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._cli.exit import EXIT_INVALID, EXIT_OK
from treaty._diff import RULES, Mode, SchemaDiffError, changelog
from treaty._diff.dialect import DEFAULT, DIALECTS, Dialect
from treaty._diff.family import KIND_RULES, FamilyDiff, compare, same_major
from treaty._documents.atomic import write_atomic
from treaty._reporting.outcome import DOCS, Case, Outcome, Problem, Rule, Suite, relative
from treaty._validation.catalog import SCHEMA_SUFFIX, Catalog, unknown_family_hint, version_key
from treaty._validation.select import find_config
from treaty.exceptions import TreatyError, UsageError

LAST_RELEASE: Final = "release"
WORKING_TREE: Final = "working tree"


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the diff commands to the ``treaty`` parser."""
    cmd = commands.add_parser(
        "diff",
        help="classify every change between two schemas or family versions",
        description=(
            "OLD and NEW are schema files, released versions (family@version), or a family name for its "
            "working-tree models; NEW defaults to the working tree of OLD's family. With --against, OLD is "
            "the newest version at a git ref (or the last release: --against release) and NEW the working "
            "tree. With --transitive, the one version given is NEW, compared with every released version "
            "of its major."
        ),
    )
    cmd.add_argument("old", nargs="?", metavar="OLD")
    cmd.add_argument("new", nargs="?", metavar="NEW")
    cmd.add_argument("--against", metavar="REF", help="compare the working tree with a git ref, or `release`")
    cmd.add_argument("--family", action="append", help="with --against or --transitive: only this family")
    cmd.add_argument(
        "--mode",
        choices=("backward", "forward", "full"),
        default="backward",
        help="which direction must hold for exit code 0 (default: backward, new readers read old documents)",
    )
    cmd.add_argument("--transitive", action="store_true", help="against every released version of the major")
    cmd.add_argument(
        "--policy",
        choices=("lenient", "strict"),
        default="lenient",
        help="strict: a property added to an open object breaks readers (default: lenient)",
    )
    cmd.add_argument(
        "--dialect",
        choices=DIALECTS,
        help=f"the JSON Schema draft of a schema without $schema (default: {DEFAULT}; $schema always wins)",
    )
    cmd.add_argument(
        "--format",
        choices=("text", "markdown", "json", *reporting.FORMATS),
        default="text",
        help="output format: text, markdown, json, github (GitHub Actions annotations), sarif or junit "
        "(default: text)",
    )
    cmd.set_defaults(handler=_diff)

    rules = commands.add_parser("rules", help="list every change rule of `treaty diff` with its verdicts")
    rules.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    rules.set_defaults(handler=_rules)

    log = commands.add_parser(
        "changelog", help="write the schema changelog of every family version into CHANGELOG.md"
    )
    log.add_argument("--check", action="store_true", help="write nothing; exit 1 when CHANGELOG.md is stale")
    log.add_argument("--format", choices=("markdown", "json"), default="markdown")
    log.add_argument("--stdout", action="store_true", help="print the changelog instead of writing it")
    log.set_defaults(handler=_changelog_cmd, extra="author")


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


def _diff(args: argparse.Namespace) -> int:
    comparisons = _comparisons(args)
    mode: Mode = args.mode
    if args.format == "json":
        payload = [
            {
                "family": c.family,
                "old": c.old_version,
                "new": c.new_version,
                "mode": mode,
                "compatible": c.compatible(mode),
                "needed_bump": str(c.needed) if c.needed else None,
                "changes": [e.as_json() for e in c.entries],
            }
            for c in comparisons
        ]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format in reporting.FORMATS:
        sys.stdout.write(reporting.render(_outcome(comparisons, mode), args.format))
    else:
        sys.stdout.write("".join(_render(c, mode, markdown=args.format == "markdown") for c in comparisons))
    return EXIT_OK if all(c.compatible(mode) for c in comparisons) else EXIT_INVALID


def _render(changes: FamilyDiff, mode: Mode, *, markdown: bool) -> str:
    title, summary = _title(changes), _summary(changes, mode)
    if markdown:
        lines = [f"## {title}", "", summary, ""]
        lines += [changelog.entry_line(e) for e in changes.entries]
        return "\n".join(lines) + "\n\n"
    lines = [f"{title}: {summary}"]
    for e in changes.entries:
        effect = "/".join(
            n for n, hit in (("readers", e.breaks_readers), ("writers", e.breaks_writers)) if hit
        )
        kind = f"{e.kind} " if e.kind else ""
        lines.append(f"  {e.bump!s:<5} {kind}{e.path or '/'}: [{e.rule}] {e.message}")
        lines.append(f"        breaks {effect or 'nothing'}; fingerprint {e.fingerprint}")
    return "\n".join(lines) + "\n"


def _title(changes: FamilyDiff) -> str:
    return f"{changes.family} {changes.old_version} -> {changes.new_version}".strip()


def _summary(changes: FamilyDiff, mode: Mode) -> str:
    verdict = "compatible" if changes.compatible(mode) else "INCOMPATIBLE"
    return f"{len(changes.entries)} change(s); {mode}: {verdict}; needs {_bump_phrase(changes)}"


def _outcome(comparisons: list[FamilyDiff], mode: Mode) -> Outcome:
    """Return the comparisons for the CI formats: a suite per comparison, a case per change.

    A change fails its case when it breaks compatibility under ``mode``; one that keeps it is a note.
    Each change is located in its kind's schema file when one is on disk (the repository's version
    folder, or the file given), and always by its kind and path, with its fingerprint.
    """
    workspace = _workspace()
    suites = []
    for c in comparisons:
        cases = []
        for e in c.entries:
            where = f"{e.kind} {e.path or '/'}".strip()
            problem = Problem(
                e.rule,
                "error" if e.breaks(mode) else "note",
                e.message,
                f"this needs a {e.bump} version bump" if e.breaks(mode) else "",
                _schema_file(workspace, c, e.kind),
                where=where,
                fingerprint=e.fingerprint,
                fails=e.breaks(mode),
            )
            cases.append(
                Case(f"{where} [{e.rule}] {e.fingerprint}", f"treaty.diff.{c.family or 'schema'}", (problem,))
            )
        suites.append(Suite(_title(c), tuple(cases)))
    rules = tuple(
        Rule(rule.id, rule.summary, help_uri=f"{DOCS}/diff-rules.md")
        for rule in (*RULES.values(), *KIND_RULES.values())
    )
    summary = "\n".join(f"{_title(c)}: {_summary(c, mode)}" for c in comparisons)
    return Outcome("diff", tuple(suites), rules, summary)


def _schema_file(workspace: Workspace | None, changes: FamilyDiff, kind: str) -> str:
    """Return the schema file a change is in, relative to the working directory; "" when none is on disk."""
    if not changes.family:  # two schema files: the change is in the new one
        return relative(Path(changes.new_version))
    if workspace is None:
        return ""
    for label in (changes.new_version, changes.old_version):  # a removed kind is only in the old version
        path = workspace.schemas / changes.family / label.partition(" ")[0] / f"{kind}{SCHEMA_SUFFIX}"
        if path.is_file():
            return relative(path)
    return ""


def _bump_phrase(changes: FamilyDiff) -> str:
    needed = changes.effective
    return f"at least a {needed} version bump" if needed else "no version bump"


def _comparisons(args: argparse.Namespace) -> list[FamilyDiff]:
    args.specs = [s for s in (args.old, args.new) if s is not None]
    try:
        return _compare_specs(args)
    except SchemaDiffError as error:
        hint = getattr(error, "hint", "") or "give two valid JSON Schemas"  # a DialectError knows the fix
        raise UsageError(f"cannot compare: {error}", hint=hint) from None


def _compare_specs(args: argparse.Namespace) -> list[FamilyDiff]:
    if args.against is not None:
        if args.specs or args.transitive:
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
        return _transitive(args)
    if len(args.specs) not in {1, 2}:
        raise UsageError(
            "give OLD and NEW (or OLD alone, for its working tree)", hint="treaty diff acme@0.1.0 acme@0.2.0"
        )
    if len(args.specs) == 2 and all(_is_file(s) for s in args.specs):  # noqa: PLR2004  # OLD and NEW
        old, new = (from_file(Path(s)) for s in args.specs)
        pair = (args.specs[0], {"": old}), (args.specs[1], {"": new})
        return [compare("", *pair, args.policy, dialect=args.dialect)]
    old_side = _side(args.specs[0])
    new_side = _side(args.specs[1] if len(args.specs) == 2 else old_side.family)  # noqa: PLR2004
    if old_side.family != new_side.family:
        raise UsageError(
            f"{args.specs[0]} and {args.specs[1]} are different families",
            hint="compare two versions of one family, or two schema files",
        )
    return [_compare(old_side, new_side, args.policy, args.dialect)]


def _compare(old: _Side, new: _Side, policy: Any, dialect: Dialect | None) -> FamilyDiff:
    return compare(old.family, (old.label, old.schemas), (new.label, new.schemas), policy, dialect=dialect)


def _transitive(args: argparse.Namespace) -> list[FamilyDiff]:
    if len(args.specs) > 1:
        raise UsageError("--transitive takes one version: NEW", hint="treaty diff --transitive acme@0.2.0")
    news = [_side(args.specs[0])] if args.specs else [_tree(f) for f in _families(args.family)]
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


def _is_file(spec: str) -> bool:
    return "@" not in spec and Path(spec).suffix == ".json"


def _side(spec: str) -> _Side:
    if _is_file(spec):
        raise UsageError(
            f"{spec}: a schema file compares only with another schema file", hint="give two files"
        )
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
    version, schemas = from_git(workspace, ref, family.name)
    return _Side(family.name, version, schemas, ref)


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


def _rules(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = [
        {
            "id": rule.id,
            "category": rule.category,
            "summary": rule.summary,
            "breaks_readers": rule.breaks_readers("lenient"),
            "breaks_writers": rule.breaks_writers("lenient"),
            "strict_breaks_readers": rule.breaks_readers("strict"),
            "strict_breaks_writers": rule.breaks_writers("strict"),
            "bump": str(rule.bump("lenient")),
        }
        for rule in (*RULES.values(), *KIND_RULES.values())
    ]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    yes = {True: "breaks", False: "-"}
    if args.format == "markdown":
        print("| rule | category | readers | writers | bump | meaning |\n|---|---|---|---|---|---|")
        for r in rows:
            print(
                f"| `{r['id']}` | {r['category']} | {yes[r['breaks_readers']]} | {yes[r['breaks_writers']]} "
                f"| {r['bump']} | {r['summary']} |"
            )
        return EXIT_OK
    width = max(len(r["id"]) for r in rows)
    print(f"{'RULE':<{width}}  {'CATEGORY':<11} {'READERS':<7} {'WRITERS':<7} BUMP   MEANING")
    for r in rows:
        print(
            f"{r['id']:<{width}}  {r['category']:<11} {yes[r['breaks_readers']]:<7} "
            f"{yes[r['breaks_writers']]:<7} {r['bump']:<6} {r['summary']}"
        )
    print(
        f"{len(rows)} rules; readers/writers are the lenient policy's verdicts (see `--format json` for strict)"
    )
    return EXIT_OK


def _changelog_cmd(args: argparse.Namespace) -> int:
    workspace = Workspace.find(Path.cwd())
    found = changelog.sections(workspace, {f.name: f.version for f in model_families()})
    if args.format == "json":
        sys.stdout.write(json.dumps([s.as_json() for s in found], indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    generated = changelog.region(found)
    if args.stdout:
        sys.stdout.write(generated)
        return EXIT_OK
    path = workspace.root / changelog.CHANGELOG
    if args.check:
        stale = changelog.current_region(path) != generated
        print(f"{workspace.relative(path)}: {'stale: run `treaty changelog`' if stale else 'up to date'}")
        return EXIT_INVALID if stale else EXIT_OK
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    updated = changelog.splice(text, generated)
    if updated != text:
        write_atomic(path, updated)
    print(f"{workspace.relative(path)}: {'updated' if updated != text else 'up to date'}")
    return EXIT_OK
