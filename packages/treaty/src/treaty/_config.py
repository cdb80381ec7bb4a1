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
