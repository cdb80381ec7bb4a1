"""The catalog of schemas: every released version of every family, from installed distributions or a folder.

Schemas are found through the ``treaty.schemas`` entry point of each installed schema distribution (never by
guessing paths), and each file is checked against its version's manifest before it is trusted. One
`referencing.Registry` serves every reference between them, offline: a ``$ref`` to anything that is not in
the catalog fails closed.

Contract versions (``MAJOR.MINOR.PATCH``, ordered numerically) and the one byte form of Treaty's JSON files
(`render_json`) live here too: the catalog reads both, and everything else that uses them reads the catalog.
"""

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from treaty._speed.entry_points import entry_points
from treaty._validation.refs import DEFINITIONS, bundle
from treaty.exceptions import RegistryError, UsageError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import referencing

SCHEMAS_ENTRY_POINT: Final = "treaty.schemas"
MANIFEST: Final = "manifest.json"
SCHEMA_SUFFIX: Final = ".schema.json"
_SEMVER: Final = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def parse_version(version: str) -> tuple[int, int, int] | None:
    """Return a contract version's three numbers, or None when it is not ``MAJOR.MINOR.PATCH``."""
    match = _SEMVER.fullmatch(version)
    if match is None:
        return None
    return (int(match[1]), int(match[2]), int(match[3]))


def version_key(version: str) -> tuple[int, int, int]:
    """Order contract versions numerically; malformed ones sort first."""
    return parse_version(version) or (-1, -1, -1)


def schema_id(family: str, version: str, kind: str) -> str:
    """Return the stable ``$id`` of a kind's schema at a version (a URN: it names, it never locates)."""
    return f"urn:treaty:{family}:{version}:{kind}"


def parse_schema_id(uri: str) -> tuple[str, str, str] | None:
    """Return (family, version, kind) of a Treaty schema ``$id``, or None for any other URI."""
    parts = uri.split(":")
    if len(parts) == 5 and parts[:2] == ["urn", "treaty"]:  # noqa: PLR2004  # urn:treaty:family:version:kind
        return parts[2], parts[3], parts[4]
    return None


def distribution_name(family: str, part: str) -> str:
    """Return the name of a family's distribution: ``part`` is models, schemas or fixtures."""
    return f"treaty-{family.replace('_', '-')}-{part}"


def unknown_family_hint(family: str, known: list[str]) -> str:
    """Return the fix for a family no installed schemas distribution declares: a near name, or the installed ones."""
    close = difflib.get_close_matches(family, known, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    listed = ", ".join(known) or "none"
    return f"check the name (installed families: {listed}); a family's schemas are its own distribution"


def sha256(data: bytes) -> str:
    """Return the lowercase hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def render_json(data: Any) -> bytes:
    """Serialise JSON the one way Treaty writes it: sorted keys, 2-space indent, UTF-8, one final newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


@dataclass(frozen=True)
class SchemaRelease:
    """The schemas of one family at one version, verified against their manifest."""

    family: str
    version: str
    schemas: Mapping[str, Mapping[str, Any]]
    manifest: Mapping[str, Any]
    origin: str
    definitions: Mapping[str, Any] | None = None
    """The family's shared definitions at this version, when it has any (referred to by ``$id``)."""
    manifest_sha256: str = ""
    """The sha256 of the version's ``manifest.json`` as read (which names every schema file's sha256)."""

    @property
    def kinds(self) -> list[str]:
        """Return the kinds this version defines, sorted."""
        return sorted(self.schemas)


@dataclass(frozen=True)
class _Source:
    folder: "Traversable"
    origin: str
    distribution: str
    distribution_version: str = ""


class Catalog:
    """Every schema version Treaty can validate against, keyed by family."""

    def __init__(self, *, _sources: Mapping[str, _Source] | None = None) -> None:
        """Build an empty catalog; `installed` and `from_directory` build the ones Treaty validates against.

        ``_sources`` (one folder of versions per family) is how those two fill it.
        """
        self._sources = dict(_sources or {})
        self._releases: dict[tuple[str, str], SchemaRelease] = {}
        self._versions: dict[str, list[str]] = {}  # listed once: a run asks for every document

    @classmethod
    def installed(cls) -> "Catalog":
        """Return the catalog of the schema distributions installed in this environment."""
        return cls(_sources=_discover())

    @classmethod
    def from_directory(cls, root: Path) -> "Catalog":
        """Return the catalog of a ``schemas/`` folder (one sub-folder per family)."""
        if not root.is_dir():
            return cls()
        return cls(
            _sources={
                child.name: _Source(child, f"folder {child}", "")
                for child in sorted(root.iterdir())
                if child.is_dir()
            },
        )

    def families(self) -> list[str]:
        """Return the families in the catalog, sorted."""
        return sorted(self._sources)

    def versions(self, family: str) -> list[str]:
        """Return the versions of a family, oldest first."""
        if family not in self._versions:
            source = self._sources.get(family)
            found = [
                child.name
                for child in (source.folder.iterdir() if source else ())
                if child.is_dir() and parse_version(child.name) and (child / MANIFEST).is_file()
            ]
            self._versions[family] = sorted(found, key=version_key)
        return list(self._versions[family])

    def release(self, family: str, version: str) -> SchemaRelease:
        """Return one family version's schemas, after checking every file against the manifest."""
        key = (family, version)
        if key not in self._releases:
            self._releases[key] = self._load(family, version)
            try:
                self._verify_pins(self._releases[key])
            except RegistryError:
                del self._releases[key]
                raise
        return self._releases[key]

    def _verify_pins(self, release: SchemaRelease) -> None:
        # The registry resolves a pinned schema lazily, and referencing turns any failure there into "no
        # such resource": a tampered dependency would read as a missing one. Checked here, it is named as
        # tampered. A dependency that is not installed is left to the registry, which names what to install.
        for family, version in sorted(_pinned(release)):
            if (family, version) != (release.family, release.version) and version in self.versions(family):
                self.release(family, version)

    def all_releases(self) -> Iterable[SchemaRelease]:
        """Yield every version of every family."""
        for family in self.families():
            for version in self.versions(family):
                yield self.release(family, version)

    def _load(self, family: str, version: str) -> SchemaRelease:
        source = self._sources.get(family)
        if source is None:
            known = ", ".join(self.families()) or "none"
            raise RegistryError(
                f"no schemas are installed for the family {family!r} (installed: {known})",
                hint=unknown_family_hint(family, self.families()),
                family=family,
            )
        folder = source.folder / version
        if not (folder / MANIFEST).is_file():
            known = ", ".join(self.versions(family)) or "none"
            raise RegistryError(
                f"{family} has no version {version} in {source.origin} (versions: {known})",
                hint=_upgrade_hint(source, family, version),
                family=family,
                version=version,
            )
        try:
            raw_manifest = (folder / MANIFEST).read_bytes()
            manifest = json.loads(raw_manifest)
            schemas = {
                entry["kind"]: self._verified(source, family, version, entry) for entry in manifest["schemas"]
            }
            shared = manifest.get("definitions")
            definitions = self._verified(source, family, version, shared) if shared else None
        except (OSError, KeyError, TypeError, ValueError) as error:
            raise RegistryError(
                f"{family} {version}: the manifest or a schema in {source.origin} is unreadable ({error})",
                hint=_tamper_hint(source, family, version),
                family=family,
                version=version,
                distribution=source.distribution,
            ) from None
        return SchemaRelease(
            family, version, schemas, manifest, source.origin, definitions, sha256(raw_manifest)
        )

    @staticmethod
    def _verified(source: _Source, family: str, version: str, entry: Mapping[str, Any]) -> Mapping[str, Any]:
        """Return one schema file listed in a manifest, after checking its sha256."""
        path = source.folder / version / entry["file"]
        raw = path.read_bytes()
        if sha256(raw) != entry["sha256"]:
            where, after = (
                (f"the installed file {path} ({source.origin} {source.distribution_version})", "installed")
                if source.distribution
                else (f"{entry['file']} in {source.origin}", "exported")
            )
            raise RegistryError(
                f"{family} {version}: {where} differs from its manifest "
                f"(sha256 mismatch): the schema was modified after it was {after}",
                hint=_tamper_hint(source, family, version),
                family=family,
                version=version,
                distribution=source.distribution,
            )
        schema: Mapping[str, Any] = json.loads(raw)
        return schema

    def contents(self) -> Iterable[bytes]:
        """Yield the name and bytes of every manifest and schema file: what a cached verdict rests on."""
        for family in self.families():
            for version in self.versions(family):
                folder = self._sources[family].folder / version
                for child in sorted(folder.iterdir(), key=lambda c: c.name):
                    if child.name.endswith(".json"):
                        yield f"{family}/{version}/{child.name}\0".encode() + child.read_bytes()

    def bundled(self, family: str, version: str, kind: str) -> Mapping[str, Any] | None:
        """Return one kind's schema with its pinned references copied in, or None if one cannot be followed."""
        try:
            return bundle(self.release(family, version).schemas[kind], self.by_id)
        except (RegistryError, UsageError, KeyError):
            return None

    def by_id(self, uri: str) -> Mapping[str, Any]:
        """Return the schema file whose ``$id`` is ``uri`` (a kind's, or a family's shared definitions)."""
        target = parse_schema_id(uri)
        if target is None:
            raise UsageError(f"{uri} is not a Treaty schema", hint="refer only to installed Treaty schemas")
        family, version, kind = target
        release = self.release(family, version)
        schema = release.definitions if kind == DEFINITIONS else release.schemas[kind]
        if schema is None:
            raise UsageError(f"{uri} has no shared definitions", hint="refer to an exported definitions file")
        return schema

    @cached_property
    def registry(self) -> "referencing.Registry[Any]":
        """Return one offline registry that resolves every schema of the catalog by its ``$id``."""
        import referencing  # noqa: PLC0415  # only the strict path resolves references: keep start-up light

        return referencing.Registry(retrieve=self._retrieve)  # type: ignore[call-arg]

    def _retrieve(self, uri: str) -> "referencing.Resource[Any]":
        import referencing.exceptions  # noqa: PLC0415  # see registry
        from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

        target = parse_schema_id(uri)
        if target is not None:
            family, version, kind = target
            try:
                release = self.release(family, version)
                schema = release.definitions if kind == DEFINITIONS else release.schemas.get(kind)
            except RegistryError as error:
                raise referencing.exceptions.NoSuchResource(ref=uri) from error  # type: ignore[call-arg]
            if schema is not None:
                return DRAFT202012.create_resource(schema)
        raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs init


def _discover() -> dict[str, _Source]:
    """Return each installed schema distribution's folder of versions, by family (its entry point's name)."""
    sources: dict[str, _Source] = {}
    for entry in entry_points(SCHEMAS_ENTRY_POINT):
        sources[entry.name] = _Source(
            _package_folder(entry.value) / "data",
            f"distribution {entry.distribution}",
            entry.distribution,
            entry.version,
        )
    return sources


def _package_folder(package: str) -> "Traversable":
    """Return an installed package's folder (importlib.resources only for a package that is not a folder)."""
    spec = find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    from importlib.resources import files  # noqa: PLC0415  # zipped or otherwise unusual installs

    return files(package)


def _upgrade_hint(source: _Source, family: str, version: str) -> str:
    if source.distribution:
        return f"install a version of {source.distribution} that ships {family} {version}, e.g. pip install '{source.distribution}>={version}'"
    return "export it with `treaty export` or fix the document's schema_version"


def _tamper_hint(source: _Source, family: str, version: str) -> str:
    if source.distribution:
        pin = f"=={source.distribution_version}" if source.distribution_version else ""
        return f"reinstall the distribution: pip install --force-reinstall {source.distribution}{pin}"
    return f"restore schemas/{family}/{version}/ from version control, or re-export it with `treaty export`"


def _pinned(release: SchemaRelease) -> set[tuple[str, str]]:
    """Return the (family, version) of every Treaty schema the release's schemas refer to by ``$id``."""
    found: set[tuple[str, str]] = set()
    stack: list[Any] = [*release.schemas.values(), release.definitions]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and (target := parse_schema_id(ref.split("#", maxsplit=1)[0])):
                found.add(target[:2])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
