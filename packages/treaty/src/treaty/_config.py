"""Finding the project's ``[tool.treaty]`` table: apart from the workspace, so ``validate`` starts light."""

import tomllib
from pathlib import Path
from typing import Any, Final

from treaty.exceptions import ConfigError

CONFIG_FILE: Final = "pyproject.toml"


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Return the nearest ``pyproject.toml`` with a ``[tool.treaty]`` table at or above ``start``, and the table."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise ConfigError(
                    f"{candidate}: cannot be read ({error})",
                    hint="fix the TOML syntax",
                    path=str(candidate),
                ) from None
            table = data.get("tool", {}).get("treaty")
            if isinstance(table, dict):
                return candidate, table
    return None


def path_rules(found: tuple[Path, dict[str, Any]] | None) -> tuple[dict[str, str], Path | None]:
    """Return the ``[tool.treaty.paths]`` rules of a found configuration, and the folder they are relative to."""
    if found is None:
        return {}, None
    path, table = found
    rules = table.get("paths", {})
    if not isinstance(rules, dict) or not all(isinstance(v, str) for v in rules.values()):
        raise ConfigError(
            f"{path}: [tool.treaty.paths] maps glob patterns to family/kind strings",
            hint='"contracts/*.yaml" = "change_control/ticket_contract"',
            path=str(path),
        )
    return rules, path.parent
