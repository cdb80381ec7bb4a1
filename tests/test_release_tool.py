"""The release path: tools/release.py picks the distributions of a release, tags them, and maps a tag back."""

import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_tool", ROOT / "tools" / "release.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


release = _tool()


def _package(root: Path, folder: str, name: str, version: str) -> None:
    (root / "packages" / folder).mkdir(parents=True)
    (root / "packages" / folder / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "{version}"\n', encoding="utf-8"
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one family (`fam` 1.0.0 released) and a toolkit whose version is dynamic."""
    for part in ("models", "schemas", "fixtures"):
        _package(tmp_path, f"treaty-fam-{part}", f"treaty-fam-{part}", "1.0.0")
    toolkit = tmp_path / "packages" / "treaty"
    (toolkit / "src" / "treaty").mkdir(parents=True)
    (toolkit / "pyproject.toml").write_text(
        '[project]\nname = "treaty-toolkit"\ndynamic = ["version"]\n'
        '[tool.hatch.version]\npath = "src/treaty/_version.py"\n',
        encoding="utf-8",
    )
    (toolkit / "src" / "treaty" / "_version.py").write_text('__version__ = "0.3.0"\n', encoding="utf-8")
    (tmp_path / "schemas" / "fam").mkdir(parents=True)
    (tmp_path / "schemas" / "fam" / "releases.json").write_text(
        json.dumps({"releases": {"1.0.0": {}}}), encoding="utf-8"
    )
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "r"],
    ):
        subprocess.run(["git", *command], cwd=tmp_path, check=True)
    return tmp_path


def test_a_family_release_is_its_three_distributions(repo: Path) -> None:
    chosen = release.release_of(["fam", "1.0.0"], repo)
    assert [d.tag for d in chosen] == [
        "treaty-fam-models-v1.0.0",
        "treaty-fam-schemas-v1.0.0",
        "treaty-fam-fixtures-v1.0.0",
    ]


def test_an_unreleased_version_or_a_version_mismatch_is_refused(repo: Path) -> None:
    with pytest.raises(
        release.ReleaseError, match=r"not released .*\n  hint: run `treaty release fam 1\.1\.0`"
    ):
        release.release_of(["fam", "1.1.0"], repo)
    (repo / "packages" / "treaty-fam-fixtures" / "pyproject.toml").write_text(
        '[project]\nname = "treaty-fam-fixtures"\nversion = "0.9.0"\n', encoding="utf-8"
    )
    with pytest.raises(release.ReleaseError, match=r"treaty-fam-fixtures is at 0\.9\.0, not 1\.0\.0"):
        release.release_of(["fam", "1.0.0"], repo)


def test_the_toolkit_is_released_alone_with_its_dynamic_version(repo: Path) -> None:
    assert [d.tag for d in release.release_of(["treaty-toolkit"], repo)] == ["treaty-toolkit-v0.3.0"]
    with pytest.raises(release.ReleaseError, match="released with its family"):
        release.release_of(["treaty-fam-schemas"], repo)


def test_tags_are_created_once_on_a_clean_tree(repo: Path) -> None:
    (repo / "stray.txt").write_text("x", encoding="utf-8")
    with pytest.raises(release.ReleaseError, match="uncommitted changes"):
        release.tag(["fam", "1.0.0"], repo)
    (repo / "stray.txt").unlink()
    assert release.tag(["fam", "1.0.0"], repo)[0] == "treaty-fam-models-v1.0.0"
    tags = subprocess.run(["git", "tag", "--list"], cwd=repo, capture_output=True, text=True, check=True)
    assert tags.stdout.split() == sorted(d.tag for d in release.release_of(["fam", "1.0.0"], repo))
    with pytest.raises(release.ReleaseError, match="already tagged"):
        release.tag(["fam", "1.0.0"], repo)


def test_a_tag_maps_back_to_its_package_only_at_the_version_it_names(repo: Path) -> None:
    found = release.target_of("treaty-fam-schemas-v1.0.0", repo)
    assert found.folder == repo / "packages" / "treaty-fam-schemas"
    with pytest.raises(release.ReleaseError, match=r"says 2\.0\.0, but treaty-fam-schemas is at 1\.0\.0"):
        release.target_of("treaty-fam-schemas-v2.0.0", repo)
    with pytest.raises(release.ReleaseError, match="not a release tag"):
        release.target_of("v1.0.0", repo)


def test_every_real_distribution_can_be_released_and_the_workflow_publishes_by_tag() -> None:
    known = release.distributions()
    assert "treaty-toolkit" in known
    assert "pytest-treaty" in known
    for family in sorted(p.parent.name for p in (ROOT / "schemas").glob("*/releases.json")):
        lock = json.loads((ROOT / "schemas" / family / "releases.json").read_bytes())["releases"]
        latest = max(lock, key=lambda v: tuple(int(n) for n in v.split(".")))
        if all(known[f"treaty-{family.replace('_', '-')}-{p}"].version == latest for p in release.PARTS):
            assert len(release.release_of([family, latest])) == 3
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["tags"] == ["*-v[0-9]*"]  # YAML 1.1 reads the key `on` as true
    build = "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert 'python tools/release.py target "$GITHUB_REF_NAME"' in build
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert any(str(s.get("uses", "")).startswith("pypa/gh-action-pypi-publish@") for s in publish["steps"])


def test_every_distribution_carries_the_licence_urls_and_supported_pythons() -> None:
    licence = (ROOT / "LICENSE").read_bytes()
    for name, dist in release.distributions().items():
        # a copy, not a link: an sdist keeps a link as a link, and its wheel then cannot be built
        assert not (dist.folder / "LICENSE").is_symlink(), name
        assert (dist.folder / "LICENSE").read_bytes() == licence, f"{name}: LICENSE differs from the root's"
        project = tomllib.loads((dist.folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert project["license"] == "MIT", name
        assert project["license-files"] == ["LICENSE"], name
        assert {"Homepage", "Source", "Changelog"} <= set(project["urls"]), name
        supported = {
            c for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")
        }
        assert supported == {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)}, name
