"""The dome contract functions: every behaviour vector recomputes, and an independent RFC 8785 agrees.

The vectors in ``fixtures/dome/0.1.0/vectors/`` were computed once and committed; here each one is recomputed
through ``FUNCTIONS`` (what ``treaty check`` calls), canonical JSON and the keys are checked against the
independent ``rfc8785`` library, and the minimum coverage is asserted so a deleted vector is noticed.
"""

import hashlib
import json
import math
import random
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from treaty._documents.loader import load_path
from treaty_dome_models import FUNCTIONS, ModelTaskSpec, __version__, canonical_json, record_guard_denial
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from .conftest import ROOT, load_yaml

VECTORS_DIR = ROOT / "fixtures" / "dome" / "0.1.0" / "vectors"
CURRENT_DIR = ROOT / "fixtures" / "dome" / __version__ / "vectors"
STORE_FUNCTIONS = (
    "maintain_capsule",
    "prescriptive_eligibility",
    "recent_failures_by_taskspec",
    "gate_rollup_by_failure_reason_code",
    "guard_denials_by_policy_reason_code",
    "replay",
)
"""The store's functions (since 0.3.0): their vectors are in the current version's folder."""
NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
IDEMPOTENCY_PARTS = ("run_id", "task_id", "group_id", "binder_version")
UPSERT_PARTS = (
    "scope",
    "target_kind",
    "target_id",
    "action_kind",
    "failure_reason_code",
    "fingerprint_hash",
    "binder_version",
)
ORIGIN_HASH = "6c7f1a8ddd4dc7e2b0a030d1cc9dbddc2a42a43a84b6c4290e0170fdcc406e58"
"""The hash the origin's documentation illustrates its canonical form with (spec A.7)."""


def _vector_files() -> list[Path]:
    return sorted(VECTORS_DIR.glob("*.yaml"))


def _load() -> dict[str, list[dict[str, Any]]]:
    suites: dict[str, list[dict[str, Any]]] = {}
    for path in _vector_files():
        document = load_yaml(path)
        suites[document["function"]] = document["vectors"]
    return suites


SUITES = _load()
CURRENT = {
    document["function"]: document["vectors"]
    for document in (load_yaml(path) for path in CURRENT_DIR.glob("*.yaml"))
}


def _vectors(*functions: str, accepted: bool | None = None) -> list[Any]:
    """Parametrize over the vectors of some functions: all of them, only accepted ones, or only refusals."""
    return [
        pytest.param(function, vector, id=f"{function}/{vector['name']}")
        for function in functions
        for vector in SUITES.get(function, [])
        if accepted is None or ("output" in vector) == accepted
    ]


def _named(function: str, name: str) -> dict[str, Any]:
    return next(vector for vector in SUITES[function] if vector["name"] == name)


def _strict(value: Any) -> str:
    """A JSON rendering that tells true from 1 and 1.0 from 1, but ignores member order."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------------------- the vectors


@pytest.mark.parametrize(("function", "vector"), _vectors(*FUNCTIONS))
def test_vector_recomputes(function: str, vector: dict[str, Any]) -> None:
    call = FUNCTIONS[function]
    if "error" in vector:  # says why, for people: the message is the interpreter's or pydantic's to word
        with pytest.raises((ValueError, TypeError)):
            call(vector["input"])
    else:
        actual = call(vector["input"])
        assert actual == vector["output"]
        assert _strict(actual) == _strict(vector["output"])


@pytest.mark.parametrize("path", _vector_files(), ids=lambda path: path.name)
def test_vector_files_are_well_formed(path: Path) -> None:
    document = load_yaml(path)
    assert load_path(path).data == document, "the strict loader of `treaty check` reads the file differently"
    assert set(document) == {"function", "vectors"}
    assert document["function"] == path.stem
    assert document["function"] in FUNCTIONS
    names = [vector["name"] for vector in document["vectors"]]
    assert len(names) == len(set(names)), "vector names repeat"
    for vector in document["vectors"]:
        assert NAME.fullmatch(vector["name"]), vector["name"]
        assert set(vector) in (
            {"name", "description", "input", "output"},
            {"name", "description", "input", "error"},
        )
        assert isinstance(vector["description"], str)
        assert vector["description"]
        assert vector.get("error", "x").strip(), "an error says why the input is refused"


def test_every_function_has_vectors() -> None:
    assert set(SUITES) == set(FUNCTIONS) - set(STORE_FUNCTIONS)
    assert set(CURRENT) == set(FUNCTIONS)


@pytest.mark.parametrize(
    ("function", "minimum"),
    [
        ("maintain_capsule", 12),
        ("prescriptive_eligibility", 6),
        ("recent_failures_by_taskspec", 10),
        ("gate_rollup_by_failure_reason_code", 6),
        ("guard_denials_by_policy_reason_code", 6),
        ("replay", 10),
    ],
)
def test_minimum_store_vector_counts(function: str, minimum: int) -> None:
    assert len(CURRENT[function]) >= minimum
    assert any("error" in vector for vector in CURRENT[function]), "a refusal is pinned too"


@pytest.mark.parametrize(
    "vector",
    [pytest.param(v, id=v["name"]) for v in CURRENT["replay"] if "output" in v],
)
def test_replay_writes_valid_documents_of_the_version(
    vector: dict[str, Any], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    """Every binder fact and capsule replay derives is a valid document, its keys and decision included."""
    documents = [
        (kind, document)
        for kind, rows in (("binder_fact", "binder_facts"), ("capsule", "capsules"))
        for document in vector["output"][rows]
    ]
    for index, (kind, document) in enumerate(documents):
        folder = tmp_path / kind
        folder.mkdir(exist_ok=True)
        (folder / f"{index}.json").write_text(json.dumps(document), encoding="utf-8")
    for kind in {kind for kind, _ in documents}:
        result = cli("validate", "--derived", "--schema", f"dome/{kind}@{__version__}", str(tmp_path / kind))
        assert result.code == 0, result.out + result.err


def test_replay_of_a_snapshot_twice_equals_replay_of_it_once() -> None:
    for vector in CURRENT["replay"]:
        if "output" in vector:
            doubled = {**vector["input"], "events": vector["input"]["events"] * 2}
            assert FUNCTIONS["replay"](doubled) == vector["output"], vector["name"]


@pytest.mark.parametrize(
    ("functions", "minimum"),
    [
        (("canonical_json", "fingerprint_hash"), 30),
        (("idempotency_key", "upsert_key"), 10),
        (("fallback_decision",), 12),
        (("order_recent_failures",), 3),
        (("order_gate_rollup",), 3),
        (("order_guard_denials",), 3),
        (("eligibility",), 5),
        (("normalise_reason_fields",), 4),
        (("record_guard_denial",), 1),
    ],
    ids=lambda value: "+".join(value) if isinstance(value, tuple) else str(value),
)
def test_minimum_vector_counts(functions: tuple[str, ...], minimum: int) -> None:
    assert sum(len(SUITES.get(function, [])) for function in functions) >= minimum


def test_fallback_vectors_cover_every_policy_and_wrapper() -> None:
    cases = (
        "no-wrapper",
        "failed-gate",
        "guard-denial",
        "spec-test-failure",
        "fuzz-failure",
        "promoted-evidence",
        "anomaly-trigger-active",
        "anomaly-trigger-other-version",
    )
    names = {vector["name"] for vector in SUITES["fallback_decision"]}
    missing = {f"{p}-{c}" for p in ("strict", "hybrid", "lenient") for c in cases} - names
    assert not missing


# ------------------------------------------------------------------------- fingerprints: pairs and bytes


def test_fingerprint_pairs_hash_as_their_names_say() -> None:
    base = _named("fingerprint_hash", "base")["output"]["fingerprint_hash"]
    same = [v for v in SUITES["fingerprint_hash"] if v["name"].endswith("-same-hash")]
    different = [v for v in SUITES["fingerprint_hash"] if v["name"].endswith("-different-hash")]
    assert len(same) >= 5
    assert len(different) >= 3
    for vector in same:
        assert vector["output"]["fingerprint_hash"] == base, vector["name"]
    for vector in different:
        assert vector["output"]["fingerprint_hash"] != base, vector["name"]


@pytest.mark.parametrize(("function", "vector"), _vectors("fingerprint_hash", accepted=True))
def test_fingerprint_is_sha256_of_rfc8785_payload(function: str, vector: dict[str, Any]) -> None:
    del function
    payload = vector["output"]["payload"]
    assert rfc8785.dumps(json.loads(payload)).decode("utf-8") == payload
    assert set(json.loads(payload)) == {
        "environment",
        "failure_reason_code",
        "gates",
        "policy_reason_code",
        "signature",
        "versions",
    }
    assert vector["output"]["fingerprint_hash"] == _sha256(payload.encode("utf-8"))


# ----------------------------------------------------------------------- canonical JSON against rfc8785


@pytest.mark.parametrize(("function", "vector"), _vectors("canonical_json", accepted=True))
def test_canonical_json_vectors_agree_with_rfc8785(function: str, vector: dict[str, Any]) -> None:
    del function
    assert rfc8785.dumps(json.loads(vector["input"])).decode("utf-8") == vector["output"]


def _random_doubles(rng: random.Random) -> list[float]:
    doubles: list[float] = []
    while len(doubles) < 4000:  # every bit pattern is equally likely: all exponents, subnormals included
        (value,) = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))
        if math.isfinite(value):
            doubles.append(value)
    # short decimals, as people write them
    doubles += [rng.randint(-(10**9), 10**9) / 10 ** rng.randint(0, 15) for _ in range(2000)]
    doubles += [
        sign * mantissa * 10.0**exponent
        for sign in (1, -1)
        for mantissa in (1, 1.5, 9.999999999999998)
        for exponent in range(-30, 31)
    ]
    return doubles


def test_canonical_json_agrees_with_rfc8785_on_random_doubles() -> None:
    for value in _random_doubles(random.Random(8785)):  # noqa: S311 - reproducible test data, not secrets
        expected = rfc8785.dumps(value)
        assert canonical_json(value) == expected, repr(value)
        assert FUNCTIONS["canonical_json"](json.dumps(value)) == expected.decode("utf-8"), repr(value)


_CHARACTERS = [
    *"azAZ09 _-",
    '"',
    "\\",
    "/",
    "\x00",
    "\x1f",
    "\x7f",
    "\b",
    "\n",
    "é",
    "€",
    "\u2028",
    "\ufb33",
    "\U0001f600",
]


def _random_string(rng: random.Random) -> str:
    out: list[str] = []
    for _ in range(rng.randrange(6)):
        if rng.random() < 0.7:
            out.append(rng.choice(_CHARACTERS))
        else:
            code = rng.randrange(0x110000)
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "x")
    return "".join(out)


def _random_doubles_small(rng: random.Random) -> list[float]:
    (bits,) = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))
    return [
        x
        for x in (bits, rng.uniform(-1e6, 1e6), rng.random() * 10.0 ** rng.randint(-12, 25))
        if math.isfinite(x)
    ]


def _random_value(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(7 if depth < 4 else 5)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([rng.randint(-1000, 1000), rng.randint(-(2**53) + 1, 2**53 - 1)])
    if kind == 2:
        return rng.choice(_random_doubles_small(rng))
    if kind in {3, 4}:
        return _random_string(rng)
    if kind == 5:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {_random_string(rng): _random_value(rng, depth + 1) for _ in range(rng.randrange(6))}


def test_canonical_json_agrees_with_rfc8785_on_random_structures() -> None:
    rng = random.Random(20260215)  # noqa: S311 - reproducible test data, not secrets
    for _ in range(1500):
        value = _random_value(rng, 0)
        expected = rfc8785.dumps(value)
        assert canonical_json(value) == expected, repr(value)
        assert FUNCTIONS["canonical_json"](json.dumps(value)) == expected.decode("utf-8"), repr(value)


# -------------------------------------------------------------------------------- keys against rfc8785


@pytest.mark.parametrize(("function", "vector"), _vectors("idempotency_key", "upsert_key", accepted=True))
def test_keys_are_sha256_of_the_rfc8785_array_of_parts(function: str, vector: dict[str, Any]) -> None:
    order = IDEMPOTENCY_PARTS if function == "idempotency_key" else UPSERT_PARTS
    assert set(vector["input"]) == set(order)
    parts = [vector["input"][name] for name in order]
    assert vector["output"] == _sha256(rfc8785.dumps(parts))


def test_pipe_join_collides_where_the_keys_do_not() -> None:
    left = _named("idempotency_key", "pipe-in-first-part")
    right = _named("idempotency_key", "pipe-in-second-part")

    def origin(vector: dict[str, Any]) -> str:
        return _sha256("|".join(vector["input"][name] for name in IDEMPOTENCY_PARTS).encode("utf-8"))

    assert origin(left) == origin(right)
    assert left["output"] != right["output"]


# ------------------------------------------------------------------------------ the semantics split (K1)


def test_guard_denial_sets_policy_code_and_keeps_failure_code() -> None:
    spec = ModelTaskSpec.model_validate(
        {
            "artifact_kind": "task_spec",
            "schema_version": "0.1.0",
            "scope": "task",
            "target": {"kind": "task", "id": "task-17"},
            "action": {"kind": "fix"},
            "failure_reason_code": "TESTS_FAILED",
            "task_id": "task-17",
        },
    )
    denied = record_guard_denial(spec, EnumPolicyReasonCode.DIRTY_REPO_DENIED)
    assert type(denied) is ModelTaskSpec
    assert denied.policy_reason_code is EnumPolicyReasonCode.DIRTY_REPO_DENIED
    assert denied.failure_reason_code is EnumFailureReasonCode.TESTS_FAILED
    assert spec.policy_reason_code is None, "the original TaskSpec is not changed"
    assert denied.model_dump(exclude={"policy_reason_code"}) == spec.model_dump(
        exclude={"policy_reason_code"}
    )


# ---------------------------------------------------------------- a broken canonical form is caught


def _origin_form(text: str) -> str:
    """The origin's canonical JSON: Python's json.dumps with sorted keys and ASCII escapes (not RFC 8785)."""
    return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _code_point_form(text: str) -> str:
    """A near miss: raw UTF-8, but keys sorted by code point and Python's number formatting."""
    return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(
    ("form", "caught_by"),
    [
        (
            _origin_form,
            {
                "escaped-e-acute-written-raw",
                "astral-character-written-raw",
                "one-e-twenty-fixed",
                "one-point-zero-is-one",
            },
        ),
        (
            _code_point_form,
            {"astral-name-sorts-by-utf16-before-fb33", "one-e-twenty-fixed", "one-e-minus-six-fixed"},
        ),
    ],
    ids=["origin-form", "code-point-form"],
)
def test_the_vectors_catch_a_broken_canonical_form(form: Any, caught_by: set[str]) -> None:
    accepted = [vector for vector in SUITES["canonical_json"] if "output" in vector]
    differing = {vector["name"] for vector in accepted if form(vector["input"]) != vector["output"]}
    assert caught_by <= differing


def test_origin_form_equals_rfc8785_on_its_own_illustration() -> None:
    # ASCII text and small integers only: here the origin's form and RFC 8785 agree byte for byte, which is
    # why the vectors above need non-ASCII text, astral names and edge numbers to tell them apart.
    payload: dict[str, Any] = {
        "status": "FAIL",
        "failure_reason_code": "TRANSIENT.NETWORK",
        "policy_reason_code": "",
        "attempts": 2,
        "duration_ms": 10,
        "worker_model": "gpt-5.3",
    }
    origin = _origin_form(json.dumps(payload)).encode("utf-8")
    assert _sha256(origin) == ORIGIN_HASH
    assert rfc8785.dumps(payload) == origin == canonical_json(payload)


# ------------------------------------------------------------------------ defects found, now refused


def test_eligibility_refuses_zero_support() -> None:
    policy = {
        "policy_version": "1",
        "min_support": 1,
        "min_confidence": 0.5,
        "max_contradiction_rate": 0.5,
        "max_staleness_days": 30,
    }
    state = {
        "support_count": 0,
        "contradiction_count": 0,
        "confidence": 1,
        "last_seen_ts": "2026-02-15T00:00:00Z",
        "evaluated_at": "2026-02-16T00:00:00Z",
        "policy": policy,
    }
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        FUNCTIONS["eligibility"](state)


def test_record_guard_denial_refuses_a_missing_member_as_a_value_error() -> None:
    task_spec = {
        "scope": "task",
        "target": {"kind": "task", "id": "task-17"},
        "action": {"kind": "fix"},
        "failure_reason_code": "TESTS_FAILED",
    }
    with pytest.raises((ValueError, TypeError)):
        FUNCTIONS["record_guard_denial"]({"task_spec": task_spec})
