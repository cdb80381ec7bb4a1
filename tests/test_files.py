"""Which files a run validates, in which order, under which names (treaty._documents.files)."""

import os
from pathlib import Path, PurePath

import pytest
from treaty._documents.files import DOCUMENT_SUFFIXES, expand, is_document_name

TREE = [
    "a",  # a folder; its files sort before a-b.yaml though "/" sorts after "-" in a flat string sort
    "a.yaml",
    "a-b.yaml",
    "A.yaml",
    "a/x.yaml",
    "a/b/c.yml",
    "a/b/notes.txt",
    "b.JSON",
    "z/deep/er/doc.yaml",
    "z0.yaml",
    "~tilde.yaml",
    "é.yaml",
]


def _build(root: Path) -> None:
    for name in TREE:
        path = root / name
        if path.suffix:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x: 1\n", encoding="utf-8")
        else:
            path.mkdir(parents=True, exist_ok=True)


def _as_pathlib_sorts(root: Path) -> list[str]:
    found = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES]
    return [p.as_posix() for p in sorted(found)]


@pytest.mark.parametrize(
    "name",
    [
        "a.yaml",
        "a.YML",
        "b.Json",
        ".yaml",  # a dotfile: no suffix, as pathlib reads it
        "..yml",
        "a..yaml",
        ".a.yaml",
        "...a.json",
        "yaml",
        "a.yaml.bak",
        "a.",
        "dir.yaml/file",
        "dir/.json",
        "dir.d/x.yaml",
        "docs/..b.yml",
    ],
)
def test_a_document_name_has_the_suffix_pathlib_reads(name: str) -> None:
    assert is_document_name(name) == (PurePath(name).suffix.lower() in DOCUMENT_SUFFIXES)


def test_a_directory_lists_its_documents_in_pathlib_order(tmp_path: Path) -> None:
    _build(tmp_path)
    assert expand([str(tmp_path)]) == _as_pathlib_sorts(tmp_path)
    assert len(expand([str(tmp_path)])) == 10  # every document of TREE, no .txt


@pytest.mark.parametrize("spelling", [".", "./", "docs", "docs/", "./docs//", "docs/../docs"])
def test_names_are_written_as_pathlib_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    _build(tmp_path / "docs")
    monkeypatch.chdir(tmp_path if spelling.startswith(("docs", "./docs")) else tmp_path / "docs")
    real = Path(spelling).resolve()
    below = [Path(name).relative_to(real) for name in _as_pathlib_sorts(real)]
    expected = [(Path(spelling) / name).as_posix() for name in below]  # "./docs//" is "docs", as pathlib says
    assert expand([spelling]) == expected


def test_a_directory_tree_deeper_than_the_recursion_limit_is_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    depth = 1_100  # more than Python's default recursion limit: the walk keeps its own stack
    monkeypatch.chdir(tmp_path)
    for _ in range(depth):
        os.mkdir("d")  # noqa: PTH102  # step by step: the whole path is too long for one call
        os.chdir("d")
    Path("doc.yaml").write_text("x: 1\n", encoding="utf-8")
    os.chdir(tmp_path)
    try:
        assert expand(["."]) == ["d/" * depth + "doc.yaml"]
    finally:  # step by step again: shutil.rmtree (and so pytest's clean-up) recurses, and would fail here
        os.chdir("d/" * depth)
        Path("doc.yaml").unlink()
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")  # noqa: PTH106  # one level at a time


def test_stdin_files_and_globs_keep_the_order_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert expand(["z0.yaml", "-", "a/*.yaml", "a"]) == ["z0.yaml", None, "a/x.yaml", "a/b/c.yml", "a/x.yaml"]


def test_links_are_listed_but_linked_folders_are_not_entered(tmp_path: Path) -> None:
    _build(tmp_path / "docs")
    (tmp_path / "docs" / "linked-folder").symlink_to(tmp_path / "docs" / "a")
    (tmp_path / "docs" / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    (tmp_path / "docs" / "linked.yaml").symlink_to(tmp_path / "docs" / "a.yaml")
    found = expand([str(tmp_path / "docs")])
    assert (tmp_path / "docs" / "dangling.yaml").as_posix() in found  # reported as unreadable, with the rest
    assert (tmp_path / "docs" / "linked.yaml").as_posix() in found
    assert not any("linked-folder" in name for name in found if name)
