"""Treaty: keep contracts between repositories from drifting.

The public API is what ``__all__`` names; everything in underscore modules may change without notice.
Names are imported on first use, so ``treaty validate`` loads only what validating needs.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from treaty._version import __version__

if TYPE_CHECKING:
    from treaty._catalog import Catalog, SchemaRelease, schema_id
    from treaty._findings import Finding, Severity
    from treaty._fixture_dists import FixtureDistribution, fixture_versions, installed_fixtures
    from treaty._fixtures import FixtureCase, fixture_kinds, load_fixture_cases
    from treaty._loader import Document, DocumentLoadError, load_path, load_text
    from treaty._run import FileResult, Report, Runner
    from treaty._select import SchemaRef, Selector
    from treaty._validator import Validator
    from treaty._vectors import Vector, VectorMismatch, load_vectors, vector_functions

_HOMES = {
    "Catalog": "_catalog",
    "SchemaRelease": "_catalog",
    "schema_id": "_catalog",
    "Finding": "_findings",
    "Severity": "_findings",
    "FixtureDistribution": "_fixture_dists",
    "fixture_versions": "_fixture_dists",
    "installed_fixtures": "_fixture_dists",
    "FixtureCase": "_fixtures",
    "fixture_kinds": "_fixtures",
    "load_fixture_cases": "_fixtures",
    "Document": "_loader",
    "DocumentLoadError": "_loader",
    "load_path": "_loader",
    "load_text": "_loader",
    "FileResult": "_run",
    "Report": "_run",
    "Runner": "_run",
    "SchemaRef": "_select",
    "Selector": "_select",
    "Validator": "_validator",
    "VectorMismatch": "_vectors",
    "Vector": "_vectors",
    "load_vectors": "_vectors",
    "vector_functions": "_vectors",
}

__all__ = [
    "Catalog",
    "Document",
    "DocumentLoadError",
    "FileResult",
    "Finding",
    "FixtureCase",
    "FixtureDistribution",
    "Report",
    "Runner",
    "SchemaRef",
    "SchemaRelease",
    "Selector",
    "Severity",
    "Validator",
    "Vector",
    "VectorMismatch",
    "__version__",
    "fixture_kinds",
    "fixture_versions",
    "installed_fixtures",
    "load_fixture_cases",
    "load_path",
    "load_text",
    "load_vectors",
    "schema_id",
    "vector_functions",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'treaty' has no attribute {name!r}")
    return getattr(import_module(f"treaty.{home}"), name)
