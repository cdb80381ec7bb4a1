"""Pydantic models of the xtrl family: the xtrlv2 SSOT's reason codes, guardrails and state contracts.

The module-level names ``FAMILY``, ``KINDS`` and ``__version__`` are the family's declaration to Treaty
(found through the ``treaty.models`` entry point). ``DEFINITIONS`` lists the types exported once, in the
family's ``definitions`` schema, which every kind (and every family pinned to xtrl) refers to by ``$id``.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel

from treaty_xtrl_models import enums, models
from treaty_xtrl_models.enums import *
from treaty_xtrl_models.models import *

__version__: Final = "0.2.0"
"""The contract version these models define; the family's single source of truth."""

FAMILY: Final = "xtrl"
KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType(
    {
        "guard_eval": ModelGuardEval,
        "guardrails_bundle": ModelGuardrailsBundle,
        "plant_spec": ModelPlantSpec,
        "reason_codes": ModelReasonCodes,
        "state_space": ModelStateSpace,
    },
)
"""Document kinds of the family, each with its top-level model."""

DEFINITIONS: Final = (
    ModelMeta,
    ModelUnknownsPolicy,
    EnumFailureReasonCode,
    EnumPolicyReasonCode,
)
"""Types defined once, in ``definitions.schema.json`` (with everything they use: artifact refs, guard specs,
guard evaluation records), and referred to by ``$id``."""

# The public names are declared once, in the __all__ of each models/ and enums/ module; the star imports above
# re-export exactly those. __all__ is assembled here at run time only: mypy takes a computed __all__ for an
# empty one and would hide every star-imported name, whereas without one both mypy and pyright treat
# star-imported names as exported and plain imports as private.
if not TYPE_CHECKING:
    __all__ = ["DEFINITIONS", "FAMILY", "KINDS", "__version__"]
    __all__ += enums.__all__
    __all__ += models.__all__
