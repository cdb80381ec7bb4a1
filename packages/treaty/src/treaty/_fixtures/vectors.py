"""Behaviour vectors: a contract function's input and the output (or refusal) it must give.

Vectors live in ``fixtures/<family>/<version>/vectors/<function>.yaml``; the expected outputs are
computed once and committed. `treaty check` recomputes every vector with the working tree's functions (the
``FUNCTIONS`` of the family's models), so a change of behaviour names the vector it breaks.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

from treaty._documents.document import DocumentLoadError
from treaty._documents.findings import Finding
from treaty._documents.loader import load_path
from treaty._fixtures.cases import meta_problems
from treaty._validation.validator import ContractValidator

VECTORS: Final = "vectors"
_SHOWN: Final = 160


@dataclass(frozen=True)
class Vector:
    """One input of a contract function with the output it must give, or the statement that it must refuse."""

    family: str
    version: str
    function: str
    name: str
    description: str
    input: Any
    output: Any
    """The output the function must give (None when it must refuse the input)."""
    error: str | None
    """Why the function must refuse the input, for people (None when it must not refuse); never matched."""
    file: str
    """The vectors file, relative to the folder `load_vectors` was given as ``relative_to``."""
    line: int
    """The 1-based line and column of the vector in its file."""
    column: int

    @property
    def id(self) -> str:
        """Return the readable id ``family/version/function/name``."""
        return f"{self.family}/{self.version}/{self.function}/{self.name}"

    def mismatch(self, function: Callable[[Any], Any]) -> "VectorMismatch | None":
        """Call ``function`` with the input; return how its answer differs from the vector (None: it holds).

        Raising any exception is refusing. A vector with ``error`` holds when the function refuses, whatever
        its message says: messages are worded by each language, library and interpreter (Python 3.13's
        `json` words a trailing comma as 3.11's does not), and a contract any implementation can meet
        cannot depend on them.
        """
        try:
            returned = function(self.input)
        except Exception as refusal:  # noqa: BLE001  # any exception is the refusal (see the docstring)
            return None if self.error is not None else VectorMismatch(refusal=refusal)
        if self.error is not None or returned != self.output:
            return VectorMismatch(returned=returned)
        return None


@dataclass(frozen=True)
class VectorMismatch:
    """How a contract function's answer differs from a vector: it refused, or returned something else."""

    refusal: Exception | None = None
    """The exception it refused an input with that it must answer (None when it returned)."""
    returned: Any = None
    """What it returned instead of the vector's output, or of refusing."""


@cache
def _meta_validator() -> Any:
    return ContractValidator(json.loads((files("treaty") / "_data" / "vectors.schema.json").read_bytes()))


def vector_functions(root: Path, version: str) -> list[str]:
    """Return the contract functions that have behaviour vectors in one version of a family's fixtures folder."""
    return sorted(path.stem for path in (root / version / VECTORS).glob("*.yaml"))


def load_vectors(
    root: Path, relative_to: Path, family: str | None = None
) -> tuple[list[Vector], list[Finding]]:
    """Load every vector file below a fixtures folder (or, naming ``family``, one family's folder).

    Returns the vectors and the problems of the files. Each vector's ``file``, like each problem's, is
    relative to ``relative_to``; its family is ``family``, or else the name of the folder above its version's.
    """
    vectors: list[Vector] = []
    problems: list[Finding] = []
    for path in sorted(root.glob(f"*/{VECTORS}/*" if family else f"*/*/{VECTORS}/*")):
        display = path.relative_to(relative_to).as_posix()
        version = path.parent.parent.name
        family_name = family or path.parent.parent.parent.name
        try:
            document = load_path(path, display)
        except DocumentLoadError as error:
            problems.extend(error.findings)
            continue
        wrong = meta_problems(
            _meta_validator(),
            document,
            display,
            "vectors/file-schema",
            "fix the file to match the vectors meta-schema",
        )
        if not wrong and document.data["function"] != path.stem:
            wrong.append(
                Finding(
                    display,
                    *document.locate(("function",)),
                    "/function",
                    "vectors/file-name",
                    f"vectors of {document.data['function']!r} sit in {path.name}",
                    f"name the file {document.data['function']}.yaml",
                )
            )
        problems.extend(wrong)
        if wrong:
            continue
        seen: set[str] = set()
        for number, entry in enumerate(document.data["vectors"]):
            line, column = document.locate(("vectors", number))
            if entry["name"] in seen:
                problems.append(
                    Finding(
                        display,
                        line,
                        column,
                        f"/vectors/{number}/name",
                        "vectors/duplicate-name",
                        f"the vector name {entry['name']!r} is used twice",
                        "give each vector its own name",
                    )
                )
            seen.add(entry["name"])
            vectors.append(
                Vector(
                    family_name,
                    version,
                    document.data["function"],
                    entry["name"],
                    entry["description"],
                    entry["input"],
                    entry.get("output"),
                    entry.get("error"),
                    display,
                    line,
                    column,
                )
            )
    return vectors, problems


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def vector_problem(vector: Vector, functions: Mapping[str, Callable[[Any], Any]]) -> Finding | None:
    """Recompute a vector; return why it no longer holds (None when it does)."""

    def problem(message: str, hint: str) -> Finding:
        return Finding(vector.file, vector.line, vector.column, "", "vectors", message, hint)

    function = functions.get(vector.function)
    if function is None:
        known = ", ".join(sorted(functions)) or "none"
        return problem(
            f"vector {vector.id}: the {vector.family} models have no contract function {vector.function!r} (they have: {known})",
            "a released function is part of the contract: restore it, or remove vectors of an unreleased version",
        )
    changed = "the contract function changed behaviour: restore it (released vectors are the contract), or make the change in a new major version"
    found = vector.mismatch(function)
    if found is None:
        return None
    if found.refusal is not None:
        refusal = f"{type(found.refusal).__name__}: {found.refusal}"
        return problem(
            f"vector {vector.id}: expected {_short(vector.output)}, but the input was refused ({refusal})",
            changed,
        )
    if vector.error is not None:
        return problem(
            f"vector {vector.id}: expected a refusal ({vector.error}), got {_short(found.returned)}", changed
        )
    return problem(
        f"vector {vector.id}: expected {_short(vector.output)}, got {_short(found.returned)}", changed
    )
