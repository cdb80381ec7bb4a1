"""Treaty: keep contracts between repositories from drifting.

The public API is what ``__all__`` names; everything in underscore modules may change without notice.
Names are imported on first use, so ``treaty validate`` loads only what validating needs.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from treaty._version import __version__

if TYPE_CHECKING:
    from treaty._documents.document import Document, DocumentLoadError
    from treaty._documents.findings import Finding, Severity
    from treaty._documents.loader import load_path, load_text
    from treaty._fixtures.cases import (
        FixtureCase,
        SetCase,
        fixture_kinds,
        load_fixture_cases,
        load_fixture_sets,
    )
    from treaty._fixtures.distributions import FixtureDistribution, fixture_versions, installed_fixtures
    from treaty._fixtures.vectors import Vector, VectorMismatch, load_vectors, vector_functions
    from treaty._validation.catalog import Catalog, SchemaRelease, schema_id
    from treaty._validation.run import FileResult, Report, Runner
    from treaty._validation.select import SchemaRef, Selection, Selector
    from treaty._validation.validator import Validator

_HOMES = {
    "Document": "_documents.document",
    "DocumentLoadError": "_documents.document",
    "Finding": "_documents.findings",
    "Severity": "_documents.findings",
    "load_path": "_documents.loader",
    "load_text": "_documents.loader",
    "FixtureCase": "_fixtures.cases",
    "fixture_kinds": "_fixtures.cases",
    "load_fixture_cases": "_fixtures.cases",
    "load_fixture_sets": "_fixtures.cases",
    "SetCase": "_fixtures.cases",
    "FixtureDistribution": "_fixtures.distributions",
    "fixture_versions": "_fixtures.distributions",
    "installed_fixtures": "_fixtures.distributions",
    "Vector": "_fixtures.vectors",
    "VectorMismatch": "_fixtures.vectors",
    "load_vectors": "_fixtures.vectors",
    "vector_functions": "_fixtures.vectors",
    "Catalog": "_validation.catalog",
    "SchemaRelease": "_validation.catalog",
    "schema_id": "_validation.catalog",
    "FileResult": "_validation.run",
    "Report": "_validation.run",
    "Runner": "_validation.run",
    "SchemaRef": "_validation.select",
    "Selection": "_validation.select",
    "Selector": "_validation.select",
    "Validator": "_validation.validator",
}
"""Where each public name lives: the module it is imported from on first use."""

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
    "Selection",
    "Selector",
    "SetCase",
    "Severity",
    "Validator",
    "Vector",
    "VectorMismatch",
    "__version__",
    "fixture_kinds",
    "fixture_versions",
    "installed_fixtures",
    "load_fixture_cases",
    "load_fixture_sets",
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
