"""Integrity and isolation: a tampered installed schema is refused, and no `$ref` reaches past the registry.

The installed-distribution cases run `python -m treaty` in a subprocess whose ``PYTHONPATH`` holds a copy of
a schemas distribution as an installer lays it out: the package with real data files (the ``data`` link
followed, as in a wheel) and a ``.dist-info`` with the ``treaty.schemas`` entry point. It comes before the
editable install on ``sys.path``, and `importlib.metadata` takes the first distribution of a name, so the
copy is the distribution Treaty finds; the copy's path in the error proves it.
"""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest
from treaty._documents.loader import load_text
from treaty._validation.catalog import Catalog
from treaty._validation.validator import Validator
from treaty.exceptions import RegistryError

from .conftest import CC_VERSION, ROOT, TICKET, Result

Cli = Callable[..., Result]


DOME_ROW = ROOT / "fixtures" / "dome" / "0.1.0" / "guard_denial_row" / "valid" / "minimal.yaml"


def _dist(family: str) -> str:
    return f"treaty-{family.replace('_', '-')}-schemas"


def _install_copy(site: Path, family: str) -> Path:
    """Lay out the family's schemas distribution in ``site`` as an installer would; return its data folder.

    The copy has the installed distribution's version: it holds every schema version up to that one.
    """
    dist = _dist(family)
    version = metadata.version(dist)
    package = dist.replace("-", "_")
    shutil.copytree(ROOT / "packages" / dist / "src" / package, site / package)  # follows the data link
    info = site / f"{package}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[treaty.schemas]\n{family} = {package}\n")
    return site / package / "data"


def _treaty(*args: str, site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(  # our own interpreter and arguments
        [sys.executable, "-m", "treaty", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_intact_installed_copy_validates(tmp_path: Path) -> None:
    _install_copy(tmp_path / "site", "change_control")
    (tmp_path / "t.yaml").write_text(TICKET)
    done = _treaty("validate", "t.yaml", site=tmp_path / "site", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("version", sorted({"1.1.0", CC_VERSION}))  # a released version, and the newest
def test_a_tampered_installed_schema_is_refused_naming_the_file_and_the_reinstall(
    tmp_path: Path, version: str
) -> None:
    data = _install_copy(tmp_path / "site", "change_control")
    installed = metadata.version(_dist("change_control"))
    schema = data / version / "ticket_contract.schema.json"  # the version the ticket names
    schema.write_bytes(schema.read_bytes().replace(b'"summary"', b'"summary" ', 1))  # one byte, still JSON
    (tmp_path / "t.yaml").write_text(TICKET.replace(f'"{CC_VERSION}"', f'"{version}"'))
    done = _treaty("validate", "t.yaml", site=tmp_path / "site", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert str(schema) in done.stderr  # the copy, not the editable install: the installed file is named
    assert "differs from its manifest (sha256 mismatch)" in done.stderr
    assert f"distribution treaty-change-control-schemas {installed}" in done.stderr
    assert (
        "hint: reinstall the distribution: pip install --force-reinstall "
        f"treaty-change-control-schemas=={installed}" in done.stderr
    )


def test_a_schema_missing_from_an_installed_distribution_is_refused(tmp_path: Path) -> None:
    data = _install_copy(tmp_path / "site", "change_control")
    installed = metadata.version(_dist("change_control"))
    (data / CC_VERSION / "ticket_contract.schema.json").unlink()  # the version TICKET names
    (tmp_path / "t.yaml").write_text(TICKET)
    done = _treaty("validate", "t.yaml", site=tmp_path / "site", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr
    assert f"pip install --force-reinstall treaty-change-control-schemas=={installed}" in done.stderr


def test_a_tampered_pinned_dependency_is_named_as_tampered_not_as_missing(tmp_path: Path) -> None:
    """dome refers to xtrl's definitions by $id: a tampered xtrl must not read as an uninstalled one."""
    data = _install_copy(tmp_path / "site", "xtrl")
    installed = metadata.version(_dist("xtrl"))
    definitions = data / "0.1.0" / "definitions.schema.json"  # what dome 0.1.0 is pinned to
    definitions.write_text(definitions.read_text().replace('"TESTS_FAILED",', '"TESTS_FAILED", "NEW_CODE",'))
    done = _treaty(
        "validate",
        "--schema",
        "dome/guard_denial_row@0.1.0",
        str(DOME_ROW),
        site=tmp_path / "site",
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr
    assert str(definitions) in done.stderr
    assert "not in the registry" not in done.stderr
    assert f"pip install --force-reinstall treaty-xtrl-schemas=={installed}" in done.stderr


def test_a_tampered_pinned_dependency_in_a_schemas_folder_is_named_as_tampered(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    for family in ("dome", "xtrl"):
        shutil.copytree(ROOT / "schemas" / family, root / family)
    definitions = root / "xtrl" / "0.1.0" / "definitions.schema.json"
    definitions.write_text(definitions.read_text().replace('"TESTS_FAILED",', '"TESTS_FAILED", "NEW_CODE",'))
    catalog = Catalog.from_directory(root)
    document = load_text(DOME_ROW.read_text(), DOME_ROW.name)
    with pytest.raises(RegistryError) as raised:
        Validator(catalog).validate(document, "dome", "0.1.0", "guard_denial_row")
    assert "xtrl 0.1.0: definitions.schema.json" in raised.value.message
    assert "differs from its manifest" in raised.value.message
    assert "restore schemas/xtrl/0.1.0/" in raised.value.hint
    with pytest.raises(RegistryError):  # refused again: a failed check is not cached as a success
        catalog.release("dome", "0.1.0")


# --- $ref outside the registry -------------------------------------------------------------------


def _schemas_with_ref(root: Path, ref: str) -> Path:
    """Write a one-kind family ``evil`` whose schema's property ``x`` is ``{"$ref": ref}``, manifest included."""
    version = root / "evil" / "1.0.0"
    version.mkdir(parents=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:treaty:evil:1.0.0:doc",
        "properties": {"x": {"$ref": ref}},
    }
    data = (json.dumps(schema) + "\n").encode()
    (version / "doc.schema.json").write_bytes(data)
    manifest = {
        "schemas": [{"file": "doc.schema.json", "kind": "doc", "sha256": hashlib.sha256(data).hexdigest()}]
    }
    (version / "manifest.json").write_text(json.dumps(manifest))
    # A schema beside it that is in no manifest: a relative $ref must not find it.
    (version / "other.schema.json").write_text('{"$id": "other.schema.json", "type": "integer"}')
    return root


@pytest.mark.parametrize(
    ("ref", "hint"),
    [
        ("https://example.com/remote.json", "only to schemas of installed Treaty distributions"),
        ("http://127.0.0.1:9/schema.json", "only to schemas of installed Treaty distributions"),
        ("file:///etc/passwd", "only to schemas of installed Treaty distributions"),
        ("/etc/passwd", "only to schemas of installed Treaty distributions"),
        ("other.schema.json", "only to schemas of installed Treaty distributions"),
        ("../1.0.0/other.schema.json#/type", "only to schemas of installed Treaty distributions"),
        ("urn:example:other", "only to schemas of installed Treaty distributions"),
        ("tag:example.com,2026:schema", "only to schemas of installed Treaty distributions"),
        ("urn:treaty:evil:9.9.9:doc", "pip install 'treaty-evil-schemas>=9.9.9'"),
        ("urn:treaty:evil:1.0.0:nope", "evil 1.0.0 is installed but has no 'nope' schema"),
        ("urn:treaty:elsewhere:1.0.0:doc", "pip install 'treaty-elsewhere-schemas>=1.0.0'"),
        ("#/$defs/missing", "only to schemas of installed Treaty distributions"),
    ],
)
def test_a_ref_outside_the_registry_is_refused_without_network_or_file_access(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, ref: str, hint: str
) -> None:
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., object]:
        def refused(*args: object, **_kwargs: object) -> object:
            attempts.append(f"{name}{args!r}")
            raise OSError(f"{name} is refused in this test")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    root = _schemas_with_ref(tmp_path / "schemas", ref)
    (tmp_path / "d.yaml").write_text("x: 1\n")
    result = cli("validate", "--schemas-dir", str(root), "--schema", "evil/doc", "d.yaml", cwd=tmp_path)
    assert result.code == 2, result.out
    assert result.out == ""
    assert "Traceback" not in result.err
    assert "which is not in the registry of installed schemas; Treaty never fetches schemas" in result.err
    assert hint in result.err
    assert attempts == []
