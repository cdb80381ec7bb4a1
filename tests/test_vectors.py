"""What holds a behaviour vector: the same reading for the `vectors` gate and for pytest-treaty.

A vector with ``error`` states that the function must refuse the input; its text says why, for people, and
is never matched against the function's message, which each interpreter and library words its own way.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from treaty._fixtures.vectors import Vector, load_vectors, vector_problem
from treaty_dome_models import FUNCTIONS

from .conftest import ROOT

OUTPUT = Vector("dome", "0.1.0", "f", "v", "an answer", "input", {"a": 1}, None, "f.yaml", 3, 5)
REFUSAL = dataclasses.replace(OUTPUT, output=None, error="Expecting value")


class RefusedError(Exception):
    """An exception of the implementation's own: not a ValueError, still a refusal."""


def _raising(error: Exception) -> Callable[[Any], Any]:
    def function(_: Any) -> Any:
        raise error

    return function


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(ValueError("Illegal trailing comma before end of array"), id="python-3.13-wording"),
        pytest.param(RefusedError("no"), id="own-exception"),
        pytest.param(KeyError("k"), id="key-error"),
    ],
)
def test_a_refusal_worded_otherwise_holds(error: Exception) -> None:
    assert vector_problem(REFUSAL, {"f": _raising(error)}) is None


def test_a_vector_expecting_a_refusal_fails_when_the_function_returns() -> None:
    found = vector_problem(REFUSAL, {"f": lambda _: "a value"})
    assert found is not None
    assert (found.file, found.line, found.column, found.rule) == ("f.yaml", 3, 5, "vectors")
    assert found.message == 'vector dome/0.1.0/f/v: expected a refusal (Expecting value), got "a value"'
    assert "restore it" in found.hint


def test_a_vector_expecting_an_output_fails_when_the_function_refuses() -> None:
    found = vector_problem(OUTPUT, {"f": _raising(RefusedError("no such thing"))})
    assert found is not None
    assert found.message == (
        'vector dome/0.1.0/f/v: expected {"a": 1}, but the input was refused (RefusedError: no such thing)'
    )


def test_a_vector_expecting_an_output_fails_on_another_output() -> None:
    found = vector_problem(OUTPUT, {"f": lambda _: {"a": 2}})
    assert found is not None
    assert found.message == 'vector dome/0.1.0/f/v: expected {"a": 1}, got {"a": 2}'
    assert vector_problem(OUTPUT, {"f": lambda _: {"a": 1}}) is None


def test_the_released_trailing_comma_vector_holds_whatever_the_interpreter_words() -> None:
    vectors, problems = load_vectors(ROOT / "fixtures" / "dome", ROOT, "dome")
    assert problems == []
    (vector,) = [v for v in vectors if v.version == "0.1.0" and v.name == "trailing-comma-refused"]
    assert vector.error == "Expecting value", "CPython 3.11's wording, frozen in a released vector"
    assert vector.mismatch(FUNCTIONS["canonical_json"]) is None
