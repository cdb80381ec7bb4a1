"""Schema selection: which family, kind and version a document is validated against.

By ``--schema``, else by the ``[tool.treaty.paths]`` rules of the project's ``pyproject.toml`` (found and
checked here, apart from the workspace, so ``validate`` starts light), else by an unambiguous match on
content. Path rules are globs of the command line's dialect (`treaty._documents.files`).
"""

import difflib
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Final

from treaty._documents.files import glob_match, glob_parts
from treaty._documents.findings import Finding, pointer_of
from treaty._validation.catalog import Catalog, distribution_name, parse_version, unknown_family_hint
from treaty.exceptions import ConfigError, RegistryError, UsageError

if TYPE_CHECKING:
    from _typeshed import StrPath

    from treaty._documents.document import Document


@dataclass(frozen=True)
class SchemaRef:
    """``family/kind[@version]``: a kind, optionally pinned to a version."""

    family: str
    kind: str
    version: str | None = None

    @classmethod
    def parse(cls, text: str) -> "SchemaRef":
        """Parse ``family/kind[@version]``."""
        name, _, version = text.partition("@")
        family, slash, kind = name.partition("/")
        if not slash or not family or not kind or (version and not parse_version(version)):
            raise UsageError(
                f"{text!r} is not a schema reference",
                hint="write family/kind or family/kind@MAJOR.MINOR.PATCH, e.g. acme/order",
            )
        return cls(family, kind, version or None)

    def __str__(self) -> str:
        """Return the reference as written."""
        return f"{self.family}/{self.kind}" + (f"@{self.version}" if self.version else "")


@dataclass(frozen=True)
class Selection:
    """The schema chosen for a document."""

    family: str
    kind: str
    version: str

    @property
    def label(self) -> str:
        """Return ``family/kind@version``."""
        return f"{self.family}/{self.kind}@{self.version}"


class Selector:
    """Chooses a schema by ``--schema``, else by path rules, else by an unambiguous match on content."""

    def __init__(
        self, catalog: Catalog, rules: Mapping[str, str] | None = None, root: Path | None = None
    ) -> None:
        """Select from ``catalog``; ``rules`` map glob patterns (relative to ``root``) to schema references."""
        self.catalog = catalog
        self.root = root
        self.rules: list[tuple[str, SchemaRef]] = [
            (pattern, _rule(pattern, ref)) for pattern, ref in (rules or {}).items()
        ]

    def select(
        self, document: "Document", path: "StrPath | None", explicit: SchemaRef | None
    ) -> Selection | Finding:
        """Return the schema for a document, or a finding saying why none could be chosen."""
        ref = explicit or self.by_path(path)
        if ref is None:
            found = self._by_content(document)
            if isinstance(found, Finding):
                return found
            ref = found
        if ref.family not in self.catalog.families():
            known = ", ".join(self.catalog.families()) or "none"
            raise RegistryError(
                f"no schemas are installed for the family {ref.family!r} (installed: {known})",
                hint=unknown_family_hint(ref.family, self.catalog.families()),
                family=ref.family,
            )
        versions = self.catalog.versions(ref.family)
        version = ref.version or _document_version(document.data)
        if version is None:
            version = versions[-1]
        elif version not in versions:
            return _finding(
                document,
                ("schema_version",),
                "unknown-schema-version",
                f"{ref.family} has no version {version!r} in the installed schemas",
                f"installed versions: {', '.join(versions)}; install a newer {distribution_name(ref.family, 'schemas')} "
                "if the document is newer",
            )
        kinds = self.catalog.release(ref.family, version).kinds
        if ref.kind not in kinds:
            raise UsageError(
                f"{ref.family} {version} has no kind {ref.kind!r}",
                hint=f"kinds of {ref.family} {version}: {', '.join(kinds)}",
            )
        return Selection(ref.family, ref.kind, version)

    def by_path(self, name: "StrPath | None") -> SchemaRef | None:
        """Return the schema a `[tool.treaty.paths]` rule gives a file, if one matches."""
        if name is None or not self.rules:
            return None
        path = Path(name)
        try:
            relative = path.resolve().relative_to(self.root.resolve()) if self.root else path
        except ValueError:
            relative = path
        parts = PurePosixPath(relative.as_posix()).parts  # as the rules are read, on any system
        for pattern, ref in self.rules:
            if glob_match(_glob(pattern), parts):
                return ref
        return None

    def _by_content(self, document: "Document") -> SchemaRef | Finding:
        data = document.data
        if not isinstance(data, dict):
            return _finding(
                document,
                (),
                "unknown-kind",
                "is not a mapping, so no contract kind can match it",
                "a contract document is a mapping of keys to values",
            )
        candidates = []
        for family in self.catalog.families():
            versions = self.catalog.versions(family)
            if not versions:
                continue
            release = self.catalog.release(family, versions[-1])
            for kind, schema in release.schemas.items():
                if _matches(schema, data):
                    candidates.append(SchemaRef(family, kind))
        if len(candidates) == 1:
            return candidates[0]
        hint = "name the schema with --schema family/kind, or map paths to schemas in [tool.treaty.paths]"
        if not candidates:
            return _finding(
                document, (), "unknown-kind", "matches no installed contract kind by its keys", hint
            )
        names = ", ".join(str(c) for c in candidates)
        return _finding(
            document,
            (),
            "unknown-kind",
            f"matches several contract kinds by its keys ({names})",
            hint,
        )


@functools.cache
def _glob(pattern: str) -> tuple[str, ...]:
    """Return a path rule's segments (rules are posix on every system)."""
    return glob_parts(PurePosixPath(pattern))


def _rule(pattern: str, ref: str, source: Path | None = None) -> SchemaRef:
    """Return a path rule's schema reference; raise a `ConfigError` naming the rule (and its ``source`` file)."""
    try:
        return SchemaRef.parse(ref)
    except UsageError as error:
        where = f"{source}: " if source else ""
        raise ConfigError(
            f"{where}[tool.treaty.paths] {pattern!r}: {error.message}",
            hint=error.hint,
            path=str(source or ""),
        ) from None


def _matches(schema: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    properties = schema.get("properties", {})
    if not all(key in data for key in schema.get("required", [])):
        return False
    return schema.get("additionalProperties", True) is not False or all(key in properties for key in data)


def _document_version(data: object) -> str | None:
    """Return the document's schema_version when it is a well-formed version (else the schema reports it)."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and parse_version(version) else None


def _finding(
    document: "Document", path: tuple[str | int, ...], rule: str, message: str, hint: str
) -> Finding:
    line, column = document.locate(path)
    return Finding(document.source, line, column, pointer_of(path), rule, message, hint)


CONFIG_FILE: Final = "pyproject.toml"
FOLDERS: Final = {
    "schemas-dir": "schemas",
    "fixtures-dir": "fixtures",
    "templates-dir": "templates",
    "packages-dir": "packages",
    "editor-schemas-dir": "build/schemas",
}
"""The folder keys of ``[tool.treaty]`` (relative to its pyproject.toml), with their defaults."""
EDITOR_SCHEMAS: Final = "editor-schemas-dir"
"""Where editors find the standalone schemas (`treaty schemas export`): templates' modelines point there."""
PATHS: Final = "paths"
_EXAMPLE_RULE: Final = '"contracts/**/*.yaml" = "acme/order"'


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Return the nearest ``pyproject.toml`` with a ``[tool.treaty]`` table at or above ``start``, and the table.

    The table is checked first (`check_config`): a misspelt key is an error, never a setting silently lost.
    """
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise ConfigError(
                    f"{candidate}: cannot be read ({error})",
                    hint="fix the TOML syntax",
                    path=str(candidate),
                ) from None
            tool = data.get("tool")
            table = tool.get("treaty") if isinstance(tool, dict) else None
            if table is not None:
                return candidate, check_config(candidate, table)
    return None


def check_config(path: Path, table: object) -> dict[str, Any]:
    """Return the ``[tool.treaty]`` table of ``path`` once every key is known and of the right type.

    Raises a `ConfigError` naming the file and the key, with the nearest known key for a misspelt one.
    """

    def fail(key: str, problem: str, hint: str) -> ConfigError:
        return ConfigError(f"{path}: [tool.treaty] {key}: {problem}", hint=hint, path=str(path))

    if not isinstance(table, dict):
        raise ConfigError(
            f"{path}: [tool.treaty] must be a table, not {_toml_type(table)}",
            hint='write it as a table: [tool.treaty] then its keys, e.g. schemas-dir = "schemas"',
            path=str(path),
        )
    known = [*FOLDERS, PATHS]
    for key, value in table.items():
        if key not in known:
            table_like = isinstance(value, dict)  # [tool.treaty.path] is a table: name it as written
            close = [
                f"[tool.treaty.{name}]" if table_like else repr(name)
                for name in difflib.get_close_matches(key, known, n=1)
            ]
            raise fail(
                key,
                "unknown table" if table_like else "unknown key",
                "".join(f"did you mean {name}? " for name in close)
                + f"[tool.treaty] takes {', '.join(FOLDERS)} and [tool.treaty.{PATHS}]",
            )
        if key in FOLDERS and not isinstance(value, str):
            raise fail(key, f"must be a string, not {_toml_type(value)}", f'write {key} = "{FOLDERS[key]}"')
    rules = table.get(PATHS, {})
    if not isinstance(rules, dict):
        raise fail(
            PATHS, f"must be a table, not {_toml_type(rules)}", f"write [tool.treaty.{PATHS}] {_EXAMPLE_RULE}"
        )
    for pattern, ref in rules.items():
        if not isinstance(ref, str):
            raise ConfigError(
                f"{path}: [tool.treaty.{PATHS}] {pattern!r}: must be a family/kind string, not {_toml_type(ref)}",
                hint=f"map a glob to a schema: {_EXAMPLE_RULE}",
                path=str(path),
            )
        _rule(pattern, ref, path)
    return table


_TOML_TYPES: Final = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
}


def _toml_type(value: object) -> str:
    """Return what a TOML value is, for messages."""
    return "a table" if isinstance(value, dict) else _TOML_TYPES.get(type(value), "a date or time")


def path_rules(found: tuple[Path, dict[str, Any]] | None) -> tuple[dict[str, str], Path | None]:
    """Return the ``[tool.treaty.paths]`` rules of a found (and checked) configuration, and their folder."""
    if found is None:
        return {}, None
    path, table = found
    return table.get(PATHS, {}), path.parent
