"""The ``treaty docs`` command: a browsable reference of the installed contracts."""

import argparse
from pathlib import Path

from treaty._cli.exit import EXIT_OK
from treaty._site.build import build_site


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``treaty docs`` to the ``treaty`` parser."""
    docs = commands.add_parser(
        "docs",
        help="build a static HTML reference of the installed families: kinds, fields, rules, examples, changes",
        description=(
            "Writes one page per family, version and kind (fields, definitions, rules with their ids and "
            "severities, the fixtures as examples) and each family's changelog with fingerprints, from the "
            "installed treaty-<family>-schemas and -fixtures distributions. Inside a contract repository "
            "the changelog is the repository's. DIR is replaced whole; it must be new, empty, or an earlier "
            "site of `treaty docs`."
        ),
    )
    docs.add_argument("dir", type=Path, metavar="DIR", help="the directory to write (created if missing)")
    docs.set_defaults(handler=_docs)


def _docs(args: argparse.Namespace) -> int:
    built = build_site(args.dir, Path.cwd())
    print(
        f"wrote {built.files} files to {args.dir}: {', '.join(built.families)} "
        f"({built.versions} versions, {built.kinds} kind pages)"
    )
    print(f"open {args.dir / 'index.html'}")
    return EXIT_OK
