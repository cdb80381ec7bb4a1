"""Each models package lists its public names once: in the ``__all__`` of the module that defines them.

``models/__init__.py``, ``enums/__init__.py`` and the package's ``__init__.py`` re-export those lists with
star imports and assemble their own ``__all__`` from them at run time, so a model or enum is declared in one
place. These tests hold that together: every public class of ``models/`` and ``enums/`` is exported, exactly
once, and nothing private is; a new model left out of its module's ``__all__`` fails here.
"""

import ast
import importlib
import inspect
import pkgutil
from collections import Counter
from collections.abc import Iterator
from types import ModuleType

import pytest
import treaty_cwom_models
from treaty_change_control_models.models import model_day_close
from treaty_xtrl_models import enums as xtrl_enums

from .conftest import ROOT

PACKAGES = sorted(path.name for path in ROOT.glob("packages/treaty-*-models/src/treaty_*_models"))
SUBPACKAGES = ("models", "enums")
NOT_EXPORTED = {
    "treaty_dome_models.models.model_contract_inputs.ModelGuardDenialInput": (
        "the input of record_guard_denial, used by the contract functions only; exporting it changes the "
        "public surface (tests/__snapshots__/test_surface.ambr)"
    ),
}
"""Public classes deliberately left out of their module's ``__all__``, each with the reason."""


def _leaves(package: str, subpackage: str) -> list[ModuleType]:
    """Return the modules of ``models/`` (or ``enums/``), in file-name order."""
    parent = importlib.import_module(f"{package}.{subpackage}")
    return [
        importlib.import_module(f"{parent.__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(parent.__path__), key=lambda info: info.name)
    ]


def _duplicates(names: list[str]) -> list[str]:
    return sorted(name for name, count in Counter(names).items() if count > 1)


def _leaf_problems(module: ModuleType) -> Iterator[str]:
    names = getattr(module, "__all__", None)
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        yield f"{module.__name__} declares no __all__ list of names"
        return
    yield from (f"{module.__name__}.__all__ repeats {name}" for name in _duplicates(names))
    for name in names:
        value = getattr(module, name, None)
        if name.startswith("_"):
            yield f"{module.__name__}.__all__ exports the private {name}"
        elif value is None:
            yield f"{module.__name__}.__all__ names {name}, which the module does not define"
        elif (inspect.isclass(value) or inspect.isfunction(value)) and value.__module__ != module.__name__:
            yield f"{module.__name__}.__all__ names {name}, defined in {value.__module__}: export it there"
    yield from _unlisted_classes(module, names)


def _unlisted_classes(module: ModuleType, names: list[str]) -> Iterator[str]:
    """Yield each public class the module defines and leaves out of its ``__all__`` (bar NOT_EXPORTED)."""
    for name, value in vars(module).items():
        qualified = f"{module.__name__}.{name}"
        if not inspect.isclass(value) or value.__module__ != module.__name__ or name.startswith("_"):
            continue
        if qualified in NOT_EXPORTED:
            if name in names:
                yield f"{qualified} is exported: remove it from NOT_EXPORTED"
        elif name not in names:
            yield f"{qualified} is public but missing from {module.__name__}.__all__"


def _problems(package_name: str) -> list[str]:
    """Return what is wrong with the package's public names, or nothing."""
    package = importlib.import_module(package_name)
    problems: list[str] = []
    declared: dict[str, object] = {}
    for subpackage_name in SUBPACKAGES:
        subpackage = importlib.import_module(f"{package_name}.{subpackage_name}")
        expected: list[str] = []
        for leaf in _leaves(package_name, subpackage_name):
            problems += _leaf_problems(leaf)
            expected += getattr(leaf, "__all__", [])
            declared |= {name: getattr(leaf, name, None) for name in getattr(leaf, "__all__", [])}
        if sorted(subpackage.__all__) != sorted(expected):
            problems.append(
                f"{subpackage.__name__}.__all__ is not its modules' __all__: "
                f"missing {sorted(set(expected) - set(subpackage.__all__))}, "
                f"extra {sorted(set(subpackage.__all__) - set(expected))}"
            )
    exported = list(package.__all__)
    problems += (f"{package_name}.__all__ repeats {name}" for name in _duplicates(exported))
    problems += (
        f"{package_name}.__all__ lacks {name}, which its module declares"
        for name in sorted(set(declared) - set(exported))
    )
    for name in exported:
        if name.startswith("_") and name != "__version__":
            problems.append(f"{package_name}.__all__ exports the private {name}")
        elif not hasattr(package, name):
            problems.append(f"{package_name}.__all__ names {name}, which the package does not have")
        elif name in declared and getattr(package, name) is not declared[name]:
            problems.append(f"{package_name}.{name} is not the object its module declares")
        elif name not in declared and inspect.isclass(value := getattr(package, name)):
            problems.append(
                f"{package_name}.__all__ names the class {name} ({value.__module__}), which no module's __all__ declares"
            )
    return problems


def _assigns_all(node: ast.stmt) -> bool:
    """Tell whether a top-level statement sets or extends ``__all__`` (``__all__ = ...``, ``+=``, ``.extend``)."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        targets = [node.value.func.value] if isinstance(node.value.func, ast.Attribute) else []
    else:
        return False
    return any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets)


def _names(module: ModuleType) -> list[str]:
    """Return the module's ``__all__`` (which type checkers do not see in the ``__init__.py`` files)."""
    names: list[str] = module.__all__
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_class_is_exported_once_and_nothing_private(package: str) -> None:
    assert _problems(package) == []


def test_every_models_package_is_checked() -> None:
    assert {
        "treaty_change_control_models",
        "treaty_cwom_models",
        "treaty_dome_models",
        "treaty_xtrl_models",
    } <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_type_checkers_read_the_lists(package: str) -> None:
    """A type checker reads a literal ``__all__`` only; a computed one would hide every star import from mypy.

    So each module's ``__all__`` is a list of string literals, and the ``__init__.py`` files assemble theirs
    under ``if not TYPE_CHECKING:`` only, where mypy and pyright treat star-imported names as exported.
    """
    folder = ROOT / "packages" / package.replace("_", "-") / "src" / package
    paths = sorted(folder.glob("*/*.py"))
    assert len(paths) > len(SUBPACKAGES)
    for path in [folder / "__init__.py", *paths]:
        statements = [node for node in ast.parse(path.read_text(encoding="utf-8")).body if _assigns_all(node)]
        if path.name == "__init__.py":
            assert statements == [], f"{path}: __all__ set outside `if not TYPE_CHECKING:`"
            continue
        assert len(statements) == 1, f"{path}: one __all__, set once"
        (statement,) = statements
        assert isinstance(statement, ast.Assign), path
        assert isinstance(statement.value, ast.List), path
        assert all(
            isinstance(item, ast.Constant) and isinstance(item.value, str) for item in statement.value.elts
        ), path


def _without(names: list[str], name: str) -> list[str]:
    assert name in names
    return [n for n in names if n != name]


def test_a_model_left_out_of_its_module_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_day_close, "__all__", _without(_names(model_day_close), "ModelDayCloseRisk"))
    assert _problems("treaty_change_control_models") == [
        f"{model_day_close.__name__}.ModelDayCloseRisk is public but missing from {model_day_close.__name__}.__all__",
        "treaty_change_control_models.models.__all__ is not its modules' __all__: missing [], extra ['ModelDayCloseRisk']",
        f"treaty_change_control_models.__all__ names the class ModelDayCloseRisk ({model_day_close.__name__}), which no module's __all__ declares",
    ]


def test_a_name_dropped_from_a_subpackage_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xtrl_enums, "__all__", _without(_names(xtrl_enums), "EnumGuardStatus"))
    assert _problems("treaty_xtrl_models") == [
        "treaty_xtrl_models.enums.__all__ is not its modules' __all__: missing ['EnumGuardStatus'], extra []"
    ]


def test_a_name_dropped_from_the_package_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(treaty_cwom_models, "__all__", _without(_names(treaty_cwom_models), "EnumRunMode"))
    assert _problems("treaty_cwom_models") == [
        "treaty_cwom_models.__all__ lacks EnumRunMode, which its module declares"
    ]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ("_ModelRef", "treaty_cwom_models.__all__ exports the private _ModelRef"),
        ("ModelRun", "treaty_cwom_models.__all__ repeats ModelRun"),
        (
            "BaseModel",
            "treaty_cwom_models.__all__ names the class BaseModel (pydantic.main), which no module's __all__ declares",
        ),
    ],
)
def test_a_private_repeated_or_foreign_name_fails(
    monkeypatch: pytest.MonkeyPatch, extra: str, problem: str
) -> None:
    monkeypatch.setattr(treaty_cwom_models, "_ModelRef", object(), raising=False)
    monkeypatch.setattr(treaty_cwom_models, "__all__", [*_names(treaty_cwom_models), extra])
    assert _problems("treaty_cwom_models") == [problem]


def test_an_exported_exception_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry of NOT_EXPORTED that gets exported is stale: the list says why a class is left out."""
    (qualified,) = NOT_EXPORTED
    module_name, _, name = qualified.rpartition(".")
    module = importlib.import_module(module_name)
    monkeypatch.setattr(module, "__all__", [*_names(module), name])
    assert f"{qualified} is exported: remove it from NOT_EXPORTED" in _problems(module_name.partition(".")[0])
