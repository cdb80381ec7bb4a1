"""The contract repository Treaty works in, and the model families installed in its environment."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

from treaty._authoring.extras import require
from treaty._speed.entry_points import entry_points
from treaty._validation.catalog import parse_version
from treaty._validation.refs import DEFINITIONS
from treaty._validation.select import FOLDERS, find_config
from treaty.exceptions import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel

MODELS_ENTRY_POINT: Final = "treaty.models"


@dataclass(frozen=True)
class ModelFamily:
    """A family's models package, as it declares itself to Treaty.

    Required module-level names: ``FAMILY``, ``KINDS`` and ``__version__``. Optional: ``DEFINITIONS`` (types
    exported once, in the family's ``definitions`` schema, and referred to from the kinds by ``$id``) and
    ``PINS`` (the version of each family whose models these build on, e.g. ``{"acme": "0.1.0"}``) and
    ``FUNCTIONS`` (the contract functions at the JSON level, by name, which behaviour vectors call).
    """

    name: str
    version: str
    kinds: "Mapping[str, type[BaseModel]]"
    module: ModuleType
    distribution: str
    definitions: tuple[Any, ...] = ()
    pins: Mapping[str, str] = field(default_factory=dict)
    functions: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)

    @property
    def package_dir(self) -> Path:
        """Return the folder of the models package's source."""
        return Path(str(self.module.__file__)).parent


def model_families() -> list[ModelFamily]:
    """Return the model families installed in this environment, sorted by name."""
    require("author", needed_for="reading the contract models", modules=("pydantic",))
    from pydantic import BaseModel  # noqa: PLC0415  # the author extra's; validating needs no models

    found = []
    for entry in entry_points(MODELS_ENTRY_POINT):
        module = import_module(entry.value)
        dist = entry.distribution
        name, version, kinds = (getattr(module, attr, None) for attr in ("FAMILY", "__version__", "KINDS"))
        if name != entry.name or not isinstance(version, str) or not parse_version(version):
            raise ConfigError(
                f"{dist}: the models package must declare FAMILY = {entry.name!r} and __version__ = 'MAJOR.MINOR.PATCH'",
                hint=f"check the module-level names of {entry.value}",
            )
        if not isinstance(kinds, Mapping) or not all(
            isinstance(k, str) and isinstance(m, type) and issubclass(m, BaseModel) for k, m in kinds.items()
        ):
            raise ConfigError(
                f"{dist}: KINDS must map each kind name to its top-level pydantic model",
                hint=f"check KINDS in {entry.value}",
            )
        if DEFINITIONS in kinds:
            raise ConfigError(
                f"{dist}: {DEFINITIONS!r} names the family's shared-definitions schema and cannot be a kind",
                hint=f"rename the kind in KINDS of {entry.value}",
            )
        definitions = tuple(getattr(module, "DEFINITIONS", ()))
        pins = getattr(module, "PINS", {})
        if not isinstance(pins, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and parse_version(v) for k, v in pins.items()
        ):
            raise ConfigError(
                f"{dist}: PINS must map each family it builds on to a MAJOR.MINOR.PATCH version",
                hint=f"check PINS in {entry.value}",
            )
        functions = getattr(module, "FUNCTIONS", {})
        if not isinstance(functions, Mapping) or not all(callable(f) for f in functions.values()):
            raise ConfigError(
                f"{dist}: FUNCTIONS must map each contract function's name to a callable",
                hint=f"check FUNCTIONS in {entry.value}",
            )
        found.append(
            ModelFamily(name, version, dict(kinds), module, dist, definitions, dict(pins), dict(functions))
        )
    return sorted(found, key=lambda f: f.name)


@dataclass(frozen=True)
class Workspace:
    """A contract repository: where schemas, fixtures, templates and packages live."""

    root: Path
    schemas: Path
    fixtures: Path
    templates: Path
    packages: Path
    editor_schemas: Path
    """Where editors find the standalone schemas (``editor-schemas-dir``), which templates' modelines name."""

    @classmethod
    def find(cls, start: Path) -> "Workspace":
        """Return the workspace whose ``pyproject.toml`` declares ``[tool.treaty] schemas-dir``."""
        found = find_config(start)
        if found is None or "schemas-dir" not in found[1]:
            raise ConfigError(
                f"no contract repository found at or above {start}",
                hint='run from a repository whose pyproject.toml has [tool.treaty] schemas-dir = "schemas"',
            )
        path, table = found
        root = path.parent
        folders = [root / table.get(key, default) for key, default in FOLDERS.items()]  # checked: strings
        return cls(root, *folders)

    def relative(self, path: Path) -> str:
        """Return a path relative to the workspace root, for messages."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
