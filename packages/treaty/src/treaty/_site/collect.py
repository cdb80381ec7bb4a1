"""Gathering the site's contents: the installed schemas, their rules, the fixtures and the changelog.

Everything comes from the installed distributions, found through their entry points as `treaty validate`
finds them. The changelog is the one exception: inside a contract repository it is what ``treaty changelog``
writes (the repository's version folders and release locks); elsewhere it is computed by the same function
from the installed schemas, with the release dates of the ``releases.json`` each schemas distribution ships.
"""

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Final

from treaty._authoring.release import RELEASES
from treaty._authoring.workspace import Workspace, model_families
from treaty._diff.changelog import Section, family_sections, sections
from treaty._fixtures.cases import fixture_kinds, load_fixture_cases
from treaty._fixtures.distributions import FixtureDistribution, fixture_versions, installed_fixtures
from treaty._site.model import Example, FamilyInfo, KindInfo, RuleInfo, Site, VersionInfo
from treaty._speed.entry_points import EntryPoint, entry_points
from treaty._validation.catalog import SCHEMAS_ENTRY_POINT, Catalog, parse_schema_id
from treaty._validation.policies import rules_for, set_rules_for
from treaty._validation.refs import bundle
from treaty._validation.select import find_config
from treaty._validation.vocabulary import KEYWORDS, RULE, vocabulary_nodes
from treaty._version import __version__
from treaty.exceptions import UsageError

_SHOWN_PROBLEMS: Final = 3
_NAME: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def collect(catalog: Catalog, start: Path) -> Site:
    """Return what the site shows of ``catalog``'s families; ``start`` is where a contract repository is looked for."""
    families = catalog.families()
    if not families:
        raise UsageError(
            "no schema distributions are installed",
            hint="pip install the schemas of the families to document: treaty-<family>-schemas",
        )
    fixtures = installed_fixtures()
    distributions = {e.name: e for e in entry_points(SCHEMAS_ENTRY_POINT)}
    workspace = _workspace(start)
    models = _model_versions() if workspace else {}
    built = []
    for family in families:
        _page_name(family)
        entry = distributions.get(family)
        schemas = f"{entry.distribution} {entry.version}".strip() if entry else family
        in_repository = workspace if family in models else None
        changelog, source = _changelog(catalog, family, in_repository, models.get(family), entry)
        found = fixtures.get(family)
        built.append(
            FamilyInfo(
                family,
                schemas,
                f"{found.distribution} {found.version}".strip() if found else None,
                tuple(_version(catalog, family, v, found, changelog) for v in catalog.versions(family)),
                source,
            )
        )
    return Site(tuple(built), f"treaty {__version__}")


def _page_name(name: str) -> None:
    """Refuse a family or kind name that cannot name a page (the site's paths are made of them)."""
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"{name!r} cannot name a page of the site: a family or kind is letters, digits and _ . -",
            hint="check the schemas distribution that declares it (its entry point name and manifest)",
        )


def _workspace(start: Path) -> Workspace | None:
    found = find_config(start)
    return Workspace.find(start) if found and "schemas-dir" in found[1] else None


def _model_versions() -> dict[str, str]:
    """Return the version each installed models package defines, by family; nothing without the author extra."""
    if find_spec("pydantic") is None:
        return {}
    return {family.name: family.version for family in model_families()}


def _changelog(
    catalog: Catalog,
    family: str,
    workspace: Workspace | None,
    current: str | None,
    entry: EntryPoint | None,
) -> tuple[dict[str, Section], str]:
    """Return the family's changelog sections by version, and where they come from (for the page).

    In a contract repository whose models define ``current``, they are what `treaty changelog` writes.
    """
    if workspace is not None and current is not None and (workspace.schemas / family).is_dir():
        found = sections(workspace, {family: current})
        return {s.version: s for s in found}, (
            "the contract repository this site was built in (as <code>treaty changelog</code> writes it)"
        )
    lock = _installed_lock(entry.value if entry else None)
    versions = catalog.versions(family)
    found = family_sections(
        family,
        versions,
        lambda version: {
            k: bundle(s, catalog.by_id) for k, s in catalog.release(family, version).schemas.items()
        },
        lock or {},
    )
    dates = (
        "release dates from its releases.json"
        if lock is not None
        else "no release dates: the distribution ships no releases.json"
    )
    return {s.version: s for s in found}, (
        f"the installed schemas{f' ({entry.distribution} {entry.version})' if entry else ''}, classified as "
        f"<code>treaty changelog</code> does ({dates}); inside the contract repository, with the models "
        "installed, <code>treaty docs</code> shows the repository's own changelog"
    )


def _installed_lock(package: str | None) -> Mapping[str, Any] | None:
    """Return the ``releases`` of the lock a schemas distribution ships, or None when it ships none."""
    if package is None:
        return None
    try:
        data = json.loads((files(package) / "data" / RELEASES).read_bytes())
    except (OSError, ValueError):
        return None
    releases = data.get("releases") if isinstance(data, Mapping) else None
    return releases if isinstance(releases, Mapping) else None


def _version(
    catalog: Catalog,
    family: str,
    version: str,
    fixtures: FixtureDistribution | None,
    changelog: Mapping[str, Section],
) -> VersionInfo:
    release = catalog.release(family, version)
    has_fixtures = fixtures is not None and version in fixture_versions(fixtures.root)
    with_cases = set(fixture_kinds(fixtures.root, version)) if fixtures and has_fixtures else set()
    kinds = []
    for kind, schema in sorted(release.schemas.items()):
        _page_name(kind)
        bundled = bundle(schema, catalog.by_id)
        kinds.append(
            KindInfo(
                kind,
                bundled,
                _shared(schema),
                (*_stated_rules(bundled), *_coded_rules(family, version, kind)),
                _examples(fixtures, family, version, kind, with_cases) if fixtures and has_fixtures else None,
            )
        )
    section = changelog.get(version)
    set_rules = tuple(
        RuleInfo(r.id, r.severity.value, r.summary, "", "code", None, "the documents of one run, together")
        for r in set_rules_for(family)
        if version in r.versions
    )
    pins = release.manifest.get("pins", {})
    return VersionInfo(
        version,
        section.released if section else None,
        tuple(kinds),
        set_rules,
        dict(pins) if isinstance(pins, Mapping) else {},
        section,
    )


def _shared(schema: Mapping[str, Any]) -> dict[str, str]:
    """Return the definitions a schema refers to in other files: name -> the ``$id`` of that file."""
    found: dict[str, str] = {}
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                uri, _, fragment = ref.partition("#")
                if uri and parse_schema_id(uri) and fragment.startswith("/$defs/"):
                    found[fragment.removeprefix("/$defs/")] = uri
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return dict(sorted(found.items()))


def _stated_rules(schema: Mapping[str, Any]) -> list[RuleInfo]:
    """Return the rules a schema states with Treaty's keywords (docs/rules-vocabulary.md), by id and place."""
    found = [
        RuleInfo(
            str(rule.get("id", "")),
            str(rule.get("severity", "error")),
            str(rule.get("message", "")),
            str(rule.get("hint", "")),
            keyword,
            pointer,
            _checks(keyword, entry),
        )
        for pointer, node in vocabulary_nodes(schema)
        for keyword in KEYWORDS
        if keyword in node
        for rule, entry in _entries(keyword, node[keyword])
    ]
    return sorted(found, key=lambda r: (r.id, r.pointer or "", r.source, r.message))


def _entries(keyword: str, value: Any) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """Yield each (rule object, keyword entry) a keyword's value carries."""
    listed = value if isinstance(value, list) else [value]
    for entry in listed:
        if not isinstance(entry, Mapping):
            continue
        rule = (
            entry
            if keyword == RULE
            else entry.get(RULE)
            if keyword == "x-treaty-should"
            else entry.get("rule")
        )
        if isinstance(rule, Mapping):
            yield rule, entry


def _checks(keyword: str, entry: Mapping[str, Any]) -> str:
    """Say in a few words what a keyword's entry holds a document to."""
    if keyword == RULE:
        return "the document matches this part of the schema (plain JSON Schema: every engine checks it)"
    if keyword == "x-treaty-should":
        return "the document should match this part of the schema (a warning only)"
    if keyword == "x-treaty-uniqueBy":
        return f"no two items have the same {entry.get('key')}"
    if keyword in {"x-treaty-in", "x-treaty-notIn"}:
        what = f"the {entry['key']} of an item" if "key" in entry else "an item"
        negation = "" if keyword == "x-treaty-in" else "not "
        return f"the value is {negation}{what} of {entry.get('collection')}"
    if keyword == "x-treaty-notBefore":
        return f"{entry.get('later')} is not earlier than {entry.get('earlier')}"
    if keyword == "x-treaty-equals":
        first, second = ([*list(entry.get("properties", [])), "?", "?"])[:2]
        return f"{first} equals {second} when both are given"
    if keyword == "x-treaty-derived":
        at = f" at {entry['at']}" if entry.get("at") else ""
        return f"{entry.get('property')}{at} is what {entry.get('function')}() gives for the document"
    return keyword


def _coded_rules(family: str, version: str, kind: str) -> list[RuleInfo]:
    """Return the coded rules of a kind at a version (versions released before the rule vocabulary)."""
    found = []
    for rule in rules_for(family, version, kind):
        since = f"; for documents of schema_version {rule.since} or later" if rule.since != "0.0.0" else ""
        held = "; the family's models refuse a breaking document too" if rule.models_enforce else ""
        found.append(
            RuleInfo(
                rule.id,
                rule.severity.value,
                rule.summary,
                "",
                "code",
                None,
                f"code in the family's schemas package{since}{held}",
            )
        )
    return sorted(found, key=lambda r: r.id)


def _examples(
    fixtures: FixtureDistribution, family: str, version: str, kind: str, with_cases: set[str]
) -> tuple[Example, ...]:
    if kind not in with_cases:
        return ()
    cases, problems = load_fixture_cases(fixtures.root, family, version, kind)
    if problems:
        raise _broken(fixtures, problems)
    folder = fixtures.root / version / kind
    return tuple(
        Example(
            case.path.relative_to(folder).as_posix(),
            case.description,
            case.valid,
            tuple(sorted((str(severity), pointer, rule) for pointer, rule, severity in case.expected)),
            case.path.read_bytes().decode("utf-8", errors="replace"),
        )
        for case in sorted(cases, key=lambda c: (not c.valid, c.path.name))
    )


def _broken(fixtures: FixtureDistribution, problems: Sequence[Any]) -> UsageError:
    shown = "; ".join(f"{p.file}: [{p.rule}] {p.message}" for p in problems[:_SHOWN_PROBLEMS])
    return UsageError(
        f"the installed fixtures of {fixtures.family} cannot be read: {shown}",
        hint=f"reinstall them: pip install --force-reinstall '{fixtures.distribution}'",
    )
