"""Pydantic models of the change_control contract family (ONEX change control).

The module-level names ``FAMILY``, ``KINDS`` and ``__version__`` are the family's declaration to Treaty
(found through the ``treaty.models`` entry point): the family's name, its document kinds, and the version
of the contract these models define; ``FUNCTIONS`` exposes the contract functions (since 1.3.0).
"""

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel

from treaty_change_control_models import enums, models
from treaty_change_control_models._functions import FUNCTIONS as FUNCTIONS
from treaty_change_control_models.enums import *
from treaty_change_control_models.models import *

__version__: Final = "1.3.0"
"""The contract version these models define; the family's single source of truth."""

FAMILY: Final = "change_control"
KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType(
    {
        "day_close": ModelDayClose,
        "evidence_report": ModelEvidenceReport,
        "interface_surface_map": ModelInterfaceSurfaceMap,
        "ticket_contract": ModelTicketContract,
    },
)
"""Document kinds of the family, each with its top-level model."""

# The public names are declared once, in the __all__ of each models/ and enums/ module; the star imports above
# re-export exactly those. __all__ is assembled here at run time only: mypy takes a computed __all__ for an
# empty one and would hide every star-imported name, whereas without one both mypy and pyright treat
# star-imported names as exported and plain imports as private.
if not TYPE_CHECKING:
    __all__ = ["FAMILY", "FUNCTIONS", "KINDS", "__version__"]
    __all__ += enums.__all__
    __all__ += models.__all__
