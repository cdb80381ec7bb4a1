"""`treaty diff` on every JSON Schema dialect: what is refused, and where changes are located.

The verdicts of each dialect's spellings are cases of the corpus (``tests/diff_corpus/dialects.yaml``);
these tests hold what the corpus cannot: errors, schema pointers into the schemas as written, the
``--dialect`` option of the command line.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from treaty._diff import SchemaDiffError, diff
from treaty._diff.dialect import URIS, DialectError

from .conftest import Result

D4, D7, D19 = URIS["4"], URIS["7"], URIS["2019-09"]


def _pointers(old: Any, new: Any) -> list[tuple[str, str, str]]:
    return [(c.rule, c.schema_side, c.schema_pointer) for c in diff(old, new)]


def test_changes_are_located_in_the_schema_as_written() -> None:
    old = {
        "$schema": D7,
        "type": "object",
        "properties": {
            "pair": {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}},
            "when": {"$ref": "#/definitions/Stamp"},
        },
        "dependencies": {"card": ["expiry"]},
        "definitions": {"Stamp": {"type": "string", "maxLength": 30}},
    }
    new = json.loads(json.dumps(old))
    new["properties"]["pair"]["items"][0]["maxLength"] = 3
    new["properties"]["pair"]["additionalItems"]["minimum"] = 0
    new["dependencies"]["card"].append("cvc")
    new["definitions"]["Stamp"]["maxLength"] = 20
    assert sorted(_pointers(old, new)) == [
        ("dependent-required-added", "new", "/dependencies/card"),
        ("max-length-decreased", "new", "/definitions/Stamp/maxLength"),
        ("max-length-decreased", "new", "/properties/pair/items/0/maxLength"),
        ("minimum-increased", "new", "/properties/pair/additionalItems/minimum"),
    ]


def test_a_draft_04_exclusive_bound_is_located_where_written() -> None:
    old = {"$schema": D4, "properties": {"n": {"maximum": 5}}}
    new = {"$schema": D4, "properties": {"n": {"maximum": 5, "exclusiveMaximum": True}}}
    assert _pointers(old, new) == [("maximum-decreased", "new", "/properties/n/exclusiveMaximum")]


def test_a_recursive_ref_is_located_where_written() -> None:
    def tree(limit: int) -> dict[str, Any]:
        return {
            "$schema": D19,
            "$recursiveAnchor": True,
            "properties": {"n": {"maxLength": limit}, "kids": {"items": {"$recursiveRef": "#"}}},
        }

    (change,) = diff(tree(5), tree(3))
    assert (change.path, change.schema_pointer) == ("/n", "/properties/n/maxLength")


def test_an_unknown_dialect_is_refused_with_the_supported_ones() -> None:
    with pytest.raises(DialectError) as caught:
        diff({"$schema": "http://json-schema.org/draft-03/schema#"}, {})
    assert "draft-03" in str(caught.value)
    assert caught.value.side == "old"
    assert all(uri in caught.value.hint for uri in URIS.values())


def test_a_schema_is_checked_against_its_own_dialect() -> None:
    # valid in draft 2020-12 (a boolean schema), not in draft-04, which has none
    with pytest.raises(DialectError, match="not a valid JSON Schema at /items under draft-04"):
        diff({}, {"$schema": D4, "items": False})
    # an array-form items is draft-07's tuple, and 2020-12 refuses it
    schema = {"items": [{"type": "string"}]}
    assert diff(schema, schema, dialect="7") == []
    with pytest.raises(DialectError, match="under draft 2020-12") as caught:
        diff(schema, schema)
    assert "--dialect" in caught.value.hint


def test_an_older_keyword_without_schema_is_refused_not_misread() -> None:
    old = {"type": "object", "dependencies": {"a": ["b"]}}
    new = {"type": "object", "dependencies": {"a": ["b", "c"]}}
    with pytest.raises(DialectError, match="does not define dependencies") as caught:
        diff(old, new)
    assert caught.value.pointer == "/dependencies"
    assert "--dialect" in caught.value.hint
    assert [c.rule for c in diff(old, new, dialect="7")] == ["dependent-required-added"]
    # said to be 2020-12, dependencies is an unknown keyword, compared conservatively
    assert [c.rule for c in diff(old, new, dialect="2020-12")] == ["keyword-changed"]


def test_a_pattern_python_cannot_compile_is_still_refused() -> None:
    schema = {"type": "string", "pattern": "[a-"}
    assert jsonschema_rs.meta.is_valid(schema)  # the fast check alone would let it through
    with pytest.raises(SchemaDiffError, match="not a valid JSON Schema at /pattern"):
        diff({}, schema)


# -- the command line --------------------------------------------------------------------------------------


def _files(tmp_path: Path, old: Any, new: Any) -> tuple[str, str]:
    paths = (tmp_path / "old.json", tmp_path / "new.json")
    for path, schema in zip(paths, (old, new), strict=True):
        path.write_text(json.dumps(schema), encoding="utf-8")
    return str(paths[0]), str(paths[1])


def test_the_dialect_option_reads_files_without_schema(tmp_path: Path, cli: Callable[..., Result]) -> None:
    old, new = _files(
        tmp_path,
        {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False},
        {"type": "array", "items": [{"type": "string"}], "additionalItems": False},
    )
    refused = cli("diff", old, new)
    assert refused.code == 2  # usage
    assert "not a valid JSON Schema at /items under draft 2020-12" in refused.err
    assert "--dialect" in refused.err
    assert "Traceback" not in refused.err
    read = cli("diff", old, new, "--dialect", "7", "--format", "json")
    assert read.code == 1
    (comparison,) = json.loads(read.out)
    assert [(c["rule"], c["path"]) for c in comparison["changes"]] == [("schema-made-false", "/1")]


def test_schema_wins_over_the_dialect_option(tmp_path: Path, cli: Callable[..., Result]) -> None:
    old, new = _files(
        tmp_path,
        {"$schema": D4, "maximum": 5, "exclusiveMaximum": True},
        {"$schema": D4, "maximum": 5, "exclusiveMaximum": True},
    )
    assert cli("diff", old, new, "--dialect", "2020-12").code == 0
