"""Standalone schemas: every installed kind's schema with its references bundled, for other validators and editors.

The installed schemas refer to shared definitions by ``$id`` (``urn:treaty:<family>:<version>:definitions``),
which only Treaty's registry resolves: check-jsonschema stops with FileNotFoundError on them. `export_schemas`
writes one self-contained file per kind and version, ``DIR/<family>/<version>/<kind>.schema.json``, with every
definition it refers to copied under its own ``$defs`` (`treaty._validation.refs.bundle`, the form the fast
path and the classifier read), and ``DIR/schemas.json`` listing them. Any draft 2020-12 validator resolves
them offline. The output is deterministic: the same installed schemas give the same bytes.

`vscode_settings` maps the ``[tool.treaty.paths]`` rules (glob -> kind) to those files in VS Code's
``yaml.schemas`` setting, the one the YAML extension's language server reads.
"""

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final

from treaty._documents.atomic import replace_all, write_atomic
from treaty._documents.export_dir import check_out, previous_files, remove_leftovers
from treaty._validation.catalog import (
    SCHEMA_SUFFIX,
    Catalog,
    render_json,
    schema_id,
    sha256,
    unknown_family_hint,
    version_key,
)
from treaty._validation.refs import bundle
from treaty._validation.select import EDITOR_SCHEMAS, FOLDERS, PATHS, SchemaRef
from treaty._validation.vocabulary import KEYWORDS
from treaty.exceptions import UsageError

INDEX_FILE: Final = "schemas.json"
GENERATOR: Final = "treaty schemas export"
FORMAT: Final = 1
"""The version of the ``schemas.json`` layout; a change that breaks its readers increments it."""
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
VSCODE_SETTINGS: Final = PurePosixPath(".vscode/settings.json")
YAML_SCHEMAS: Final = "yaml.schemas"
"""The setting of VS Code's YAML extension (redhat.vscode-yaml): schema path -> globs of the files it fits."""


def standalone_path(family: str, version: str, kind: str) -> str:
    """Return where a kind's standalone schema is, relative to the export directory."""
    return f"{family}/{version}/{kind}{SCHEMA_SUFFIX}"


@dataclass(frozen=True)
class ExportedSchemas:
    """What `export_schemas` wrote."""

    out: Path
    versions: tuple[tuple[str, str], ...]
    """The (family, version) pairs exported."""
    files: int
    """The schema files (the index not counted)."""


def _select(catalog: Catalog, families: Sequence[str] | None, version: str | None) -> list[tuple[str, str]]:
    """Return the (family, version) pairs to export, or raise a usage error naming what is installed."""
    installed = catalog.families()
    if not installed:
        raise UsageError(
            "no schema distributions are installed",
            hint="pip install the schemas of the families you use: treaty-<family>-schemas",
        )
    names = sorted(set(families)) if families else installed
    for name in names:
        if name not in installed:
            raise UsageError(
                f"no schemas are installed for the family {name!r} (installed: {', '.join(installed)})",
                hint=unknown_family_hint(name, installed),
            )
    chosen = [(name, v) for name in names for v in catalog.versions(name) if version in (None, v)]
    missing = [name for name in names if version not in (None, *catalog.versions(name))]
    if (families and missing) or not chosen:
        held = "; ".join(f"{name} {', '.join(catalog.versions(name)) or 'none'}" for name in names)
        raise UsageError(
            (
                f"no installed schemas of {', '.join(missing)} {version}"
                if families
                else f"no installed family has schemas of {version}"
            )
            if version
            else "the installed schemas hold no version",
            hint=f"installed versions: {held}; leave out --version to export them all",
        )
    return chosen


def export_schemas(
    catalog: Catalog,
    out: Path,
    families: Sequence[str] | None = None,
    version: str | None = None,
    *,
    force: bool = False,
) -> ExportedSchemas:
    """Write the chosen families' and version's (default: all) standalone schemas and their index into ``out``."""
    chosen = _select(catalog, families, version)
    previous = check_out(out, INDEX_FILE, GENERATOR, "the schemas", force=force)
    files: dict[str, bytes] = {}
    entries = []
    for family, found in chosen:
        release = catalog.release(family, found)
        for kind in release.kinds:
            name = standalone_path(family, found, kind)
            files[name] = render_json(bundle(release.schemas[kind], catalog.by_id))
            entries.append(
                {
                    "family": family,
                    "version": found,
                    "kind": kind,
                    "id": schema_id(family, found, kind),
                    "path": name,
                }
            )
    index = {
        "$comment": f"Written by `{GENERATOR}` from the installed schema distributions; do not edit. "
        "Every path is relative to this file's folder; each schema refers only to itself.",
        "generator": GENERATOR,
        "format": FORMAT,
        "dialect": DIALECT,
        # Treaty's rule vocabulary: annotations to every other validator. A strict one (ajv) must be told them.
        "keywords": sorted(KEYWORDS),
        "schemas": entries,
        "files": [{"path": name, "sha256": sha256(data)} for name, data in sorted(files.items())],
    }
    try:
        # Every schema whole, the index last: it is how the next export knows what this one wrote, so an
        # earlier export's files that this one lacks are removed only after it (as `treaty fixtures export`).
        replace_all(
            [*((out / name, data) for name, data in files.items()), (out / INDEX_FILE, render_json(index))]
        )
        remove_leftovers(out, sorted(set(previous) - set(files)))
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error}", hint="choose a writable directory") from None
    return ExportedSchemas(out, tuple(chosen), len(files))


def exported(out: Path) -> list[dict[str, str]]:
    """Return the schemas an export in ``out`` lists (family, version, kind, id, path), or raise a usage error."""
    entries: list[dict[str, str]] | None = None
    try:
        if previous_files(out, INDEX_FILE, GENERATOR) is not None:  # the index is an export's, and whole
            schemas = json.loads((out / INDEX_FILE).read_bytes())["schemas"]
            entries = [{key: str(e[key]) for key in ("family", "version", "kind", "path")} for e in schemas]
    except (OSError, ValueError, KeyError, TypeError):
        entries = None
    if entries is None:
        raise UsageError(
            f"{out} holds no standalone schemas (no {INDEX_FILE} written by `{GENERATOR}`)",
            hint=f"run `{GENERATOR} {out}` first (it writes there what the editor settings point at)",
        )
    return entries


@dataclass(frozen=True)
class EditorSettings:
    """What `vscode_settings` wrote (or would have: ``changed`` is False when the file already said it)."""

    path: Path
    schemas: Mapping[str, list[str]]
    """Treaty's ``yaml.schemas`` entries: schema path -> globs."""
    changed: bool


def editor_schemas_dir(root: Path, table: Mapping[str, Any]) -> Path:
    """Return the folder that editors read standalone schemas from: ``[tool.treaty] editor-schemas-dir``."""
    return root / str(table.get(EDITOR_SCHEMAS, FOLDERS[EDITOR_SCHEMAS]))


def _posix_from(root: Path, path: Path) -> str:
    """Return ``path`` as the settings write it: relative to the workspace folder when it can be, else absolute."""
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return path.resolve().as_posix()


def _newest(entries: Sequence[Mapping[str, str]], ref: SchemaRef) -> Mapping[str, str] | None:
    fitting = [
        e
        for e in entries
        if (e["family"], e["kind"]) == (ref.family, ref.kind) and ref.version in (None, e["version"])
    ]
    return max(fitting, key=lambda e: version_key(e["version"]), default=None)


def vscode_settings(root: Path, rules: Mapping[str, str], schemas_dir: Path) -> EditorSettings:
    """Point VS Code's ``yaml.schemas`` at the standalone schemas of each path rule, in ``root/.vscode/settings.json``.

    A rule without a version gets the newest exported version of its kind. Every other setting, and every
    ``yaml.schemas`` entry that points outside ``schemas_dir``, is kept; entries into it are Treaty's and are
    replaced, so a re-run after an upgrade leaves no stale one.
    """
    if not rules:
        raise UsageError(
            f"no [tool.treaty.{PATHS}] rules to give the editor",
            hint=f'map globs to kinds in pyproject.toml: [tool.treaty.{PATHS}] "contracts/*.yaml" = "acme/order"',
        )
    entries = exported(schemas_dir)
    ours: dict[str, list[str]] = {}
    for pattern, text in rules.items():
        entry = _newest(entries, SchemaRef.parse(text))
        if entry is None:
            raise UsageError(
                f"[tool.treaty.{PATHS}] {pattern!r} = {text!r}: {schemas_dir} holds no schema of it",
                hint=f"install its family's schemas and run `{GENERATOR} {schemas_dir}` again",
            )
        ours.setdefault(_posix_from(root, schemas_dir / entry["path"]), []).append(pattern)
    path = root / VSCODE_SETTINGS
    settings = _read_settings(path, json.dumps({YAML_SCHEMAS: ours}, ensure_ascii=False))
    prefix = _posix_from(root, schemas_dir).rstrip("/") + "/"
    kept = {key: value for key, value in settings.get(YAML_SCHEMAS, {}).items() if not key.startswith(prefix)}
    merged = {
        **settings,
        YAML_SCHEMAS: {**kept, **{key: sorted(globs) for key, globs in sorted(ours.items())}},
    }
    # VS Code writes its settings with 4 spaces; the user's own key order is kept.
    text = json.dumps(merged, indent=4, ensure_ascii=False) + "\n"
    changed = not path.is_file() or path.read_text(encoding="utf-8") != text
    if changed:
        write_atomic(path, text)
    return EditorSettings(path, ours, changed)


def _read_settings(path: Path, entries: str) -> dict[str, Any]:
    """Return an existing settings file's object; refuse one that cannot be rewritten without losing anything."""
    if not path.exists():
        return {}
    try:
        settings = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        # VS Code accepts comments and trailing commas (JSONC); rewriting the file would drop the comments.
        raise UsageError(
            f"{path} is not plain JSON ({error}); Treaty rewrites only what it can keep whole",
            hint=f"remove its comments and trailing commas, or add these entries to it by hand: {entries}",
        ) from None
    if not isinstance(settings, dict) or not isinstance(settings.get(YAML_SCHEMAS, {}), dict):
        raise UsageError(
            f"{path}: the settings must be a JSON object, and {YAML_SCHEMAS} in it an object",
            hint=f'fix the file: {{"{YAML_SCHEMAS}": {{"<schema file>": ["<glob>"]}}}}',
        )
    return settings


def template_modeline(templates: Path, schemas_dir: Path, family: str, version: str, kind: str) -> str:
    """Return the YAML language server's modeline of a template in ``templates/<family>/``.

    The schema is named by a path relative to the template, as the language server resolves it, into the
    folder of standalone schemas (``[tool.treaty] editor-schemas-dir``), so the link holds in any checkout.
    """
    target = Path(os.path.relpath(schemas_dir / standalone_path(family, version, kind), templates / family))
    return f"# yaml-language-server: $schema={target.as_posix()}"
