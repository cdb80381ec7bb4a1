"""The ``treaty`` command line: its entry points and ``treaty validate``, the command CI runs most.

Only ``validate`` is registered here, with what it imports kept to the least a run needs; every other
command lives in a module per group (`contracts`, `diff`, `integrator`, `docs`), imported only when one may
run.
Exit codes are in `exit`.
"""

import argparse
import contextlib
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

from treaty import _reporting as reporting
from treaty._cli.exit import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from treaty._documents.files import expand
from treaty._speed.cache import DIRECTORY as CACHE_DIRECTORY
from treaty._speed.cache import ENVIRONMENT as CACHE_ENVIRONMENT
from treaty._speed.cache import Cache, schemas_digest
from treaty._validation.catalog import Catalog, unknown_family_hint
from treaty._validation.select import SchemaRef, find_config, path_rules
from treaty._version import __version__
from treaty.exceptions import ExportError, TreatyError, UsageError

if TYPE_CHECKING:
    from treaty._speed.progress import Progress
    from treaty._validation.vocabulary import Functions

FORMATS: Final = ("text", "json", *reporting.FORMATS)
"""The ``--format`` choices of ``treaty validate``: the renderers of `treaty._validation.report.render`."""

PROGRESS_AFTER: Final = 50
"""Runs of more files than this are long enough for a progress line (on a terminal: see `_progress`)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 valid, 1 invalid, 2 usage or environment error)."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(next((w for w in words if not w.startswith("-")), None))
    args, unknown = parser.parse_known_args(words)
    if unknown:  # argparse reports them under the top-level usage: show the subcommand's instead
        from treaty._cli.parsers import innermost  # noqa: PLC0415  # only for a mistake

        innermost(parser, words).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        if extra := getattr(args, "extra", None):  # an author's command: say which extra it needs, up front
            from treaty._authoring.extras import require  # noqa: PLC0415  # not on validate's path

            require(extra, needed_for=f"treaty {args.command}")
        code: int = args.handler(args)
        sys.stdout.flush()  # a report that cannot be written fails here, where it is reported
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except TreatyError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # the output (or a file written) refused: a full disk, a permission
        print(
            f"error: {error}\n  hint: check the free space and permissions where it writes", file=sys.stderr
        )
        return EXIT_USAGE
    return code


def console() -> NoReturn:
    """Run the ``treaty`` command, then leave without tearing the interpreter down.

    Freeing a run's objects one by one at exit takes 10 to 40 ms over 10,000 files, a tenth of a warm run,
    and there is nothing left to do: `main` has flushed the report, closed the cache and joined a ``--jobs``
    pool (mypy leaves the same way).
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # already reported by main, or the reader is gone
            stream.flush()
    os._exit(code)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser; for ``validate`` (the command CI runs most), only its own, to start fast."""
    parser = argparse.ArgumentParser(
        prog="treaty",
        description="Keep contracts between repositories from drifting.",
        epilog="Exit codes: 0 success, 1 invalid documents or failed gates, 2 usage or environment error.",
    )
    parser.add_argument("--version", action="version", version=f"treaty {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND", dest="command")

    validate = commands.add_parser(
        "validate", help="validate YAML/JSON documents offline against pinned schemas"
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, directories, globs, or - for stdin"
    )
    validate.add_argument(
        "--schema",
        metavar="FAMILY/KIND[@VERSION]",
        help="validate every document against this kind",
    )
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format: text, json, github (GitHub Actions annotations), sarif (SARIF 2.1.0) or junit "
        "(JUnit XML) (default: text)",
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail the run too")
    validate.add_argument(
        "--isolated",
        action="store_true",
        help="validate each document on its own: skip cross-document rules (Ref resolution, unique ids)",
    )
    validate.add_argument(
        "--configured",
        action="store_true",
        help="also validate every document a [tool.treaty.paths] rule maps, as one set with the PATHs",
    )
    validate.add_argument("-v", "--verbose", action="store_true", help="also list the valid files")
    validate.add_argument(
        "--schemas-dir",
        type=Path,
        metavar="DIR",
        help="validate against a schemas/ folder instead of the installed distributions",
    )
    validate.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="validate in N processes (0: one per CPU; default: 1)",
    )
    validate.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the result cache ({CACHE_DIRECTORY}/, or ${CACHE_ENVIRONMENT})",
    )
    validate.add_argument(
        "--derived",
        action="store_true",
        help="also recompute stored derived values (x-treaty-derived) with the contract functions of the "
        "installed models packages (needs them and the author extra; the result cache is not used)",
    )
    validate.set_defaults(handler=_validate)

    if command == "validate":
        return parser
    # The other commands import much of the toolkit: a known command registers only its own group (so
    # `treaty diff` starts as fast as validate); help, completion or a mistake registers every group.
    group = next((module for module, names in _GROUPS.items() if command in names), None)
    for module in (group,) if group else _GROUPS:
        importlib.import_module(f"treaty._cli.{module}").register(commands)
    if group is None:
        _register_plugins(commands, command)
        from treaty._cli import completion  # noqa: PLC0415  # it walks every command's parser

        completion.register(commands, parser)  # its script is written at run time, from the whole parser
    return parser


COMMANDS_ENTRY_POINT: Final = "treaty.commands"
"""Command groups a family brings (the entry point's name is the command; its module has ``register``)."""


def _register_plugins(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]", command: str | None
) -> None:
    """Register the command groups installed families bring (the toolkit names no family).

    The group the command line names, alone; for help, completion or an unknown command, every one. A name
    the toolkit already uses is not taken.
    """
    from treaty._speed.entry_points import entry_points  # noqa: PLC0415  # only for a command not built in

    taken = {"validate", "completion", *(name for names in _GROUPS.values() for name in names)}
    groups = [entry for entry in entry_points(COMMANDS_ENTRY_POINT) if entry.name not in taken]
    for entry in [entry for entry in groups if entry.name == command] or groups:
        importlib.import_module(entry.value).register(commands)


_GROUPS: Final = {
    "contracts": ("check", "export", "release", "schemas", "changelog"),
    "diff": ("diff", "rules"),
    "integrator": ("fixtures", "codegen", "editor"),
    "docs": ("docs",),
    "ci": ("ci",),
}
"""The command-line modules besides validate's, each with the commands it registers (`test_cli_groups`)."""


def _validate(args: argparse.Namespace) -> int:
    if args.schemas_dir and not args.schemas_dir.is_dir():
        raise UsageError(
            f"--schemas-dir {args.schemas_dir}: no such directory", hint="name a schemas/ folder"
        )
    found = find_config(Path.cwd())
    rules, root = path_rules(found)
    cache = None if args.no_cache or args.derived else Cache.at(root)
    catalog = Catalog.from_directory(args.schemas_dir) if args.schemas_dir else Catalog.installed()
    if not catalog.families():
        raise UsageError(
            "no schema distributions are installed",
            hint="pip install a family's schemas: treaty-<family>-schemas",
        )
    schema = SchemaRef.parse(args.schema) if args.schema else None
    if schema is not None:
        _check_installed(schema, catalog)
    if not args.paths and not args.configured:
        raise UsageError("name the documents to validate", hint="give PATHs, or --configured")
    names = expand(args.paths)
    if args.configured:  # a file also named by a PATH is validated once: a second copy would clash with it
        given = set(names)
        names += [name for name in _configured(rules, root) if name not in given]
    if cache:
        cache = cache.salted(f"treaty {__version__}\0{schemas_digest(catalog.contents())}")
    run_key = cache.run_key(_setup(args, found), names) if cache else None
    if cache and run_key and (stored := cache.recall_run(run_key)):
        code, out = stored  # the same command over unchanged files: nothing to read or validate again
    else:
        code, out = _validate_files(args, names, schema, catalog, config=(rules, root), cache=cache)
        if cache and run_key:
            cache.remember_run(run_key, code, out)
    # A folder that appears in a project unasked is announced once; one placed by $TREATY_CACHE_DIR is not.
    if cache and cache.created and CACHE_ENVIRONMENT not in os.environ:
        print(
            f"note: treaty created its result cache in {cache.folder}; keep it between CI runs to reuse "
            f"verdicts (--no-cache turns it off, ${CACHE_ENVIRONMENT} moves it)",
            file=sys.stderr,
        )
    sys.stdout.write(out)
    return code


def _check_installed(schema: SchemaRef, catalog: Catalog) -> None:
    """Stop with a usage error when ``--schema`` names a family or version that is not installed."""
    families = catalog.families()
    if schema.family not in families:
        raise UsageError(
            f"--schema {schema}: no schemas are installed for the family {schema.family!r}",
            hint=unknown_family_hint(schema.family, families),
        )
    versions = catalog.versions(schema.family)
    if schema.version is not None and schema.version not in versions:
        raise UsageError(
            f"--schema {schema}: {schema.family} has no version {schema.version!r} installed",
            hint=f"installed versions: {', '.join(versions)}; list them with `treaty schemas`",
        )


def _functions() -> "dict[str, Functions]":
    """Return the contract functions of every installed models package, by family (``--derived``)."""
    from treaty._authoring.workspace import model_families  # noqa: PLC0415  # pydantic: only for --derived

    return {family.name: family.functions for family in model_families()}


def _validate_files(
    args: argparse.Namespace,
    names: list[str | None],
    schema: SchemaRef | None,
    catalog: Catalog,
    *,
    config: tuple[dict[str, str], Path | None],
    cache: Cache | None,
) -> tuple[int, str]:
    """Validate the named files; return the exit code and the report."""
    from treaty._validation.report import render  # noqa: PLC0415  # not for a run recalled whole
    from treaty._validation.run import Runner  # noqa: PLC0415  # the validators: not for a run recalled whole

    runner = Runner.for_validate(
        catalog, *config, functions=_functions() if args.derived else None, _cache=cache
    )
    report = runner.run(
        names,
        schema,
        strict=args.strict,
        isolated=args.isolated,
        jobs=args.jobs or os.cpu_count() or 1,
        _progress=_progress,
    )
    return report.exit_code, render(report, args.format, verbose=args.verbose)


def _setup(args: argparse.Namespace, config: tuple[Path, dict[str, Any]] | None) -> str:
    """Return everything a run's output depends on besides its files: options, folder and configuration."""
    options = {
        "cwd": os.getcwd(),  # noqa: PTH109  # names in the output are relative to it
        "config": [str(config[0]), config[1]] if config else None,
        **{key: getattr(args, key) for key in _OUTPUT_OPTIONS},
        "schemas_dir": str(args.schemas_dir.resolve()) if args.schemas_dir else None,
    }
    return json.dumps(options, sort_keys=True, default=str)


_OUTPUT_OPTIONS = ("paths", "configured", "schema", "format", "strict", "isolated", "verbose")
"""The options that change what ``validate`` prints (``--jobs`` does not; ``--schemas-dir`` is resolved)."""


def _configured(rules: dict[str, str], root: Path | None) -> list[str | None]:
    """Return the documents the ``[tool.treaty.paths]`` rules map (``--configured``), each once, rule by rule.

    A rule that maps nothing yet (no drift report written so far) is no error; rules that map nothing at all are.
    """
    if not rules or root is None:
        raise UsageError(
            "--configured: no [tool.treaty.paths] rules map documents to schemas",
            hint='add rules to pyproject.toml, e.g. [tool.treaty.paths] "contracts/**/*.yaml" = "acme/order"',
        )
    prefix = os.path.relpath(root)  # names as the run prints them: relative to the working directory
    found: dict[str | None, None] = {}
    for pattern in rules:
        with contextlib.suppress(UsageError):  # names no document (yet)
            found.update(dict.fromkeys(expand([pattern if prefix == "." else f"{prefix}/{pattern}"])))
    if not found:
        raise UsageError(
            f"--configured: no document matches the [tool.treaty.paths] rules ({', '.join(rules)})",
            hint="check the globs: they are relative to the folder of pyproject.toml",
        )
    return list(found)


def _progress(total: int) -> "Progress | None":
    """Return a progress line for a long run on a terminal; None when piped, in CI, or for a few files."""
    if total <= PROGRESS_AFTER:
        return None
    from treaty._speed.progress import Progress, wanted  # noqa: PLC0415  # only for long runs

    return Progress(total, sys.stderr) if wanted(sys.stderr, os.environ) else None


def _jobs(text: str) -> int:
    """Parse ``--jobs``: a count of processes, 0 for one per CPU."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (0: one per CPU)")
    return int(text)
