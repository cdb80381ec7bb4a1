"""Finding installed families: the dist-info reader gives what importlib.metadata gives, without its cost."""

import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from treaty._speed.entry_points import EntryPoint, entry_points

from tests.conftest import ROOT

GROUPS = ["treaty.schemas", "treaty.fixtures", "treaty.models", "console_scripts", "pytest11"]


def _reference(group: str) -> list[EntryPoint]:
    """What importlib.metadata finds, with names compared as pip compares them."""
    return [
        EntryPoint(
            e.name,
            e.value,
            canonicalize_name(e.dist.name) if e.dist else e.value,
            e.dist.version if e.dist else "",
        )
        for e in metadata.entry_points(group=group)
    ]


@pytest.mark.parametrize("group", GROUPS)
def test_the_installed_entry_points_equal_importlib_metadata(group: str) -> None:
    found = entry_points(group)
    assert found == _reference(group)
    if group.startswith("treaty."):
        assert {e.name for e in found} >= {"change_control", "cwom", "xtrl", "dome"}


def _dist_info(folder: Path, name: str, version: str, entry_points_txt: str | None) -> None:
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    if entry_points_txt is not None:
        (info / "entry_points.txt").write_text(entry_points_txt)


def test_search_order_duplicates_and_file_syntax_follow_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist_info(
        first,
        "acme_schemas",
        "2.0.0",
        "# a comment\n\n[console_scripts]\nacme = acme:main\n\n[treaty.schemas]\n  acme =  acme_schemas  \n"
        "beta=beta_schemas:data\n",
    )
    _dist_info(second, "Acme.Schemas", "1.0.0", "[treaty.schemas]\nacme = old_acme\n")  # shadowed by first
    _dist_info(second, "zeta", "0.1", None)  # no entry points at all
    _dist_info(second, "omega", "3.0.post1", "[treaty.schemas]\nomega = omega_schemas\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(first), str(second)])
    found = entry_points("treaty.schemas")
    assert found == [
        EntryPoint("acme", "acme_schemas", "acme-schemas", "2.0.0"),
        EntryPoint("beta", "beta_schemas:data", "acme-schemas", "2.0.0"),
        EntryPoint("omega", "omega_schemas", "omega", "3.0.post1"),
    ]
    assert found == _reference("treaty.schemas")


@pytest.mark.parametrize("layout", ["zip", "egg-info", "no version in the folder name"])
def test_other_layouts_are_left_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, layout: str
) -> None:
    """A distribution the dist-info reader cannot read is still found, by importlib.metadata itself."""
    text = "[treaty.schemas]\nacme = acme_schemas\n"
    folder = tmp_path / "site"
    if layout == "zip":
        folder = tmp_path / "site.zip"
        with zipfile.ZipFile(folder, "w") as archive:
            archive.writestr("acme-1.0.0.dist-info/METADATA", "Name: acme\nVersion: 1.0.0\n")
            archive.writestr("acme-1.0.0.dist-info/entry_points.txt", text)
    elif layout == "egg-info":
        (folder / "acme.egg-info").mkdir(parents=True)
        (folder / "acme.egg-info" / "PKG-INFO").write_text("Name: acme\nVersion: 1.0.0\n")
        (folder / "acme.egg-info" / "entry_points.txt").write_text(text)
    else:
        (folder / "acme.dist-info").mkdir(parents=True)
        (folder / "acme.dist-info" / "METADATA").write_text("Name: acme\nVersion: 1.0.0\n")
        (folder / "acme.dist-info" / "entry_points.txt").write_text(text)
    monkeypatch.setattr(sys, "path", [str(folder)])
    assert entry_points("treaty.schemas") == [EntryPoint("acme", "acme_schemas", "acme", "1.0.0")]


def test_a_one_file_run_does_not_import_importlib_metadata() -> None:
    """The reason for the reader: importlib.metadata costs a fifth of a one-file run's start-up."""
    script = (
        "import sys\nfrom treaty._cli import main\n"
        "code = main(['validate', '--no-cache', '--schema', 'change_control/ticket_contract@1.1.0',"
        " 'fixtures/change_control/1.1.0/ticket_contract/valid/text-at-limit.yaml'])\n"
        "print(code, 'importlib.metadata' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=os.environ, check=False
    )
    assert done.stderr.splitlines()[-1] == "0 False", done.stderr
