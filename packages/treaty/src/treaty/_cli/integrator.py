"""The integrator commands of the ``treaty`` command line: ``fixtures export``, ``codegen`` and ``editor``."""

import argparse
import sys
from pathlib import Path

from treaty._authoring.codegen import generate
from treaty._cli.exit import EXIT_OK
from treaty._fixtures.export import INDEX_FILE, export_fixtures
from treaty._validation.catalog import Catalog
from treaty._validation.select import find_config, path_rules
from treaty._validation.standalone import editor_schemas_dir, vscode_settings
from treaty.exceptions import UsageError


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the integrator commands to the ``treaty`` parser."""
    fixtures = commands.add_parser(
        "fixtures", help="work with the installed fixture distributions (see `treaty fixtures export`)"
    )
    actions = fixtures.add_subparsers(title="fixtures commands", required=True, metavar="COMMAND")
    export = actions.add_parser(
        "export",
        help="write the installed fixtures as plain files, with a JSON index, for consumers in any language",
        description=(
            "Copies every file of the installed treaty-<family>-fixtures distributions, as shipped, to "
            f"DIR/<family>/<version>/, and writes DIR/{INDEX_FILE}: every case with its verdict and stated "
            "errors, every set, every behaviour vector, every file with its sha256."
        ),
    )
    export.add_argument("dir", type=Path, metavar="DIR", help="the directory to write (created if missing)")
    export.add_argument("--family", action="append", help="export only this family (repeatable)")
    export.add_argument("--version", help="export only this version of each family")
    export.add_argument(
        "--force", action="store_true", help="write into a non-empty DIR that no earlier export wrote"
    )
    export.set_defaults(handler=_fixtures_export)

    codegen = commands.add_parser(
        "codegen",
        help="generate Pydantic v2 models of a family version from its installed, pinned schemas",
        description=(
            "Generates one package per family version, one module per kind, with datamodel-code-generator "
            "(pip install 'treaty-toolkit[codegen]') and the options of treaty's codegen.toml; the same pinned "
            "schemas give the same bytes."
        ),
    )
    codegen.add_argument("spec", metavar="FAMILY@VERSION", help="the family version, e.g. acme@0.1.0")
    codegen.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="the package directory to write (default: ./<family>_<major>_<minor>_<patch>)",
    )
    codegen.add_argument(
        "--force", action="store_true", help="write into a directory that holds files codegen did not write"
    )
    codegen.set_defaults(handler=_codegen)

    editor = commands.add_parser(
        "editor", help="point an editor at the standalone schemas (see `treaty editor vscode`)"
    )
    editors = editor.add_subparsers(title="editor commands", required=True, metavar="COMMAND")
    vscode = editors.add_parser(
        "vscode",
        help="write VS Code's yaml.schemas setting from [tool.treaty.paths]",
        description=(
            "Maps each [tool.treaty.paths] glob to its kind's standalone schema (written by `treaty schemas "
            "export`) in the yaml.schemas setting of .vscode/settings.json beside the pyproject.toml, keeping "
            "every other setting."
        ),
    )
    vscode.add_argument(
        "--schemas-dir",
        type=Path,
        metavar="DIR",
        help="the folder `treaty schemas export` wrote (default: [tool.treaty] editor-schemas-dir, build/schemas)",
    )
    vscode.set_defaults(handler=_editor_vscode)


def _fixtures_export(args: argparse.Namespace) -> int:
    done = export_fixtures(args.dir, args.family, args.version, force=args.force)
    versions = ", ".join(f"{family} {version}" for family, version in done.versions)
    print(
        f"exported {versions}: {done.cases} cases, {done.sets} sets, {done.vectors} vectors "
        f"({done.files} files) to {args.dir}"
    )
    print(f"index: {args.dir / INDEX_FILE}")
    return EXIT_OK


def _codegen(args: argparse.Namespace) -> int:
    done = generate(Catalog.installed(), args.spec, args.out, force=args.force)
    for note in done.notes:
        print(f"note: datamodel-code-generator: {note}", file=sys.stderr)
    print(f"wrote the {args.spec} models to {done.out}/: {', '.join(done.kinds)} and __init__.py")
    print(f"import them from the package {done.package}: KINDS maps each kind to its top-level model")
    return EXIT_OK


def _editor_vscode(args: argparse.Namespace) -> int:
    found = find_config(Path.cwd())
    if found is None:
        raise UsageError(
            "no pyproject.toml with a [tool.treaty] table at or above this folder",
            hint='add [tool.treaty.paths] rules to the project\'s pyproject.toml, e.g. "contracts/*.yaml" = "acme/order"',
        )
    rules, root = path_rules(found)
    assert root is not None  # noqa: S101  # found: the folder of its pyproject.toml
    schemas_dir = args.schemas_dir.absolute() if args.schemas_dir else editor_schemas_dir(root, found[1])
    done = vscode_settings(root, rules, schemas_dir)
    for schema, globs in done.schemas.items():
        print(f"{schema}: {', '.join(globs)}")
    print(
        f"{done.path}: {'wrote' if done.changed else 'already holds'} {len(done.schemas)} yaml.schemas entries"
    )
    return EXIT_OK
