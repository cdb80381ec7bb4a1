"""The pytest plugin: one test item per compatibility fixture, cross-document set and behaviour vector.

Registered through the ``pytest11`` entry point. It does nothing unless the ``pyproject.toml`` pytest reads
has a ``[tool.pytest-treaty]`` table.
"""

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import pytest
from treaty import Vector

from pytest_treaty._config import ConfigError, FamilyPlan, Settings, Target, load_settings
from pytest_treaty._fields import summary, unnamed, unreported
from pytest_treaty._sources import (
    SETS,
    Fixture,
    FixturesError,
    FixtureSet,
    describe,
    iter_fixtures,
    iter_sets,
    iter_vectors,
    same_line,
    version_key,
)

_SETTINGS: Final = pytest.StashKey[Settings]()
_MARKER: Final = "treaty"

Role = Literal["adopted", "compatibility", "pending"]


class FixtureMismatchError(AssertionError):
    """The integrator's code disagrees with a fixture's or vector's verdict."""


@dataclass(frozen=True)
class _Run:
    """How one version of a family is run: its role, and whether only valid fixtures are."""

    version: str
    role: Role


def _runs(plan: FamilyPlan) -> list[_Run]:
    """Return the versions to run: the adopted one, older ones readers must still accept, and newer ones."""
    adopted = version_key(plan.adopted)
    runs = []
    for version in plan.versions:
        if version == plan.adopted:
            runs.append(_Run(version, "adopted"))
        elif version_key(version) > adopted:
            runs.append(_Run(version, "pending"))
        elif same_line(version, plan.adopted):
            runs.append(_Run(version, "compatibility"))
    return runs


def pytest_configure(config: pytest.Config) -> None:
    """Read ``[tool.pytest-treaty]``; stay inert without it, stop with a usage error when it is wrong."""
    try:
        settings = load_settings(config.inipath, config.rootpath)
    except ConfigError as error:
        raise pytest.UsageError(f"pytest-treaty: {error}") from None
    if settings is None:
        return
    config.stash[_SETTINGS] = settings
    config.addinivalue_line("markers", f"{_MARKER}: a Treaty compatibility fixture or vector (pytest-treaty)")


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Name each family's adopted version and the versions run besides it."""
    settings = config.stash.get(_SETTINGS, None)
    if settings is None:
        return []
    lines = []
    for plan in settings.families:
        others = [f"{run.version} ({run.role})" for run in _runs(plan) if run.role != "adopted"]
        lines.append(
            f"treaty: {plan.family} adopted {plan.adopted}"
            + (f"; also {', '.join(others)}" if others else "")
        )
    return lines


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the items of the configured families (first, so ``-k``, ``-m`` and ``--deselect`` apply to them)."""
    settings = config.stash.get(_SETTINGS, None)
    if settings is None:
        return
    try:
        added = [item for plan in settings.families for item in _family_items(session, settings, plan)]
    except FixturesError as error:
        raise pytest.UsageError(f"pytest-treaty: {error}") from None
    items.extend(added)
    # items added here were not collected from a file: report them, so "collected N items" counts them
    config.hook.pytest_collectreport(
        report=pytest.CollectReport(nodeid="", outcome="passed", longrepr=None, result=list(added))
    )


def _family_items(session: pytest.Session, settings: Settings, plan: FamilyPlan) -> Iterator[pytest.Item]:
    missing: dict[str, Path] = {}
    for run in _runs(plan):
        pending = f"pending: not adopted yet (adopted {plan.adopted})" if run.role == "pending" else None
        only_valid = run.role == "compatibility"
        for fixture in iter_fixtures(
            plan.family, run.version, valid=True if only_valid else None, fixtures_dir=settings.fixtures_dir
        ):
            adapter = settings.adapters.get((plan.family, fixture.kind))
            if adapter is None:
                missing.setdefault(fixture.kind, fixture.path.parent.parent)
                continue
            item = FixtureItem.from_parent(
                session, fixture=fixture, target=adapter, role=run.role, check_field=settings.check_field
            )
            yield _mark(item, pending)
        sets = settings.adapters.get((plan.family, SETS))
        for fixture_set in iter_sets(
            plan.family, run.version, valid=True if only_valid else None, fixtures_dir=settings.fixtures_dir
        ):
            if sets is None:
                missing.setdefault(SETS, fixture_set.path.parent.parent)
                break
            set_item = SetItem.from_parent(
                session, fixture_set=fixture_set, target=sets, role=run.role, check_field=settings.check_field
            )
            yield _mark(set_item, pending)
        if only_valid:
            continue
        for vector in iter_vectors(plan.family, run.version, fixtures_dir=settings.fixtures_dir):
            function = settings.functions.get((plan.family, vector.function))
            if function is None:
                missing.setdefault(f"vectors/{vector.function}", plan.root.parent / vector.file)
                continue
            vector_item = VectorItem.from_parent(
                session, vector=vector, target=function, path=plan.root.parent / vector.file
            )
            yield _mark(vector_item, pending)
    for name, where in sorted(missing.items()):
        table = "functions" if name.startswith("vectors/") else "adapters"
        key = f"{plan.family}/{name.removeprefix('vectors/')}"
        what = "function" if table == "functions" else "adapter"
        yield MissingItem.from_parent(
            session,
            name=f"{plan.family}/{name}",
            nodeid=f"{plan.family}/{name}",
            path=where,
            reason=f'no {what} for {key}: add "{key}" = "module:callable" under [tool.pytest-treaty.{table}]',
        )


def _mark(item: pytest.Item, pending: str | None) -> pytest.Item:
    item.add_marker(_MARKER)
    if pending is not None:
        item.add_marker(pytest.mark.xfail(reason=pending, strict=False, raises=FixtureMismatchError))
    return item


class _ContractItem(pytest.Item):
    """A test item whose failure is a contract mismatch, reported without plugin tracebacks."""

    def explain(self) -> str:
        """Return the lines that say which fixture or vector failed, and where."""
        raise NotImplementedError

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        """Show the mismatch and what it concerns; any other error as pytest would."""
        if isinstance(excinfo.value, FixtureMismatchError):
            return f"{excinfo.value}\n{self.explain()}"
        return str(super().repr_failure(excinfo, style))


class _VerdictItem(_ContractItem):
    """Documents given to the integrator's adapter: accepted when the contract says valid, else rejected.

    A subclass names its documents in messages (``noun``), hands the adapter its payload and judges a rejection.
    """

    noun: str
    refused_valid: str
    """What a message calls a valid subject the strict loader refuses."""

    def __init__(
        self,
        *,
        subject: Fixture | FixtureSet,
        target: Target,
        role: Role,
        check_field: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=subject.id, nodeid=subject.id, path=subject.path, **kwargs)
        self.subject = subject
        self.target = target
        self.role = role
        self.check_field = check_field
        if subject.refused is not None and not subject.valid:
            reason = f"refused by Treaty's strict loader, the adapter is not called: {subject.refused}"
            self.add_marker(pytest.mark.skip(reason=reason))

    def payload(self) -> Any:
        """Return what the adapter is called with."""
        raise NotImplementedError

    def judge_rejection(self, error: Exception) -> None:
        """Raise `FixtureMismatchError` when an invalid subject's rejection does not say what the contract states."""
        raise NotImplementedError

    def runtest(self) -> None:
        """Call the adapter and compare its verdict with the contract's."""
        subject = self.subject
        if subject.refused is not None:  # only a valid one gets here: invalid ones are marked skip
            raise FixtureMismatchError(
                f"Treaty's strict loader refuses {self.refused_valid}: {subject.refused}"
            )
        try:
            self.target.call(self.payload())
        except Exception as error:  # any exception is the adapter's rejection
            if subject.valid:
                raise FixtureMismatchError(
                    f"valid {self.noun} rejected by {self.target.spec}: {summary(error)}"
                ) from error
            self.judge_rejection(error)
            return
        if not subject.valid:
            raise FixtureMismatchError(
                f"invalid {self.noun} accepted by {self.target.spec}; the contract rejects it with {describe(subject.errors)}"
            )


class FixtureItem(_VerdictItem):
    """A fixture document passed to the integrator's adapter: valid ones accepted, invalid ones rejected."""

    noun = "fixture"
    refused_valid = "this valid fixture"

    def __init__(self, *, fixture: Fixture, **kwargs: Any) -> None:
        """Build the item of one fixture (use ``from_parent``)."""
        super().__init__(subject=fixture, **kwargs)
        self.fixture = fixture
        self._unnamed = False  # check-field: the rejection did not name a stated field

    def payload(self) -> Any:
        """Return the fixture's document."""
        return self.fixture.data

    def judge_rejection(self, error: Exception) -> None:
        """Fail, with ``check-field``, unless the rejection names every stated field."""
        if self.check_field:
            self._check_field(error)

    def _check_field(self, error: Exception) -> None:
        """Fail unless the rejection names every field the fixture states (``check-field = true``)."""
        missing = unnamed(error, (pointer for pointer, _ in self.fixture.errors))
        if not missing:
            return
        stated = ", ".join(
            f"{pointer} [{rule}]" for pointer, rule in sorted(self.fixture.errors) if pointer in missing
        )
        self._unnamed = True
        raise FixtureMismatchError(
            f"invalid fixture rejected by {self.target.spec} without naming {stated}; it reported: {summary(error)}"
        ) from error

    def explain(self) -> str:
        """Return the fixture's description and file, and what to do."""
        hint = f"make {self.target.spec} agree with the contract ({self.role} version {self.fixture.version})"
        if self._unnamed:
            hint += (
                "; check-field is on: report the field in the error (a pydantic error located at it, or its"
                " JSON pointer or key in the message)"
            )
        return f"  fixture: {self.fixture.description}\n  file: {self.fixture.path}\n  hint: {hint}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point reports at the fixture file."""
        return self.path, 0, self.fixture.id


class SetItem(_VerdictItem):
    """A folder of documents passed to the integrator's set adapter at once: valid sets accepted, invalid ones rejected for their stated rules."""

    noun = "set"
    refused_valid = "a document of this valid set"

    def __init__(self, *, fixture_set: FixtureSet, **kwargs: Any) -> None:
        """Build the item of one set (use ``from_parent``)."""
        super().__init__(subject=fixture_set, **kwargs)
        self.fixture_set = fixture_set

    def payload(self) -> Any:
        """Return every document of the set, by file name."""
        return dict(self.fixture_set.documents)

    def judge_rejection(self, error: Exception) -> None:
        """Fail unless the rejection names each stated rule id (and, with ``check-field``, each file and field)."""
        missing = unreported(error, self.fixture_set.errors, check_field=self.check_field)
        if missing:
            raise FixtureMismatchError(
                f"invalid set rejected by {self.target.spec} without reporting {describe(missing)}; it reported: {summary(error)}"
            ) from error

    def explain(self) -> str:
        """Return the set's description and folder, and what to do."""
        hint = f"make {self.target.spec} agree with the contract ({self.role} version {self.fixture_set.version})"
        if not self.fixture_set.valid:
            hint += "; a rejection must name each stated rule id in its message"
            if self.check_field:
                hint += ", with the file name and the field (check-field is on)"
        return f"  set: {self.fixture_set.description}\n  folder: {self.fixture_set.path}\n  hint: {hint}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point reports at the set's folder."""
        return self.path, 0, self.fixture_set.id


class VectorItem(_ContractItem):
    """A behaviour vector passed to the integrator's implementation of the contract function."""

    def __init__(self, *, vector: Vector, target: Target, **kwargs: Any) -> None:
        """Build the item of one vector (use ``from_parent``)."""
        name = f"{vector.family}/{vector.version}/vectors/{vector.function}/{vector.name}"
        super().__init__(name=name, nodeid=name, **kwargs)
        self.vector = vector
        self.target = target

    def runtest(self) -> None:
        """Call the function with the vector's input and compare with its output or refusal."""
        vector = self.vector
        found = vector.mismatch(self.target.call)
        if found is None:
            return
        if found.refusal is not None:
            raise FixtureMismatchError(
                f"expected {vector.output!r}, but {self.target.spec} refused the input: {summary(found.refusal)}"
            ) from found.refusal
        if vector.error is not None:
            raise FixtureMismatchError(
                f"expected a refusal ({vector.error}), but {self.target.spec} returned {found.returned!r}"
            )
        raise FixtureMismatchError(
            f"expected {vector.output!r}, but {self.target.spec} returned {found.returned!r}"
        )

    def explain(self) -> str:
        """Return the vector's description, input and place."""
        vector = self.vector
        return f"  vector: {vector.description}\n  input: {vector.input!r}\n  file: {self.path}:{vector.line}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point reports at the vector's line."""
        return self.path, self.vector.line - 1, self.name


class MissingItem(pytest.Item):
    """A kind or contract function without an integrator callable: skipped once, with the fix."""

    def __init__(self, *, reason: str, **kwargs: Any) -> None:
        """Build the item (use ``from_parent``)."""
        super().__init__(**kwargs)
        self.add_marker(_MARKER)
        self.add_marker(pytest.mark.skip(reason=reason))

    def runtest(self) -> None:
        """Never called: the item is marked skip."""

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point reports at the fixtures' folder."""
        return self.path, 0, self.name


@pytest.fixture
def treaty_fixtures(request: pytest.FixtureRequest) -> Callable[..., Iterator[Fixture]]:
    """Return `iter_fixtures` reading the fixtures the configuration names (``fixtures-dir`` or the installed ones).

    Call it as ``treaty_fixtures("dome", version=None, kind="task_spec", valid=True)``.
    """
    settings = request.config.stash.get(_SETTINGS, None)
    return functools.partial(iter_fixtures, fixtures_dir=settings.fixtures_dir if settings else None)


@pytest.fixture
def treaty_vectors(request: pytest.FixtureRequest) -> Callable[..., Iterator[Vector]]:
    """Return `iter_vectors` reading the vectors the configuration names (``fixtures-dir`` or the installed ones).

    Call it as ``treaty_vectors("dome", function="fingerprint_hash")``.
    """
    settings = request.config.stash.get(_SETTINGS, None)
    return functools.partial(iter_vectors, fixtures_dir=settings.fixtures_dir if settings else None)
