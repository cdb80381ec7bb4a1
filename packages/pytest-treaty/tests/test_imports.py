"""pytest-treaty uses only treaty's public API: any treaty release may change its underscore modules."""

import ast
from collections.abc import Iterator
from pathlib import Path

import treaty

SOURCE = Path(__file__).resolve().parent.parent / "src" / "pytest_treaty"


def _imports(path: Path) -> Iterator[tuple[int, str, str]]:
    """Yield (line, module, name) for every absolute import of a file; name is "" for ``import module``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield from ((node.lineno, node.module, alias.name) for alias in node.names)


def _private(module: str, name: str) -> bool:
    if any(part.startswith("_") for part in module.split(".")):
        return True
    return module == "treaty" and name not in treaty.__all__  # a private module or name of the package


def test_the_plugin_imports_only_public_treaty_names() -> None:
    found = [
        (path, line, module, name)
        for path in sorted(SOURCE.rglob("*.py"))
        for line, module, name in _imports(path)
        if module.partition(".")[0] == "treaty"
    ]
    assert found, f"no import of treaty found below {SOURCE}: the scan looks in the wrong place"
    private = [
        f"{path.relative_to(SOURCE.parent)}:{line}: {module}{f'.{name}' if name else ''}"
        for path, line, module, name in found
        if _private(module, name)
    ]
    assert not private, (
        "pytest-treaty imports treaty's private names; use (or grow) treaty.__all__:\n" + "\n".join(private)
    )
