"""The public Python API: what ``treaty.__all__`` names, imported on first use, in terms of public types only."""

import contextlib
import dataclasses
import inspect
import os
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import treaty
from treaty import exceptions

_UNDER_TYPE_CHECKING = {"Callable": Callable, "Path": Path, "StrPath": str | os.PathLike[str]}
"""Names that annotations use but modules import only for the type checker."""


def _types(hint: Any) -> Iterator[type]:
    origin = typing.get_origin(hint)
    if isinstance(origin, type):
        yield origin
    elif isinstance(hint, type):
        yield hint
    for argument in typing.get_args(hint):
        yield from _types(argument)


def _signatures(value: Any) -> Iterator[Any]:
    """Yield what has annotations: a function, or a class with its public methods and properties."""
    yield value
    if inspect.isclass(value):
        for name, member in vars(value).items():
            if name.startswith("_") and name != "__init__":
                continue
            if isinstance(member, property):
                yield member.fget
            elif isinstance(member, (classmethod, staticmethod)):
                yield member.__func__
            elif inspect.isfunction(member):
                yield member


def _public_part(function: Callable[..., Any]) -> Callable[..., Any]:
    """Return a stand-in annotated as ``function`` is, less its private keywords (``_cache``...).

    A private keyword is the toolkit's own wiring: no public caller passes it (see the test below).
    """

    def stand_in() -> None: ...

    annotations = inspect.get_annotations(function)
    stand_in.__annotations__ = {k: v for k, v in annotations.items() if not k.startswith("_")}
    return stand_in


def _private_types(name: str) -> set[str]:
    value = getattr(treaty, name)
    public = {getattr(treaty, n) for n in treaty.__all__ if inspect.isclass(getattr(treaty, n))}
    names = {n: getattr(treaty, n) for n in treaty.__all__} | _UNDER_TYPE_CHECKING
    found = set()
    for annotated in _signatures(value):
        home = vars(sys.modules[annotated.__module__])
        for hint in typing.get_type_hints(_public_part(annotated), {**home, **names}).values():
            found |= {
                f"{kind.__module__}.{kind.__qualname__}"
                for kind in _types(hint)
                if kind.__module__.startswith("treaty")
                and kind not in public
                and kind.__module__ != "treaty.exceptions"
            }
    return found


@pytest.mark.parametrize("name", sorted(set(treaty.__all__) - {"__version__"}))
def test_a_private_parameter_is_keyword_only_and_optional(name: str) -> None:
    """A parameter named ``_x`` may take a private type because no public caller ever passes it."""
    for function in _signatures(getattr(treaty, name)):
        for parameter in inspect.signature(function).parameters.values():
            if parameter.name.startswith("_"):
                assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (function, parameter)
                assert parameter.default is not inspect.Parameter.empty, (function, parameter)


def test_every_public_name_has_a_home_and_resolves() -> None:
    assert set(treaty.__all__) == {*treaty._HOMES, "__version__"}  # noqa: SLF001  # the lazy table itself
    for name in treaty.__all__:
        getattr(treaty, name)


@pytest.mark.parametrize("name", sorted(set(treaty.__all__) - {"__version__"}))
def test_a_public_name_takes_and_returns_public_types_only(name: str) -> None:
    assert _private_types(name) == set()


def test_importing_treaty_imports_none_of_its_modules() -> None:
    """`treaty validate` pays for what it uses: public names are imported on first use."""
    code = "import sys, treaty; print(sorted(m for m in sys.modules if m.partition('.')[0] == 'treaty'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['treaty', 'treaty._version']"


@pytest.mark.parametrize(
    "error",
    [
        exceptions.UsageError("bad", hint="fix"),
        exceptions.ConfigError("bad", path="pyproject.toml"),
        exceptions.RegistryError("bad", family="dome", version="0.1.0"),
        exceptions.ExportError("bad", family="dome"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_raised_through_a_generator_context_manager_stays_itself(error: Exception) -> None:
    @contextlib.contextmanager
    def around() -> Iterator[None]:
        yield

    with pytest.raises(type(error)) as caught, around():
        raise error
    assert caught.value is error
    assert caught.value.__traceback__ is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        error.message = "changed"  # type: ignore[attr-defined]
