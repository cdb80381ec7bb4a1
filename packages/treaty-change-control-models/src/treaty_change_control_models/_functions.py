"""The contract functions of the change_control family, pinned by the behaviour vectors of each version.

``FUNCTIONS`` exposes each at the JSON level (a JSON value in, a JSON value out) for the vectors in
``fixtures/change_control/<version>/vectors/`` and for the ``treaty onex`` commands, which call them by name.
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, NoReturn

from treaty_change_control_models._glob import compile_glob
from treaty_change_control_models.models.model_interface_surface_map import ModelInterfaceSurfaceMap

MIGRATED_VERSION: Final = "1.3.0"
"""What ``migrate_origin_contract`` writes: the first version that holds an origin contract whole. Fixed, so
the released vectors keep their outputs when later versions come."""

_CONTRACT_FIELDS: Final = (
    "ticket_id",
    "summary",
    "is_seam_ticket",
    "interface_change",
    "interfaces_touched",
    "evidence_requirements",
    "emergency_bypass",
)
_TEST_CHECKS: Final = frozenset({"test_exists", "test_passes"})


def _refuse(message: str) -> NoReturn:
    raise ValueError(message)


def _repository_path(path: object) -> str:
    """Return a path as git names it (relative, ``/``-separated, no empty, ``.`` or ``..`` segment)."""
    if not isinstance(path, str) or not path:
        _refuse("a path is a non-empty string")
    if any(segment in {"", ".", ".."} for segment in path.split("/")):
        _refuse(f"{path!r} is not a repository-relative path as git prints it")
    return path


def surfaces_of_paths(surface_map: ModelInterfaceSurfaceMap, paths: list[str]) -> list[dict[str, Any]]:
    """Return, for each path that belongs to a surface, the path and its surfaces (in the map's order).

    A path belongs to a surface when one of its ``paths`` globs matches it and none of its ``exclude`` globs
    does. Paths come back in the order given; a path of no surface is left out.
    """
    compiled = [
        (
            entry.surface.value,
            [compile_glob(glob) for glob in entry.paths],
            [compile_glob(glob) for glob in entry.exclude],
        )
        for entry in surface_map.surfaces
    ]
    out: list[dict[str, Any]] = []
    for path in paths:
        checked = _repository_path(path)
        surfaces = [
            surface
            for surface, included, excluded in compiled
            if any(glob.fullmatch(checked) for glob in included)
            and not any(glob.fullmatch(checked) for glob in excluded)
        ]
        if surfaces:
            out.append({"path": checked, "surfaces": surfaces})
    return out


def _surfaces(value: Any) -> Any:
    if not isinstance(value, Mapping) or set(value) != {"surface_map", "paths"}:
        _refuse("expected {surface_map: <interface_surface_map document>, paths: [<path>...]}")
    if not isinstance(value["paths"], list):
        _refuse("paths is a list of repository-relative paths")
    return surfaces_of_paths(ModelInterfaceSurfaceMap.model_validate(value["surface_map"]), value["paths"])


def _requirement_of(item: Mapping[str, Any]) -> dict[str, Any]:
    """Return the 1.3.0 evidence requirement of an origin ``dod_evidence`` item; nothing of it is dropped."""
    if not isinstance(item.get("id"), str) or not isinstance(item.get("description"), str):
        _refuse("each dod_evidence item has a string id and a string description")
    checks = item.get("checks", [])
    if not isinstance(checks, list) or not all(isinstance(c, Mapping) for c in checks):
        _refuse("dod_evidence checks is a list of {check_type, check_value} mappings")
    kinds = {check.get("check_type") for check in checks}
    requirement: dict[str, Any] = {
        "kind": "tests" if kinds & _TEST_CHECKS else "manual",
        "description": item["description"],
        "id": item["id"],
    }
    commands = [
        c for c in checks if c.get("check_type") == "command" and isinstance(c.get("check_value"), str)
    ]
    if len(commands) == 1:  # the origin ran a command check's value as a shell command line
        check: dict[str, Any] = {"command": [commands[0]["check_value"]], "shell": True}
        if isinstance(commands[0].get("cwd"), str):
            check["cwd"] = commands[0]["cwd"]
        requirement["check"] = check
    rest = {key: value for key, value in item.items() if key not in {"id", "description"}}
    if rest:
        requirement["origin_fields"] = rest
    return requirement


def migrate_origin_contract(origin: Mapping[str, Any]) -> dict[str, Any]:
    """Return the change_control 1.3.0 form of a ticket contract of the origin's later shape.

    The later shape (``title`` required, most v1 fields optional, ``dod_evidence`` items) keeps every value:
    the v1 fields move as they are (absent ones get the origin's defaults), each ``dod_evidence`` item
    becomes an evidence requirement with its ``id`` (a single ``command`` check becomes a shell check), and
    whatever has no 1.3.0 field (``title``, an item's ``status``, ``source``, ``checks``...) is kept
    verbatim under ``origin_fields``. ``summary`` takes the title when it is missing or empty.
    """
    if not isinstance(origin.get("ticket_id"), str) or not isinstance(origin.get("title"), str):
        _refuse("an origin contract of the later shape has a string ticket_id and a string title")
    dod = origin.get("dod_evidence", [])
    if not isinstance(dod, list) or not all(isinstance(item, Mapping) for item in dod):
        _refuse("dod_evidence is a list of mappings")
    evidence = origin.get("evidence_requirements") or []
    if not isinstance(evidence, list):
        _refuse("evidence_requirements is a list")
    bypass = origin.get("emergency_bypass")
    summary = origin.get("summary")
    out: dict[str, Any] = {
        "schema_version": MIGRATED_VERSION,
        "ticket_id": origin["ticket_id"],
        "summary": summary if isinstance(summary, str) and summary else origin["title"],
        "is_seam_ticket": origin.get("is_seam_ticket", False),
        "interface_change": origin.get("interface_change", False),
        "interfaces_touched": origin.get("interfaces_touched") or [],
        "evidence_requirements": [*evidence, *(_requirement_of(item) for item in dod)],
        "emergency_bypass": bypass if bypass is not None else {"enabled": False},
    }
    kept = {
        key: value
        for key, value in origin.items()
        if key not in {*_CONTRACT_FIELDS, "schema_version", "dod_evidence"}
    }
    if "summary" in origin and out["summary"] != summary:
        kept["summary"] = summary  # an empty summary was replaced by the title
    for key in ("schema_version", "interfaces_touched", "evidence_requirements", "emergency_bypass"):
        if key in origin and origin[key] != out.get(key):
            kept[key] = origin[key]  # a null the origin wrote, or its own schema_version
    out["origin_fields"] = kept
    return out


def _migrate(value: Any) -> Any:
    if not isinstance(value, Mapping):
        _refuse("an origin contract is a mapping")
    return migrate_origin_contract(value)


FUNCTIONS: Final[MappingProxyType[str, Callable[[Any], Any]]] = MappingProxyType(
    {"surfaces_of_paths": _surfaces, "migrate_origin_contract": _migrate},
)
"""The contract functions at the JSON level, by name."""
