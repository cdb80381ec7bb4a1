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
    from treaty._loader import Document, DocumentLoadError, load_path, load_text
    from treaty._run import FileResult, Report, Runner
    from treaty._select import SchemaRef, Selector
    from treaty._validator import Validator

_HOMES = {
    "Catalog": "_catalog",
    "SchemaRelease": "_catalog",
    "schema_id": "_catalog",
    "Finding": "_findings",
    "Severity": "_findings",
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
}

__all__ = [
    "Catalog",
    "Document",
    "DocumentLoadError",
    "FileResult",
    "Finding",
    "Report",
    "Runner",
    "SchemaRef",
    "SchemaRelease",
    "Selector",
    "Severity",
    "Validator",
    "__version__",
    "load_path",
    "load_text",
    "schema_id",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'treaty' has no attribute {name!r}")
    return getattr(import_module(f"treaty.{home}"), name)
