"""The toolkit's optional parts: what each extra installs, and the error that names the one missing.

An integrator's install (validate, fixtures, diff of installed releases) holds none of them; a contract
author's commands (export, check, release, changelog) need ``author``; ``treaty codegen`` needs ``codegen``.
"""

from importlib.util import find_spec
from typing import Final

from treaty._version import DISTRIBUTION
from treaty.exceptions import UsageError

EXTRAS: Final = {"author": ("pydantic", "ruff"), "codegen": ("datamodel_code_generator",)}
"""The modules each extra brings, as imported."""


def require(extra: str, *, needed_for: str, modules: tuple[str, ...] | None = None) -> None:
    """Raise a usage error naming ``extra`` unless its modules (or the ``modules`` given) can be imported."""
    missing = [name for name in (modules or EXTRAS[extra]) if find_spec(name) is None]
    if missing:
        raise UsageError(
            f"{needed_for} needs {', '.join(missing)}, which this environment does not have",
            hint=f"install the {extra!r} extra: pip install '{DISTRIBUTION}[{extra}]'",
        )
