"""pytest-treaty: run a Treaty family's compatibility fixtures and behaviour vectors against your own code.

Configure it in ``[tool.pytest-treaty]`` of your ``pyproject.toml`` (see the package README); without that
table the plugin does nothing. The names below are the public API for your own tests.
"""

from treaty import Vector

from pytest_treaty._config import ConfigError
from pytest_treaty._sources import Fixture, FixturesError, FixtureSet, iter_fixtures, iter_sets, iter_vectors

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Fixture",
    "FixtureSet",
    "FixturesError",
    "Vector",
    "__version__",
    "iter_fixtures",
    "iter_sets",
    "iter_vectors",
]
