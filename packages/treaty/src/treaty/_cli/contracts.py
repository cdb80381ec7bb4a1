"""The contract repository's commands: ``check``, ``export``, ``release``, ``schemas`` and ``changelog``."""

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from treaty import _reporting as reporting
from treaty._authoring.export import export
from treaty._authoring.release import pending_lock, released, render_lock
from treaty._authoring.templates import family_templates, template_name
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._check.end_to_end import end_to_end, gate_row, table, verdict
from treaty._check.gates import GATES, Context
from treaty._check.report import outcome, summary
from treaty._cli.exit import EXIT_INVALID, EXIT_OK
from treaty._diff.changelog import CHANGELOG, current_region, region, sections, splice
from treaty._documents.atomic import replace_all, write_atomic
from treaty._validation.catalog import Catalog
from treaty._validation.standalone import INDEX_FILE as STANDALONE_INDEX
from treaty._validation.standalone import export_schemas
from treaty.exceptions import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from treaty._check.end_to_end import Row
    from treaty._documents.findings import Finding


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the contract repository's commands to the ``treaty`` parser."""
    check = commands.add_parser("check", help="run every gate of a contract repository (or the named ones)")
    check.add_argument(
        "--gate",
        action="append",
        choices=[g.id for g in GATES],
        help="run only this gate (repeatable)",
    )
    check.add_argument(
        "--family",
        action="append",
        help="check only this family's models (repeatable; default: every installed models package)",
    )
    check.add_argument("--list", action="store_true", help="list the gates and exit")
    check.add_argument(
        "--format",
        choices=("text", "json", *reporting.FORMATS),
        default="text",
        help="output format: text, json, github (GitHub Actions annotations), sarif or junit (default: text)",
    )
    check.add_argument(
        "--end-to-end",
        action="store_true",
        help="also validate the templates and every fixture folder as `treaty validate` does, "
        "and end with a table and a verdict",
    )
    check.add_argument(
        "-v", "--verbose", action="store_true", help="with --end-to-end: also print every document's findings"
    )
    check.set_defaults(handler=_check, extra="author")

    export_cmd = commands.add_parser(
        "export", help="write each family's schemas, manifest and templates from its models"
    )
    export_cmd.add_argument("--family", action="append", help="export only this family (repeatable)")
    export_cmd.set_defaults(handler=_export, extra="author")

    release = commands.add_parser(
        "release",
        help="freeze an exported version once every gate passes: its schemas and fixtures become immutable",
    )
    release.add_argument("family")
    release.add_argument("version")
    release.set_defaults(handler=_release, extra="author")

    schemas = commands.add_parser(
        "schemas",
        help="list the installed schema families, versions and kinds (see also `treaty schemas export`)",
    )
    schemas.set_defaults(handler=_schemas)
    schema_actions = schemas.add_subparsers(title="schemas commands", metavar="COMMAND")
    schemas_export = schema_actions.add_parser(
        "export",
        help="write every installed kind's schema self-contained, for other validators and editors",
        description=(
            "Writes DIR/<family>/<version>/<kind>.schema.json for every installed version, each with the "
            "definitions it refers to in other schema files copied under its own $defs, so any draft 2020-12 "
            f"validator resolves it offline, and DIR/{STANDALONE_INDEX} listing them."
        ),
    )
    schemas_export.add_argument(
        "dir", type=Path, metavar="DIR", help="the directory to write (created if missing)"
    )
    schemas_export.add_argument("--family", action="append", help="export only this family (repeatable)")
    schemas_export.add_argument("--version", help="export only this version of each family")
    schemas_export.add_argument(
        "--force", action="store_true", help="write into a non-empty DIR that no earlier export wrote"
    )
    schemas_export.set_defaults(handler=_schemas_export)

    log = commands.add_parser(
        "changelog", help="write the schema changelog of every family version into CHANGELOG.md"
    )
    log.add_argument("--check", action="store_true", help="write nothing; exit 1 when CHANGELOG.md is stale")
    log.add_argument("--format", choices=("markdown", "json"), default="markdown")
    log.add_argument("--stdout", action="store_true", help="print the changelog instead of writing it")
    log.set_defaults(handler=_changelog, extra="author")


def _chosen(names: list[str] | None) -> "list[ModelFamily] | None":
    """Return the installed model families ``--family`` names (None: every one); an unknown name is a usage error."""
    if not names:
        return None
    installed = model_families()
    unknown = sorted(set(names) - {f.name for f in installed})
    if unknown:
        known = ", ".join(f.name for f in installed) or "none"
        raise UsageError(
            f"no installed models package declares {', '.join(unknown)}", hint=f"installed: {known}"
        )
    return [f for f in installed if f.name in names]


def _check(args: argparse.Namespace) -> int:
    if args.list:
        for gate in GATES:
            print(f"{gate.id:<10} {gate.question}")
        return EXIT_OK
    if args.end_to_end and args.format != "text":
        raise UsageError(
            f"--end-to-end prints a table for people and has no {args.format} output",
            hint=f"drop --format {args.format}, or run `treaty check --format {args.format}` and "
            f"`treaty validate --format {args.format}`",
        )
    if args.verbose and not args.end_to_end:
        raise UsageError("--verbose lists the findings of --end-to-end's documents", hint="add --end-to-end")
    ctx = Context(workspace := Workspace.find(Path.cwd()), _chosen(args.family))
    selected = [g for g in GATES if not args.gate or g.id in args.gate]
    results: dict[str, list[Finding]] = {gate.id: list(gate.run(ctx)) for gate in selected}
    if args.end_to_end:
        rows = [gate_row(gate, results[gate.id]) for gate in selected]
        functions = {family.name: family.functions for family in ctx.installed}
        fixtures = end_to_end(ctx.workspace, ctx.catalog, functions, ctx.unvalidated)
        return _end_to_end_report([*rows, *fixtures], verbose=args.verbose)
    if args.format == "json":
        payload = {
            gid: {"passed": not found, "findings": [f.as_json() for f in found]}
            for gid, found in results.items()
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    elif args.format in reporting.FORMATS:
        sys.stdout.write(reporting.render(outcome(selected, results, workspace.root), args.format))
    else:
        for gate in selected:
            found = results[gate.id]
            print(f"{'PASS' if not found else 'FAIL'} {gate.id:<10} {gate.question}")
            sys.stdout.write("".join(_finding_lines(found)))
        print(summary(selected, results))
    return EXIT_INVALID if any(results.values()) else EXIT_OK


def _end_to_end_report(rows: "list[Row]", *, verbose: bool) -> int:
    """Print what failed (and, if ``verbose``, every finding), then the table and the verdict line last."""
    above = [row.transcript for row in rows if verbose and row.transcript]
    above += [
        f"FAIL {row.subject}: {row.about}\n" + "".join(_finding_lines(row.problems))
        for row in rows
        if not row.passed
    ]
    if above:
        print("\n".join(above))
    print("\n".join(table(rows)))
    print(verdict(rows))
    return EXIT_OK if all(row.passed for row in rows) else EXIT_INVALID


def _finding_lines(found: "Iterable[Finding]") -> "Iterator[str]":
    """Yield each finding of a gate or a fixture as a line with its location, and its fix on the next."""
    for f in found:
        at = f" at {f.pointer}:" if f.pointer else ""
        yield f"  {f.location()}:{at} {f.message}\n"
        if f.hint:
            yield f"      fix: {f.hint}\n"


def _export(args: argparse.Namespace) -> int:
    workspace = Workspace.find(Path.cwd())
    owned = model_families()
    families = [f for f in owned if not args.family or f.name in args.family]
    if args.family and len(families) != len(set(args.family)):
        known = ", ".join(f.name for f in owned)
        raise UsageError(f"unknown family in {args.family}", hint=f"installed model families: {known}")
    for family in families:
        result = export(workspace, family, set(released(workspace, family.name)))
        folder = workspace.templates / family.name
        folder.mkdir(parents=True, exist_ok=True)
        written = list(result.written)
        for kind, text in family_templates(family, workspace).items():
            target = folder / template_name(kind)
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                write_atomic(target, text)
                written.append(workspace.relative(target))
        state = f"wrote {', '.join(written)}" if written else "up to date"
        print(f"{family.name} {family.version}: {state}")
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    workspace = Workspace.find(Path.cwd())
    family = next((f for f in model_families() if f.name == args.family), None)
    if family is None:
        raise UsageError(
            f"no models package declares the family {args.family!r}", hint="check the family name"
        )
    if args.version in released(workspace, args.family):
        raise UsageError(
            f"{args.family} {args.version} is already released", hint="bump the version for a new release"
        )
    if family.version != args.version:
        raise UsageError(
            f"{family.module.__name__} defines {args.family} {family.version}, not {args.version}",
            hint=f"set __version__ = {args.version!r} in {family.module.__name__} and run `treaty export`",
        )
    ctx = Context(workspace)
    failed = [(gate, found) for gate in GATES if (found := list(gate.run(ctx)))]
    if failed:
        for gate, found in failed:
            for f in found:
                print(f"error: [{gate.id}] {f.location()}: {f.message}", file=sys.stderr)
        print(
            f"error: {args.family} {args.version} is not released: {len(failed)} gate(s) failed",
            file=sys.stderr,
        )
        return EXIT_INVALID
    path, lock = pending_lock(
        workspace, args.family, args.version, dt.datetime.now(dt.UTC).date().isoformat()
    )
    log = workspace.root / CHANGELOG
    text = log.read_text(encoding="utf-8") if log.is_file() else "# Changelog\n"
    generated = region(sections(workspace, {f.name: f.version for f in ctx.families}, {args.family: lock}))
    # releases.json is the commit point, so it is replaced last. Both files are fully written beside their
    # targets before either is replaced: an interruption before the last rename leaves the version
    # unreleased (at worst with its date already in CHANGELOG.md, which the changelog gate reports as stale),
    # and running `treaty release` again completes it; after that rename the release is whole.
    replace_all([(log, splice(text, generated)), (path, render_lock(args.family, lock))])
    print(f"{args.family} {args.version} released: {workspace.relative(path)} records every file's sha256")
    print(f"{workspace.relative(log)}: the {args.family} {args.version} section now carries the release date")
    return EXIT_OK


def _schemas(_args: argparse.Namespace) -> int:
    catalog = Catalog.installed()
    for release in catalog.all_releases():
        print(f"{release.family} {release.version}: {', '.join(release.kinds)} ({release.origin})")
    return EXIT_OK


def _schemas_export(args: argparse.Namespace) -> int:
    done = export_schemas(Catalog.installed(), args.dir, args.family, args.version, force=args.force)
    versions = ", ".join(f"{family} {version}" for family, version in done.versions)
    print(f"exported {versions}: {done.files} self-contained schemas to {args.dir}")
    print(f"index: {args.dir / STANDALONE_INDEX}")
    return EXIT_OK


def _changelog(args: argparse.Namespace) -> int:
    workspace = Workspace.find(Path.cwd())
    found = sections(workspace, {f.name: f.version for f in model_families()})
    if args.format == "json":
        sys.stdout.write(json.dumps([s.as_json() for s in found], indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    generated = region(found)
    if args.stdout:
        sys.stdout.write(generated)
        return EXIT_OK
    path = workspace.root / CHANGELOG
    if args.check:
        stale = current_region(path) != generated
        print(f"{workspace.relative(path)}: {'stale: run `treaty changelog`' if stale else 'up to date'}")
        return EXIT_INVALID if stale else EXIT_OK
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    updated = splice(text, generated)
    if updated != text:
        write_atomic(path, updated)
    print(f"{workspace.relative(path)}: {'updated' if updated != text else 'up to date'}")
    return EXIT_OK
