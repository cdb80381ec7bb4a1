"""The xtrl rules JSON Schema could not say in the versions released before the rule vocabulary.

Plant consistency the SSOT never checked (defects A.12.5-6), and transition verdicts that contradict. Their
schema files are frozen, so the rules live here, listed with the released versions they belong to; later
versions carry them in their schemas (``x-treaty-*``). Plain data and functions: Treaty reads ``RULES``
through the ``treaty.rules`` entry point, and nothing here imports it.

From 0.2.0 on, one rule half stays code: a transition's id ``T.<FROM>-><TO>.<event>`` is built from three of
its values (``from``, ``to``, ``on``), which no vocabulary keyword of one value can say (``x-treaty-equals``
compares two values as they are; ``x-treaty-derived`` is only an annotation to ``treaty validate``).
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

Path = tuple[str | int, ...]
Hit = tuple[Path, str, str]
"""Where a rule is broken (a path into the document), the message, and the hint."""

RELEASED: Final = ("0.1.0",)


def _unique(collection: str, key: str) -> Callable[[Mapping[str, Any]], Iterator[Hit]]:
    def check(doc: Mapping[str, Any]) -> Iterator[Hit]:
        first: dict[object, int] = {}
        for index, item in enumerate(doc.get(collection, [])):
            value = item.get(key)
            if value in first:
                yield (
                    (collection, index, key),
                    f"{key} {value!r} is used twice (first at {collection}[{first[value]}])",
                    f"give each {collection} entry its own {key}",
                )
            else:
                first[value] = index

    return check


def _plant_transitions_consistent(doc: Mapping[str, Any]) -> Iterator[Hit]:
    states = {state["id"] for state in doc.get("states", [])}
    for index, transition in enumerate(doc.get("transitions", [])):
        for end in ("from", "to"):
            if transition[end] not in states:
                yield (
                    ("transitions", index, end),
                    f"transition {transition['id']} goes {end} {transition[end]}, which is no state of the plant",
                    f"declare {transition[end]} in states, or fix the transition",
                )
        yield from _misnamed(index, transition)


def _misnamed(index: int, transition: Mapping[str, Any]) -> Iterator[Hit]:
    expected = (
        f"T.{transition['from'].removeprefix('S.')}->{transition['to'].removeprefix('S.')}.{transition['on']}"
    )
    if transition["id"] != expected:
        yield (
            ("transitions", index, "id"),
            f"transition id {transition['id']} does not name its states and event (from, to, on say {expected})",
            f"rename it {expected}, or fix from, to or on",
        )


def _transition_id_names_its_states(doc: Mapping[str, Any]) -> Iterator[Hit]:
    """Yield each transition whose id does not name its states and event (0.2.0: the id half of the rule)."""
    for index, transition in enumerate(doc.get("transitions", [])):
        yield from _misnamed(index, transition)


def _admissible_or_denied(doc: Mapping[str, Any]) -> Iterator[Hit]:
    evaluation = doc.get("transition_evaluation", {})
    admissible = set(evaluation.get("admissible", []))
    for index, denial in enumerate(evaluation.get("denied", [])):
        if denial["transition_id"] in admissible:
            yield (
                ("transition_evaluation", "denied", index, "transition_id"),
                f"transition {denial['transition_id']} is both admissible and denied",
                "a denied transition is not admissible: remove it from one of the two lists",
            )


def _rule(
    rule_id: str,
    kind: str,
    summary: str,
    check: Callable[[Mapping[str, Any]], Iterator[Hit]],
    versions: tuple[str, ...] = RELEASED,
) -> dict[str, Any]:
    return {
        "id": f"xtrl/{rule_id}",
        "kind": kind,
        "severity": "error",
        "summary": summary,
        "check": check,
        "versions": versions,
    }


RULES: Final = (
    _rule("unique-state-id", "plant_spec", "state ids are unique within a plant", _unique("states", "id")),
    _rule(
        "unique-transition-id",
        "plant_spec",
        "transition ids are unique within a plant",
        _unique("transitions", "id"),
    ),
    _rule(
        "transition-consistent",
        "plant_spec",
        "a transition goes between declared states, and its id T.<FROM>-><TO>.<event> names them and its event",
        _plant_transitions_consistent,
    ),
    _rule(
        "admissible-or-denied",
        "state_space",
        "no transition is both admissible and denied",
        _admissible_or_denied,
    ),
    # 0.2.0 states unique-state-id and unique-transition-id (x-treaty-uniqueBy), admissible-or-denied
    # (x-treaty-notIn) and the from/to half of transition-consistent (x-treaty-in) in its schemas. The id
    # half stays code: the id must equal a string built from three other values of the transition, which no
    # keyword of one value can say (x-treaty-equals compares two values unchanged). x-treaty-derived with a
    # contract function could name it, but `treaty validate` reads that keyword as an annotation, so the rule
    # would go unchecked where 0.1.0's code checks it.
    _rule(
        "transition-consistent",
        "plant_spec",
        "a transition's id T.<FROM>-><TO>.<event> names its states and event",
        _transition_id_names_its_states,
        versions=("0.2.0",),
    ),
)
"""The rules over one document (all errors): those of the released versions, and what later versions'
schemas cannot say."""
