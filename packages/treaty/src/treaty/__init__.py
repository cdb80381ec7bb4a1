"""Treaty: keep contracts between repositories from drifting.

The public API is what ``__all__`` names; everything in underscore modules may change without notice.
"""

from treaty._catalog import Catalog, SchemaRelease, schema_id
from treaty._findings import Finding, Severity
from treaty._loader import Document, DocumentLoadError, load_path, load_text
from treaty._run import FileResult, Report, Runner
from treaty._select import SchemaRef, Selector
from treaty._validator import Validator
from treaty._version import __version__

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
