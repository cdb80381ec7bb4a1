"""YAML 1.2 as the specification reads it: Treaty loads the same data, or refuses the document.

`tests/yaml12/cases.json` holds cases written from the YAML 1.2.2 productions: valid YAML that must keep
loading exactly (flow mappings in sequences, explicit keys, ``#`` and ``?`` inside scalars, every chomping
indicator), and the texts libyaml (YAML 1.1) accepts or reads otherwise, each with the rule and the place
Treaty must refuse it at. The fast path must never vouch for a refused case, nor read a valid one otherwise.
"""

import json
from typing import Any

import pytest
from treaty import DocumentLoadError, load_text
from treaty._speed.fast import UNSURE, quick_load

from .conftest import ROOT, typed

CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "yaml12" / "cases.json").read_text("utf-8"))[
    "cases"
]
VALID = [pytest.param(case["yaml"], case["json"], id=case["id"]) for case in CASES if "json" in case]
REFUSED = [
    pytest.param(case["yaml"], case["refuse"], case["at"], id=case["id"])
    for case in CASES
    if "refuse" in case
]


def test_the_corpus_is_large_with_unique_ids_and_a_reference_for_each_case() -> None:
    assert len(CASES) >= 60
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert all(case["spec"] and ("json" in case) != ("refuse" in case) for case in CASES)
    assert len(VALID) >= 30
    assert len(REFUSED) >= 30


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_valid_yaml12_loads_to_the_data_yaml12_gives(text: str, expected: Any) -> None:
    assert typed(load_text(text, "doc.yaml").data) == typed(expected)
    quick = quick_load(text.encode(), json=False)
    assert quick is UNSURE or typed(quick) == typed(expected)


@pytest.mark.parametrize(("text", "rule", "at"), REFUSED)
def test_what_yaml12_refuses_or_reads_otherwise_is_refused_where_it_starts(
    text: str, rule: str, at: list[int]
) -> None:
    with pytest.raises(DocumentLoadError) as raised:
        load_text(text, "doc.yaml")
    first = raised.value.findings[0]
    assert (first.rule, [first.line, first.column]) == (rule, at), raised.value.findings
    assert all(finding.hint and finding.message for finding in raised.value.findings)
    assert quick_load(text.encode(), json=False) is UNSURE
