"""Exit codes of the ``treaty`` command line."""

from typing import Final

EXIT_OK: Final = 0
"""Success: every document valid, every gate passed, the versions compatible."""
EXIT_INVALID: Final = 1
"""Invalid documents, failed gates, or incompatible versions."""
EXIT_USAGE: Final = 2
"""A usage or environment error: Treaty could not do what was asked."""
