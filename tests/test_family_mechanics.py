"""A new family is mechanical: acme (tests/family/, never published) goes through the toolkit untouched.

A scratch contract repository gets acme's two packages and a dist-info folder per package that declares
their entry points, as an installer would write it; every command runs in a subprocess whose path has it.
Exported, checked (`treaty check --family acme`), validated and diffed, each rule of the vocabulary and the
coded rule is reported under its id.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

FAMILY = ROOT / "tests" / "family"
ENTRY_POINTS = {
    "treaty_acme_models": "[treaty.models]\nacme = treaty_acme_models\n",
    "treaty_acme_schemas": "[treaty.schemas]\nacme = treaty_acme_schemas\n\n[treaty.rules]\nacme = treaty_acme_schemas.rules\n",
}
VALID = {
    "status": "shipped",
    "placed_at": "2026-12-01T10:00:00Z",
    "shipped_at": "2026-12-02T10:00:00Z",
    "currency": "EUR",
    "billing_currency": "EUR",
    "lines": [{"sku": "A", "quantity": 2, "unit_price": 5}, {"sku": "B", "quantity": 1, "unit_price": 7}],
    "gifts": ["B"],
    "blocked": ["C"],
    "total": 17,
    "note": "for Ada",
}
POINTER = {
    "acme/shipped-has-date": "",
    "acme/has-note": "",
    "acme/ships-after-placing": "/shipped_at",
    "acme/one-currency": "/currency",
    "acme/total": "/total",
    "acme/one-line-per-sku": "/lines/1/sku",
    "acme/gift-is-ordered": "/gifts/0",
    "acme/blocked-is-no-gift": "/blocked/0",
    "acme/at-most-a-million-items": "/lines",
}
"""Where each rule's finding points."""
BROKEN = {  # one document per rule, each breaking only that rule
    "acme/shipped-has-date": {"shipped_at": None},
    "acme/has-note": {"note": None},
    "acme/ships-after-placing": {"shipped_at": "2026-11-30T10:00:00Z"},
    "acme/one-currency": {"billing_currency": "USD"},
    "acme/total": {"total": 18},
    "acme/one-line-per-sku": {
        "lines": [{"sku": "A", "quantity": 2, "unit_price": 5}, {"sku": "A", "quantity": 1, "unit_price": 7}],
        "gifts": ["A"],
    },
    "acme/gift-is-ordered": {"gifts": ["Z"]},
    "acme/blocked-is-no-gift": {"blocked": ["B"]},
    "acme/at-most-a-million-items": {
        "lines": [
            {"sku": "A", "quantity": 1_000_001, "unit_price": 0},
            {"sku": "B", "quantity": 1, "unit_price": 17},
        ]
    },
}


def _document(rule: str) -> dict[str, object]:
    document = {**VALID, **BROKEN[rule]}
    return {key: value for key, value in document.items() if value is not None}


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a scratch repository with acme installed (its packages and dist-info on PYTHONPATH), exported."""
    repo = tmp_path_factory.mktemp("acme-repo")
    (repo / "pyproject.toml").write_text('[tool.treaty]\nschemas-dir = "schemas"\n', encoding="utf-8")
    (repo / "CHANGELOG.md").write_text("# Changelog\n", encoding="utf-8")
    site = repo / "site"
    for package, entry_points in ENTRY_POINTS.items():
        shutil.copytree(FAMILY / package, site / package)
        info = site / f"{package}-1.0.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0.0\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    (repo / "schemas" / "acme").mkdir(parents=True)
    (site / "treaty_acme_schemas" / "data").symlink_to(repo / "schemas" / "acme")
    done = _treaty(repo, "export", "--family", "acme")
    assert done.returncode == 0, done.stderr
    for rule in BROKEN:
        name = rule.removeprefix("acme/")
        (repo / "docs" / name).parent.mkdir(exist_ok=True)
        (repo / "docs" / f"{name}.json").write_text(json.dumps(_document(rule)), encoding="utf-8")
    (repo / "docs" / "valid.json").write_text(json.dumps(VALID), encoding="utf-8")
    return repo


def _treaty(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(repo / "site"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "treaty", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_export_writes_the_rules_into_the_schema(acme: Path) -> None:
    schema = json.loads(
        (acme / "schemas" / "acme" / "1.0.0" / "order.schema.json").read_text(encoding="utf-8")
    )
    text = json.dumps(schema)
    for keyword in ("rule", "should", "uniqueBy", "in", "notIn", "notBefore", "equals", "derived"):
        assert f'"x-treaty-{keyword}"' in text


def test_validate_reports_each_rule_under_its_id(acme: Path) -> None:
    valid = _treaty(acme, "validate", "--schema", "acme/order@1.0.0", "docs/valid.json")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    for rule in BROKEN:
        done = _treaty(
            acme, "validate", "--format", "json", "--schema", "acme/order@1.0.0", f"docs/{rule[5:]}.json"
        )
        files = json.loads(done.stdout)["files"]
        found = {(f["rule"], f["pointer"]) for result in files for f in result["findings"]}
        if rule == "acme/total":  # derived values hold only where the functions are: here, an annotation
            assert found == set(), found
            continue
        assert found == {(rule, POINTER[rule])}, (rule, done.stdout)
        assert done.returncode == (0 if rule == "acme/has-note" else 1)  # a SHOULD rule warns


def test_validate_derived_recomputes_with_the_installed_models(acme: Path) -> None:
    """``--derived`` holds stored values to the contract functions of the installed models packages."""
    done = _treaty(
        acme, "validate", "--derived", "--format", "json", "--schema", "acme/order@1.0.0", "docs/total.json"
    )
    files = json.loads(done.stdout)["files"]
    assert [(f["rule"], f["pointer"]) for f in files[0]["findings"]] == [("acme/total", "/total")], (
        done.stdout
    )
    assert done.returncode == 1
    valid = _treaty(acme, "validate", "--derived", "--schema", "acme/order@1.0.0", "docs/valid.json")
    assert valid.returncode == 0, valid.stdout + valid.stderr


def test_check_holds_the_fixtures_to_every_rule(acme: Path) -> None:
    """The fixtures gate: each broken document is an invalid fixture stating its rule, derived values included."""
    folder = acme / "fixtures" / "acme" / "1.0.0" / "order"
    (folder / "valid").mkdir(parents=True)
    (folder / "invalid").mkdir()
    shutil.copy(acme / "docs" / "valid.json", folder / "valid" / "valid.json")
    cases = [
        "kind: order",
        "cases:",
        "  - file: valid/valid.json",
        "    description: all hold",
        "    valid: true",
    ]
    for rule in BROKEN:
        if rule == "acme/has-note":
            continue  # a warning: the document stays valid
        shutil.copy(acme / "docs" / f"{rule[5:]}.json", folder / "invalid" / f"{rule[5:]}.json")
        cases += [
            f"  - file: invalid/{rule[5:]}.json",
            f"    description: breaks {rule}",
            "    valid: false",
            "    errors:",
            f'      - pointer: "{POINTER[rule]}"',
            f"        rule: {rule}",
        ]
    (folder / "cases.yaml").write_text("\n".join(cases) + "\n", encoding="utf-8")
    done = _treaty(
        acme, "check", "--family", "acme", "--gate", "export", "--gate", "fixtures", "--format", "json"
    )
    results = json.loads(done.stdout)
    assert results["export"]["passed"], results["export"]
    assert results["fixtures"]["passed"], results["fixtures"]
    (folder / "valid" / "valid.json").write_text(json.dumps({**VALID, "total": 99}), encoding="utf-8")
    done = _treaty(acme, "check", "--family", "acme", "--gate", "fixtures", "--format", "json")
    (problem,) = json.loads(done.stdout)["fixtures"]["findings"]
    assert "acme/total" in problem["message"], problem


def test_diff_classifies_a_rule_change(acme: Path) -> None:
    old = acme / "schemas" / "acme" / "1.0.0" / "order.schema.json"
    schema = json.loads(old.read_text(encoding="utf-8"))
    schema["x-treaty-equals"]["rule"]["severity"] = "warning"  # loosened: old documents stay valid
    new = acme / "loosened.schema.json"
    new.write_text(json.dumps(schema), encoding="utf-8")
    done = _treaty(acme, "diff", "--format", "json", str(old), str(new))
    assert "acme/one-currency" in done.stdout, done.stdout + done.stderr
    assert "keyword-changed" not in done.stdout
