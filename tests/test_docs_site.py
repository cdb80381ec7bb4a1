"""`treaty docs`: the browsable reference of the installed contracts (kinds, fields, rules, examples, changes)."""

import errno
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from treaty._diff.changelog import CHANGELOG, current_region
from treaty._documents import atomic
from treaty._documents.loader import load_path
from treaty._fixtures.cases import fixture_kinds
from treaty._fixtures.distributions import installed_fixtures
from treaty._site.build import build_site
from treaty._validation.catalog import Catalog
from treaty._validation.policies import rules_for, set_rules_for
from treaty._validation.refs import bundle
from treaty._validation.vocabulary import rules_declared

from .conftest import ROOT, Result

Cli = Callable[..., Result]
CATALOG = Catalog.installed()
KINDS = [
    (family, version, kind)
    for family in CATALOG.families()
    for version in CATALOG.versions(family)
    for kind in CATALOG.release(family, version).kinds
]


class _Page(HTMLParser):
    """The ids, links and texts of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.row_names: dict[str, str] = {}
        """Each field row's id -> the name its first cell shows."""
        self._row: str | None = None
        self._cells = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if named.get("id"):
            self.ids.append(str(named["id"]))
        for attribute in ("href", "src"):
            if named.get(attribute):
                self.links.append(str(named[attribute]))
        if tag == "tr":
            self._row, self._cells = named.get("id"), 0
        elif tag == "td":
            self._cells += 1

    def handle_data(self, data: str) -> None:
        if self._row and self._cells == 1 and data.strip():
            self.row_names[self._row] = self.row_names.get(self._row, "") + data.strip()


def _pages(site: Path) -> dict[str, _Page]:
    return {p.relative_to(site).as_posix(): _Page(p.read_text("utf-8")) for p in sorted(site.rglob("*.html"))}


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the site of every installed family, built inside the repository (its changelog)."""
    out = tmp_path_factory.mktemp("docs") / "site"
    built = build_site(out, ROOT)
    assert built.families == tuple(CATALOG.families())
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, _Page]:
    return _pages(site)


def test_every_internal_link_and_anchor_resolves(site: Path, pages: dict[str, _Page]) -> None:
    broken = []
    for name, page in pages.items():
        duplicated = sorted({i for i in page.ids if page.ids.count(i) > 1})
        assert not duplicated, f"{name}: ids used twice: {duplicated[:5]}"
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme, f"{name} loads {link}: the site must work offline"
            assert not parts.netloc, f"{name} loads {link}: the site must work offline"
            target = (site / name).parent / parts.path if parts.path else site / name
            relative = target.resolve().relative_to(site.resolve()).as_posix()
            if not target.is_file():
                broken.append(f"{name}: {link} (no file)")
            elif parts.fragment and (relative not in pages or parts.fragment not in pages[relative].ids):
                broken.append(f"{name}: {link} (no such anchor)")
    assert not broken, "\n".join(broken[:20])
    assert sum(len(p.links) for p in pages.values()) > 1000  # the check ran over a real site


@pytest.mark.parametrize(("family", "version", "kind"), KINDS, ids=["/".join(k) for k in KINDS])
def test_each_kind_page_lists_every_property_and_rule(
    pages: dict[str, _Page], family: str, version: str, kind: str
) -> None:
    page = pages[f"{family}/{version}/{kind}.html"]
    schema = bundle(CATALOG.release(family, version).schemas[kind], CATALOG.by_id)
    expected = {f"field-{name}": name for name in schema["properties"]}
    for definition, body in schema.get("$defs", {}).items():
        assert f"def-{definition}" in page.ids
        expected.update({f"def-{definition}-{name}": name for name in body.get("properties", {})})
    assert {row: page.row_names.get(row) for row in expected} == expected
    stated = {rule["id"] for rule in rules_declared(schema)} | {
        r.id for r in rules_for(family, version, kind)
    }
    assert {f"rule-{rule_id}" for rule_id in stated} <= set(page.ids)


def test_rules_show_severity_message_and_where(site: Path) -> None:
    page = (site / "change_control/1.2.0/day_close.html").read_text("utf-8")
    row = re.search(r'<tr id="rule-change_control/unique-drift-id">(.*?)</tr>', page)
    assert row is not None
    assert '<span class="badge error">error</span>' in row[1]
    assert "drift_id {value} is used twice (first at drift_detected item {first})" in row[1]
    assert "<code>x-treaty-uniqueBy</code>" in row[1]
    assert 'href="#field-drift_detected"' in row[1]  # where the schema states it: linked to the field
    coded = (site / "change_control/1.0.0/day_close.html").read_text("utf-8")
    assert '<tr id="rule-change_control/unique-drift-id">' in coded  # before the vocabulary: a coded rule
    across = {
        r.id for r in set_rules_for("cwom") if "0.1.0" in r.versions
    }  # rules over documents read together
    assert across
    assert {f"rule-{rule_id}" for rule_id in across} <= set(
        _Page((site / "cwom/0.1.0/index.html").read_text()).ids
    )


def test_fixtures_appear_as_examples_with_their_stated_errors(site: Path) -> None:
    shown = 0
    for family, dist in installed_fixtures().items():
        for version in CATALOG.versions(family):
            for kind in fixture_kinds(dist.root, version):
                page = (site / family / version / f"{kind}.html").read_text("utf-8")
                for case in load_path(dist.root / version / kind / "cases.yaml").data["cases"]:
                    file = case["file"]
                    stated = [
                        e.get("keyword") or e["rule"]
                        for e in case.get("errors", []) + case.get("warnings", [])
                    ]
                    block = re.search(
                        rf'<div class="case" id="example-[^"]*">\n<p><span class="badge [a-z]+">[a-z]+</span> '
                        rf"<code>{re.escape(file)}</code>:(.*?)</div>",
                        page,
                        re.DOTALL,
                    )
                    assert block is not None, f"{family}/{version}/{kind}: {file} is not shown"
                    assert all(f"<code>{rule}</code>" in block[1] for rule in stated), file
                    shown += 1
    assert shown > 1000
    minimal = (site / "change_control/1.2.0/day_close.html").read_text("utf-8")
    assert "<code>valid/minimal.yaml</code>" in minimal
    assert "invariants_checked:" in minimal  # the document itself


def test_the_changelog_lists_every_fingerprint_of_the_repository(site: Path) -> None:
    region = current_region(ROOT / CHANGELOG)
    assert region is not None
    for family in CATALOG.families():
        page = (site / family / "changelog.html").read_text("utf-8")
        assert "the contract repository this site was built in" in page
        for version, body in re.findall(
            rf"^## {family} \[([0-9.]+)\].*?\n(.*?)(?=^## |\Z)", region, re.MULTILINE | re.DOTALL
        ):
            fingerprints = re.findall(r"; `([0-9a-f]{12})`\)$", body, re.MULTILINE)
            ids = _Page(page).ids
            assert all(f"fp-{version}-{fp}" in ids for fp in fingerprints), f"{family} {version}"
    assert 'id="fp-1.2.0-f689836a74b0"' in (site / "change_control/changelog.html").read_text("utf-8")


def test_outside_a_repository_the_changelog_comes_from_the_installed_schemas_and_rebuilds_are_identical(
    site: Path, tmp_path: Path
) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "change_control").symlink_to(ROOT / "schemas" / "change_control")
    out = tmp_path / "out" / "site"
    build_site(out, tmp_path, Catalog.from_directory(schemas))
    first = _tree(out)
    (out / "stray.html").write_text("from before")
    build_site(out, tmp_path, Catalog.from_directory(schemas))
    assert _tree(out) == first  # the same bytes, and the earlier site replaced whole
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # nothing left beside it
    outside = (out / "change_control/changelog.html").read_text("utf-8")
    assert "the installed schemas" in outside
    repository = (site / "change_control/changelog.html").read_text("utf-8")
    fingerprint = re.compile(r'id="(fp-[0-9.]+-[0-9a-f]{12})"')
    assert fingerprint.findall(outside) == fingerprint.findall(repository)  # one classifier, one fingerprint
    kind = "change_control/1.2.0/day_close.html"
    assert first[kind] == (site / kind).read_bytes()


def test_a_folder_that_is_not_a_site_is_refused(cli: Cli, tmp_path: Path) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me")
    result = cli("docs", str(foreign), cwd=tmp_path)
    assert result.code == 2
    assert "holds no site written by `treaty docs`" in result.err
    assert "hint: name a new or empty directory" in result.err
    assert "Traceback" not in result.err
    assert [p.name for p in foreign.iterdir()] == ["todo.txt"]
    (tmp_path / "file").write_text("x")
    assert cli("docs", str(tmp_path / "file"), cwd=tmp_path).code == 2


def test_an_interrupted_write_leaves_the_earlier_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    atomic.replace_folder(folder, [("index.html", "old"), ("a/b.html", "old")])
    synced = os.fsync

    def full_disk(descriptor: int) -> None:
        if os.fstat(descriptor).st_size == len(b"second"):
            raise OSError(errno.ENOSPC, "No space left on device")
        synced(descriptor)

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic.replace_folder(folder, [("index.html", "new"), ("c.html", "second")])
    assert _tree(folder) == {"a/b.html": b"old", "index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left
    monkeypatch.setattr(os, "fsync", synced)
    atomic.replace_folder(folder, [("index.html", "new")])
    assert _tree(folder) == {"index.html": b"new"}
