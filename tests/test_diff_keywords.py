"""Tests of the keyword index of the diff rule catalog: every keyword of every dialect, with rules that exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from jsonschema.validators import validator_for
from jsonschema_specifications import REGISTRY
from treaty._diff.dialect import DIALECTS, NAMES, URIS, Dialect
from treaty._diff.reference import KEYWORD_INDEX, Keyword, render_markdown
from treaty._diff.rules import RULES
from treaty._diff.schema import VOCABULARY

if TYPE_CHECKING:
    from collections.abc import Iterable

SPEC_ONLY = {("4", "$ref"), ("7", "writeOnly")}
"""Keywords a dialect's specification defines that its meta-schema does not list."""


def meta_keywords(dialect: Dialect) -> set[str]:
    """Return the keywords a dialect's meta-schema and its vocabulary meta-schemas (2019-09 on) list."""
    meta = validator_for({"$schema": URIS[dialect]}).META_SCHEMA
    resolver = REGISTRY.resolver(base_uri=meta.get("$id", meta.get("id", "")))
    schemas = [meta, *(resolver.lookup(part["$ref"]).contents for part in meta.get("allOf", []))]
    return {name for schema in schemas for name in schema.get("properties", {})}


def uncovered(dialect: Dialect, index: Iterable[Keyword]) -> set[str]:
    """Return the meta-schema keywords of ``dialect`` that no index entry lists for it."""
    listed = {keyword.name for keyword in index if dialect in keyword.dialects}
    return meta_keywords(dialect) - listed


@pytest.mark.parametrize("dialect", DIALECTS, ids=[NAMES[d] for d in DIALECTS])
def test_every_keyword_of_the_dialect_is_indexed(dialect: Dialect) -> None:
    assert uncovered(dialect, KEYWORD_INDEX) == set()
    claimed = {keyword.name for keyword in KEYWORD_INDEX if dialect in keyword.dialects}
    assert claimed - meta_keywords(dialect) == {name for d, name in SPEC_ONLY if d == dialect}


def test_dropping_a_keyword_is_caught() -> None:
    index = [keyword for keyword in KEYWORD_INDEX if keyword.name != "minContains"]
    assert uncovered("2020-12", index) == {"minContains"}
    index = [keyword for keyword in KEYWORD_INDEX if keyword.form != "boolean"]  # draft-04's exclusive bounds
    assert uncovered("4", index) == {"exclusiveMaximum", "exclusiveMinimum"}


def test_every_treaty_keyword_is_indexed() -> None:
    assert {keyword.name for keyword in KEYWORD_INDEX if keyword.dialects == ("Treaty",)} == VOCABULARY


def test_index_entries_name_real_rules_and_dialects() -> None:
    known = set(DIALECTS) | {"Treaty", "OpenAPI"}
    for keyword in KEYWORD_INDEX:
        assert keyword.dialects, keyword.name
        assert set(keyword.dialects) <= known, keyword.name
        assert set(keyword.rules) <= set(RULES), keyword.name
        assert keyword.rules or keyword.note, f"{keyword.name}: neither rules nor a reason for none"
    names = [(keyword.name, keyword.form) for keyword in KEYWORD_INDEX]
    assert len(names) == len(set(names))


def test_the_page_shows_each_keyword_with_its_verdicts() -> None:
    page = render_markdown()
    rows = {line.split(" | ")[0] for line in page.splitlines() if line.startswith("| `")}
    assert "| `exclusiveMaximum` (boolean)" in rows
    assert "| `additionalItems`" in rows
    assert "`maximum-decreased` breaks readers; `maximum-increased` breaks writers" in page
    assert "`property-added-to-open-object` breaks neither (strict: breaks readers)" in page
