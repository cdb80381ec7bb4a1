"""What the reference site shows, gathered from the installed distributions before any page is written."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from treaty._diff.changelog import Section


@dataclass(frozen=True)
class RuleInfo:
    """A rule of a kind (or of a version's documents read together), as the site lists it."""

    id: str
    severity: str
    """``error`` (breaks validity) or ``warning`` (a SHOULD)."""
    message: str
    """The stated message (placeholders in braces), or a coded rule's summary."""
    hint: str
    source: str
    """The keyword that states it (``x-treaty-uniqueBy``...), or ``code`` for a coded rule."""
    pointer: str | None
    """Where the schema states it (a JSON pointer); None for a coded rule."""
    checks: str
    """What it holds to, in a few words."""


@dataclass(frozen=True)
class Example:
    """A fixture document of a kind, with the verdict and the findings its index states."""

    file: str
    """The file, relative to the kind's fixtures folder (``valid/minimal.yaml``)."""
    description: str
    valid: bool
    findings: tuple[tuple[str, str, str], ...]
    """The stated (severity, pointer, keyword or rule id) findings, sorted."""
    text: str
    """The document as written (cut at `treaty._site.pages.SHOWN` characters on the page)."""


@dataclass(frozen=True)
class KindInfo:
    """One kind of one family version."""

    kind: str
    schema: Mapping[str, Any]
    """The kind's schema, bundled: every definition it uses is under its ``$defs``."""
    shared: Mapping[str, str]
    """Definitions kept in another schema file: name -> that file's ``$id``."""
    rules: tuple[RuleInfo, ...]
    examples: tuple[Example, ...] | None
    """None when no fixtures of this version are installed."""


@dataclass(frozen=True)
class VersionInfo:
    """One version of a family."""

    version: str
    released: str | None
    """The release date, ``unreleased``, or None when the release lock is not available."""
    kinds: tuple[KindInfo, ...]
    set_rules: tuple[RuleInfo, ...]
    pins: Mapping[str, str]
    """The version of each family this one builds on."""
    section: Section | None
    """Its changes against the version before it (None: no changelog available)."""


@dataclass(frozen=True)
class FamilyInfo:
    """One installed family."""

    name: str
    schemas: str
    """The schemas distribution, with its version."""
    fixtures: str | None
    """The fixtures distribution, with its version (None: not installed)."""
    versions: tuple[VersionInfo, ...]
    """Oldest first."""
    changelog: str
    """Where the changelog comes from (the contract repository, or the installed schemas), as HTML."""


@dataclass(frozen=True)
class Site:
    """Everything the site shows."""

    families: tuple[FamilyInfo, ...]
    generator: str
    """The toolkit that wrote it (``treaty 0.1.0``)."""
