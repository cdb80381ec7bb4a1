"""Pydantic models and contract functions of the dome family, pinned to the xtrl SSOT.

The module-level names ``FAMILY``, ``KINDS`` and ``__version__`` are the family's declaration to Treaty
(found through the ``treaty.models`` entry point); ``PINS`` names the xtrl version whose schemas dome's
refer to by ``$id``; ``FUNCTIONS`` exposes the contract functions to the behaviour vectors.
"""

from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel

from treaty_dome_models import _functions, _store, enums, models
from treaty_dome_models._canonical import canonical_json as canonical_json
from treaty_dome_models._canonical import parse_json as parse_json
from treaty_dome_models._functions import eligibility as eligibility
from treaty_dome_models._functions import fallback_decision as fallback_decision
from treaty_dome_models._functions import fingerprint_hash as fingerprint_hash
from treaty_dome_models._functions import fingerprint_payload as fingerprint_payload
from treaty_dome_models._functions import idempotency_key as idempotency_key
from treaty_dome_models._functions import order_gate_rollup as order_gate_rollup
from treaty_dome_models._functions import order_guard_denials as order_guard_denials
from treaty_dome_models._functions import order_recent_failures as order_recent_failures
from treaty_dome_models._functions import record_guard_denial as record_guard_denial
from treaty_dome_models._functions import upsert_key as upsert_key
from treaty_dome_models._store import gate_rollup_by_failure_reason_code as gate_rollup_by_failure_reason_code
from treaty_dome_models._store import gate_rollup_view as gate_rollup_view
from treaty_dome_models._store import (
    guard_denials_by_policy_reason_code as guard_denials_by_policy_reason_code,
)
from treaty_dome_models._store import guard_denials_view as guard_denials_view
from treaty_dome_models._store import latest as latest
from treaty_dome_models._store import maintain_capsule as maintain_capsule
from treaty_dome_models._store import prescriptive_eligibility as prescriptive_eligibility
from treaty_dome_models._store import recent_failures_by_taskspec as recent_failures_by_taskspec
from treaty_dome_models._store import recent_failures_view as recent_failures_view
from treaty_dome_models._store import replay as replay
from treaty_dome_models.enums import *
from treaty_dome_models.models import *

__version__: Final = "0.3.0"
"""The contract version these models define; the family's single source of truth."""

FAMILY: Final = "dome"
FUNCTIONS: Final[MappingProxyType[str, Callable[[Any], Any]]] = MappingProxyType(
    {**_functions.FUNCTIONS, **_store.STORE_FUNCTIONS}
)
"""Each contract function at the JSON level, by name: what the behaviour vectors call."""
PINS: Final = MappingProxyType({"xtrl": "0.2.0"})
"""The xtrl version dome is built on: its reason-code fields refer to that version's schemas."""

KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType(
    {
        "binder_fact": ModelBinderFact,
        "capsule": ModelCapsule,
        "event_envelope": ModelEventEnvelope,
        "gate_rollup_row": ModelGateRollupRow,
        "guard_denial_row": ModelGuardDenialRow,
        "recent_failure_row": ModelRecentFailureRow,
        "task_spec": ModelTaskSpec,
        "wrapper_envelope": ModelWrapperEnvelope,
    },
)
"""Document kinds of the family, each with its top-level model."""

# The public names are declared once, in the __all__ of each models/ and enums/ module; the star imports above
# re-export exactly those. __all__ is assembled here at run time only: mypy takes a computed __all__ for an
# empty one and would hide every star-imported name, whereas without one both mypy and pyright treat
# star-imported names as exported and plain imports as private (hence `name as name` for the functions).
if not TYPE_CHECKING:
    __all__ = [
        "FAMILY",
        "FUNCTIONS",
        "KINDS",
        "PINS",
        "__version__",
        "canonical_json",
        "eligibility",
        "fallback_decision",
        "fingerprint_hash",
        "fingerprint_payload",
        "gate_rollup_by_failure_reason_code",
        "gate_rollup_view",
        "guard_denials_by_policy_reason_code",
        "guard_denials_view",
        "idempotency_key",
        "latest",
        "maintain_capsule",
        "order_gate_rollup",
        "order_guard_denials",
        "order_recent_failures",
        "parse_json",
        "prescriptive_eligibility",
        "recent_failures_by_taskspec",
        "recent_failures_view",
        "record_guard_denial",
        "replay",
        "upsert_key",
    ]
    __all__ += enums.__all__
    __all__ += models.__all__
