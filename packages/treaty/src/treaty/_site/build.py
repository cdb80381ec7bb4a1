"""`treaty docs DIR`: the site built from the installed distributions, and written into DIR whole."""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from treaty._documents.atomic import replace_folder
from treaty._site.collect import collect
from treaty._site.pages import GENERATOR, render
from treaty._validation.catalog import Catalog
from treaty.exceptions import UsageError

_SHOWN: Final = 5
_MARK: Final = f'<meta name="generator" content="{GENERATOR}">'
_READ: Final = 2048
"""How much of an ``index.html`` is read to recognise a site `treaty docs` wrote (the mark is in its head)."""


@dataclass(frozen=True)
class Built:
    """What `build_site` wrote."""

    out: Path
    families: tuple[str, ...]
    versions: int
    kinds: int
    """Kind pages (one per kind of each version)."""
    files: int


def build_site(out: Path, start: Path, catalog: Catalog | None = None) -> Built:
    """Write the reference site of the installed families into ``out``, replacing an earlier site there.

    ``start`` is where a contract repository is looked for (the changelog's source); ``catalog`` defaults to
    the installed schemas.
    """
    _check_out(out)
    site = collect(catalog or Catalog.installed(), start)
    files = render(site)
    try:
        replace_folder(out, sorted(files.items()))
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error}", hint="choose a writable directory") from None
    return Built(
        out,
        tuple(f.name for f in site.families),
        sum(len(f.versions) for f in site.families),
        sum(len(v.kinds) for f in site.families for v in f.versions),
        len(files),
    )


def _check_out(out: Path) -> None:
    """Refuse an ``out`` that is a file, or a non-empty folder that holds no site `treaty docs` wrote."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file", hint="name a directory to write the site into")
    if not out.is_dir() or not any(out.iterdir()):
        return
    try:
        with (out / "index.html").open("rb") as stream:
            head = stream.read(_READ).decode("utf-8", errors="replace")
    except OSError:
        head = ""
    if _MARK in head:
        return
    shown = sorted(child.name for child in out.iterdir())
    listing = ", ".join(shown[:_SHOWN]) + (", ..." if len(shown) > _SHOWN else "")
    raise UsageError(
        f"{out} is not empty ({listing}) and holds no site written by `treaty docs`",
        hint="name a new or empty directory (an earlier site of `treaty docs` is replaced whole)",
    )
