"""The diff commands of the ``treaty`` command line: ``diff`` and ``rules``."""

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treaty import _reporting as reporting
from treaty._authoring.sources import from_file
from treaty._cli.exit import EXIT_INVALID, EXIT_OK
from treaty._diff import RULES, Mode, SchemaDiffError
from treaty._diff.dialect import DEFAULT, DIALECTS
from treaty._diff.family import KIND_RULES, FamilyDiff, compare, entry_line
from treaty.exceptions import UsageError

if TYPE_CHECKING:
    from treaty._reporting.outcome import Outcome

Locate = Callable[[FamilyDiff, str], Path | None]
"""Where a kind's schema file of a comparison is on disk (None when it is not)."""
Locator = Callable[[], Locate]
"""Makes a `Locate` (which may look for the workspace): only the CI formats call it."""


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


def _diff(args: argparse.Namespace) -> int:
    comparisons, locator = _comparisons(args)
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
        sys.stdout.write(reporting.render(_outcome(comparisons, mode, locator()), args.format))
    else:
        sys.stdout.write("".join(_render(c, mode, markdown=args.format == "markdown") for c in comparisons))
    return EXIT_OK if all(c.compatible(mode) for c in comparisons) else EXIT_INVALID


def _render(changes: FamilyDiff, mode: Mode, *, markdown: bool) -> str:
    title, summary = _title(changes), _summary(changes, mode)
    if markdown:
        lines = [f"## {title}", "", summary, ""]
        lines += [entry_line(e) for e in changes.entries]
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


def _outcome(comparisons: list[FamilyDiff], mode: Mode, locate: Locate) -> "Outcome":
    """Return the comparisons for the CI formats: a suite per comparison, a case per change.

    A change fails its case when it breaks compatibility under ``mode``; one that keeps it is a note.
    Each change is located in its kind's schema file when one is on disk (the repository's version
    folder, or the file given), and always by its kind and path, with its fingerprint.
    """
    # Imported here: only the CI formats need the outcome model.
    from treaty._reporting.outcome import DOCS, Case, Outcome, Problem, Rule, Suite, relative  # noqa: PLC0415

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
                relative(path) if (path := locate(c, e.kind)) else "",
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


def _bump_phrase(changes: FamilyDiff) -> str:
    needed = changes.effective
    return f"at least a {needed} version bump" if needed else "no version bump"


def _comparisons(args: argparse.Namespace) -> tuple[list[FamilyDiff], Locator]:
    """Return what the command line compares, and how to find where each comparison's schema files are."""
    specs = [s for s in (args.old, args.new) if s is not None]
    files = [spec for spec in specs if _is_file(spec)]
    try:
        if files and args.against is None:  # --against refuses OLD and NEW itself
            if len(files) == 2 and not args.transitive:  # noqa: PLR2004  # OLD and NEW
                old, new = (from_file(Path(s)) for s in files)
                pair = (files[0], {"": old}), (files[1], {"": new})
                return [compare("", *pair, args.policy, dialect=args.dialect)], lambda: _new_file
            if not (args.transitive and len(specs) > 1):  # --transitive's own refusal says more
                raise UsageError(
                    f"{files[0]}: a schema file compares only with another schema file", hint="give two files"
                )
        # Imported here: a family version needs the workspace, the release locks and the catalog; two
        # schema files need none of them, so `treaty diff OLD.json NEW.json` starts as fast as `treaty validate`.
        from treaty._cli import versions  # noqa: PLC0415

        return versions.comparisons(args, specs), versions.locator
    except SchemaDiffError as error:
        hint = getattr(error, "hint", "") or "give two valid JSON Schemas"  # a DialectError knows the fix
        raise UsageError(f"cannot compare: {error}", hint=hint) from None


def _is_file(spec: str) -> bool:
    return "@" not in spec and Path(spec).suffix == ".json"


def _new_file(changes: FamilyDiff, _kind: str) -> Path:
    """Return the schema file a change between two schema files is in: the new one."""
    return Path(changes.new_version)


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
