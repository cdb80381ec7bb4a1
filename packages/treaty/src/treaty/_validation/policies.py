"""Coded rules: what a family's schemas cannot say, found in the family's own package.

A family's schemas distribution declares a ``treaty.rules`` entry point naming a module of plain data and
functions (docs/rules-vocabulary.md, "Coded rules"): ``RULES`` over one document, ``SET_RULES`` over the
documents of the family validated together, each listed with the versions it belongs to. The toolkit names
no family: it reads the declarations, checks their shape, and applies them. A rule runs only on a document
that is valid against its schema, so it may rely on the schema's structure.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, Final

from treaty._documents.findings import Severity
from treaty._speed.entry_points import entry_points
from treaty._validation.catalog import parse_version, version_key
from treaty.exceptions import ConfigError

RULES_ENTRY_POINT: Final = "treaty.rules"
Path_ = tuple[str | int, ...]
Hit = tuple[Path_, str, str]
"""Where a rule is broken (a path into the document), the message, and the hint."""


@dataclass(frozen=True)
class PolicyRule:
    """A named rule over one kind of document, in the versions it belongs to."""

    id: str
    family: str
    kind: str
    severity: Severity
    summary: str
    check: Callable[[Mapping[str, Any]], Iterator[Hit]]
    versions: frozenset[str]
    since: str = "0.0.0"
    """The first contract version whose documents can follow the rule (by their own ``schema_version``)."""
    models_enforce: bool = False
    """The family's models reject a breaking document too (they hold the rule)."""

    def applies(self, doc: Mapping[str, Any]) -> bool:
        """Return whether the rule applies to a document (documents without a version always qualify)."""
        version = doc.get("schema_version")
        if not isinstance(version, str) or parse_version(version) is None:
            return True
        return version_key(version) >= version_key(self.since)


@dataclass(frozen=True)
class SetRule:
    """A named rule over the documents of one family validated together, in the versions it belongs to.

    ``check`` takes the members (see `treaty._validation.collection.Member`) and yields, for each break, the
    member, a path into its document, the message and the hint.
    """

    id: str
    family: str
    severity: Severity
    summary: str
    check: Callable[[Sequence[Any]], Iterator[tuple[Any, Path_, str, str]]]
    versions: frozenset[str]


@dataclass(frozen=True)
class FamilyRules:
    """The coded rules one family declares."""

    rules: tuple[PolicyRule, ...] = ()
    set_rules: tuple[SetRule, ...] = ()


def _bad(family: str, module: str, what: str) -> ConfigError:
    return ConfigError(
        f"{module}: {what}",
        hint=f"see 'Coded rules' in docs/rules-vocabulary.md; the {family} schemas distribution declares the module",
    )


def _common(family: str, module: str, entry: object) -> dict[str, Any]:
    """Return the fields every rule declares, checked; raise a ConfigError naming the module otherwise."""
    if not isinstance(entry, Mapping):
        raise _bad(family, module, f"a rule must be a mapping, not {type(entry).__name__}")
    rule_id, versions = entry.get("id"), entry.get("versions")
    if not isinstance(rule_id, str) or not rule_id.startswith(f"{family}/"):
        raise _bad(family, module, f"rule id {rule_id!r} must be a string '{family}/<name>'")
    if entry.get("severity") not in {s.value for s in Severity}:
        raise _bad(family, module, f"{rule_id}: severity must be 'error' or 'warning'")
    if not callable(entry.get("check")) or not isinstance(entry.get("summary"), str):
        raise _bad(family, module, f"{rule_id}: needs a summary (a string) and a check (a function)")
    if (
        isinstance(versions, str)
        or not isinstance(versions, Sequence)
        or not all(isinstance(v, str) and parse_version(v) for v in versions)
    ):
        raise _bad(family, module, f"{rule_id}: versions must list MAJOR.MINOR.PATCH versions")
    return {
        "id": rule_id,
        "family": family,
        "severity": Severity(entry["severity"]),
        "summary": entry["summary"],
        "check": entry["check"],
        "versions": frozenset(versions),
    }


def _declared(family: str, module_name: str) -> FamilyRules:
    module = import_module(module_name)
    rules = []
    for entry in getattr(module, "RULES", ()):
        common = _common(family, module_name, entry)
        if not isinstance(entry.get("kind"), str):
            raise _bad(family, module_name, f"{common['id']}: names no kind")
        since = entry.get("since", "0.0.0")
        if not isinstance(since, str) or parse_version(since) is None:
            raise _bad(family, module_name, f"{common['id']}: since must be a MAJOR.MINOR.PATCH version")
        rules.append(
            PolicyRule(
                kind=entry["kind"], since=since, models_enforce=bool(entry.get("models_enforce")), **common
            )
        )
    set_rules = tuple(SetRule(**_common(family, module_name, e)) for e in getattr(module, "SET_RULES", ()))
    return FamilyRules(tuple(rules), set_rules)


@cache
def declared_rules() -> Mapping[str, FamilyRules]:
    """Return every installed family's coded rules, by family."""
    return {entry.name: _declared(entry.name, entry.value) for entry in entry_points(RULES_ENTRY_POINT)}


@cache
def rules_for(family: str, version: str, kind: str) -> tuple[PolicyRule, ...]:
    """Return the coded rules over one kind of one version."""
    found = declared_rules().get(family, FamilyRules())
    return tuple(r for r in found.rules if r.kind == kind and version in r.versions)


def set_rules_for(family: str) -> tuple[SetRule, ...]:
    """Return the coded rules over a family's documents validated together (each names its versions)."""
    return declared_rules().get(family, FamilyRules()).set_rules


def models_enforced() -> frozenset[str]:
    """Return the ids of the coded rules the families' models hold too."""
    return frozenset(r.id for rules in declared_rules().values() for r in rules.rules if r.models_enforce)
