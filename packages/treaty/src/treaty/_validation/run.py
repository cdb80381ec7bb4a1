"""Validation runs: expand inputs into files, load each strictly, select its schema, validate, apply policy."""

import gc
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeAlias

from treaty._documents.document import MAX_BYTES, Document, DocumentLoadError, Path_, is_json, read_path
from treaty._documents.findings import Finding, Severity, pointer_of
from treaty._documents.unknown import UnknownValueError, independent, poisoned
from treaty._speed.fast import UNSURE, FastSchemas, quick_load
from treaty._validation.policies import rules_for, set_rules_for
from treaty._validation.select import SchemaRef, Selection, Selector
from treaty._validation.vocabulary import PREFIX, Functions, RuleHit, Vocabulary

if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

    from treaty._speed.cache import Cache
    from treaty._validation.catalog import Catalog
    from treaty._validation.validator import Validator


@dataclass(frozen=True)
class FileResult:
    """The verdict on one file."""

    file: str
    schema: str
    findings: tuple[Finding, ...]

    def failed(self, *, strict: bool) -> bool:
        """Whether this file fails the run (warnings count only when ``strict``)."""
        return any(f.severity is Severity.ERROR or strict for f in self.findings)


@dataclass
class Report:
    """The verdicts of one run, in input order."""

    results: list[FileResult] = field(default_factory=list)
    strict: bool = False

    @property
    def invalid(self) -> list[FileResult]:
        """Return the results that fail the run."""
        return [r for r in self.results if r.failed(strict=self.strict)]

    def count(self, severity: Severity) -> int:
        """Return how many findings of a severity the run has."""
        return sum(1 for r in self.results for f in r.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        """Return 0 when every file passes, else 1."""
        return 1 if self.invalid else 0

    def relative_to(self, root: PurePath) -> "Report":
        """Return the report with every file below ``root`` named relative to it (other names as they are)."""

        def name(file: str) -> str:
            path = PurePath(file)
            return path.relative_to(root).as_posix() if path.is_relative_to(root) else file

        results = [
            FileResult(name(r.file), r.schema, tuple(replace(f, file=name(f.file)) for f in r.findings))
            for r in self.results
        ]
        return Report(results, self.strict)


_CHUNKS_PER_JOB: Final = 32
"""Work is cut into this many chunks per process: small enough that the processes finish together (a worker
holds up to two chunks queued that no one else can take), large enough to cost little to hand over."""


class Meter(Protocol):
    """Shows a run's progress: told how many more files are done, and closed at the end."""

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more files done."""

    def close(self) -> None:
        """Stop showing progress."""


@dataclass(frozen=True)
class _Outcome:
    """One file's verdict, and what the set checks need of it (picklable: it crosses processes)."""

    result: FileResult
    selection: Selection | None = None
    data: Any = None
    valid: bool = True


_Packed: TypeAlias = _Outcome | tuple[str, str, str]
"""A worker's verdict on a file: the outcome, or only the schema chosen for a plain valid file."""


class Runner:
    """Validates files (in parallel with ``jobs``), then applies the cross-document rules to the set."""

    def __init__(
        self,
        selector: Selector,
        validator: "Validator | None" = None,
        *,
        fast: bool = False,
        functions: Mapping[str, Functions] | None = None,
        _cache: "Cache | None" = None,
    ) -> None:
        """Validate with ``validator`` (by default, one over the selector's catalog), choosing with ``selector``.

        ``fast`` lets documents that are certainly valid skip the strict path (same verdicts, faster; see
        `treaty._speed.fast`). ``_cache`` reuses the verdicts of files already seen with the same schemas
        and Treaty version (`treaty._speed.cache`: the command line's). ``functions`` (each family's contract
        functions, by family) makes the ``x-treaty-derived`` rules hold; without them those are annotations.
        """
        self.selector = selector
        self._validator = validator
        self._fast = FastSchemas(selector.catalog.bundled, _conforms) if fast else None
        self._cache = _cache
        self.functions = functions
        self._vocabularies: dict[tuple[str, str, str], Vocabulary | None] = {}

    @classmethod
    def for_validate(
        cls,
        catalog: "Catalog",
        rules: Mapping[str, str] | None = None,
        root: "Path | None" = None,
        *,
        functions: Mapping[str, Functions] | None = None,
        _cache: "Cache | None" = None,
    ) -> "Runner":
        """Return the runner of `treaty validate`: ``[tool.treaty.paths]`` rules, the fast path, the strict path."""
        return cls(Selector(catalog, rules, root), fast=True, functions=functions, _cache=_cache)

    @property
    def validator(self) -> "Validator":
        """Return the strict validator, built when a document first needs it (it imports python-jsonschema)."""
        if self._validator is None:
            from treaty._validation.validator import Validator  # noqa: PLC0415  # not needed by runs the fast path decides

            self._validator = Validator(self.selector.catalog)
        return self._validator

    def run(
        self,
        paths: Sequence[str | None],
        schema: SchemaRef | None = None,
        *,
        strict: bool = False,
        isolated: bool = False,
        jobs: int = 1,
        _progress: "Callable[[int], Meter | None] | None" = None,
    ) -> Report:
        """Validate files (as `treaty._documents.files.expand` names them); unless ``isolated``, also as one set.

        The set is checked by the cross-document rules. ``_progress`` (the command line's) is given the
        number of files and may return a `Meter` to show how far the run is.
        """
        meter = _progress(len(paths)) if _progress else None
        try:
            outcomes = self._outcomes(paths, schema, jobs, meter.advance if meter else lambda _n: None)
        finally:
            if meter:
                meter.close()
        report = Report(strict=strict, results=[o.result for o in outcomes])
        if not isolated and len(outcomes) > 1:
            self._check_the_set(paths, outcomes, report)
        return report

    def _check_the_set(self, paths: Sequence[str | None], outcomes: list[_Outcome], report: Report) -> None:
        """Add the cross-document findings to the results of the documents they point into."""
        from treaty._documents.loader import load_path  # noqa: PLC0415  # PyYAML: see _outcome
        from treaty._validation.collection import Member, cross_check  # noqa: PLC0415  # see _linked

        members, positions = [], []
        for number, (path, outcome) in enumerate(zip(paths, outcomes, strict=True)):
            if path is None or outcome.selection is None or outcome.data is None:
                continue
            # Positions are loaded strictly only if a finding needs one: the data came without them.
            name = outcome.result.file
            document = Document(name, outcome.data, {}, {}, reload=partial(load_path, path, name))
            release = self.selector.catalog.release(outcome.selection.family, outcome.selection.version)
            schema = release.schemas[outcome.selection.kind]
            members.append(Member(document, outcome.selection, schema, valid=outcome.valid))
            positions.append(number)
        for number, extra in cross_check(members).items():
            result = report.results[positions[number]]
            findings = sorted((*result.findings, *extra), key=_in_document_order)
            report.results[positions[number]] = FileResult(result.file, result.schema, tuple(findings))

    def _outcomes(
        self,
        paths: Sequence[str | None],
        schema: SchemaRef | None,
        jobs: int,
        progress: Callable[[int], None],
    ) -> list[_Outcome]:
        found: dict[int, _Outcome] = {}
        keys: dict[int, str] = {}
        if self._cache is not None:
            keys = {n: key for n, path in enumerate(paths) if (key := self._key(path, schema)) is not None}
            stored = self._cache.get_many(keys.values())
            for number, key in keys.items():
                if key in stored:
                    found[number] = self._restored(paths[number], stored[key])
            progress(len(found))
        todo = [n for n in range(len(paths)) if n not in found]
        if jobs > 1 and len(todo) > jobs:
            found.update(self._in_parallel(paths, todo, schema, jobs, progress))
        else:
            for number in todo:
                found[number] = self._outcome(paths[number], schema)
                progress(1)
        if self._cache is not None:
            for number in todo:
                if number in keys:
                    self._cache.put(keys[number], _entry(found[number]))
            self._cache.flush()
        return [found[n] for n in range(len(paths))]

    def _in_parallel(
        self,
        paths: Sequence[str | None],
        todo: list[int],
        schema: SchemaRef | None,
        jobs: int,
        progress: Callable[[int], None],
    ) -> dict[int, _Outcome]:
        size = max(1, len(todo) // (jobs * _CHUNKS_PER_JOB))
        chunks = [todo[start : start + size] for start in range(0, len(todo), size)]
        import multiprocessing  # noqa: PLC0415  # only for --jobs
        from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

        found: dict[int, _Outcome] = {}
        unsure: list[int] = []

        def settle(chunk: list[int], results: list[_Packed | None]) -> None:
            for number, packed in zip(chunk, results, strict=True):
                if packed is None:
                    unsure.append(number)
                else:
                    found[number] = _unpacked(paths[number], packed)
            progress(len(chunk) - results.count(None))

        def explain() -> None:
            """Validate what the workers could not vouch for: only this process loads the strict path."""
            while unsure:
                number = unsure.pop()
                found[number] = self._outcome(paths[number], schema, fast=False)
                progress(1)

        # Forked workers inherit this runner, its compiled schemas and imports: nothing is set up twice.
        global _WORKER  # noqa: PLW0603  # the forked workers' runner
        _WORKER = self
        fork = multiprocessing.get_context("fork")
        gc.freeze()  # what the workers inherit is never collected there, so its pages are not copied
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=fork) as pool:
            futures = {pool.submit(_work, [paths[n] for n in chunk], schema): chunk for chunk in chunks}
            gc.unfreeze()  # the workers are forked: this process collects as before
            # This process is the last worker: between chunks it takes from the end (each one no worker has
            # started: a cancelled future), it explains what the workers' finished chunks could not vouch
            # for, until it meets the workers. Its own chunks cross no process boundary.
            for future, chunk in reversed(list(futures.items())):
                for done in [f for f in futures if f.done() and not f.cancelled()]:
                    settle(futures.pop(done), done.result())
                explain()
                if not future.cancel():
                    break
                del futures[future]
                found.update((n, self._outcome(paths[n], schema)) for n in chunk)
                progress(len(chunk))
            for future in as_completed(list(futures)):
                settle(futures.pop(future), future.result())
                explain()
        return found

    def _key(self, path: str | None, schema: SchemaRef | None) -> str | None:
        if path is None or self._cache is None:
            return None
        chosen = schema or self.selector.by_path(path)
        return self._cache.key_of(path, str(chosen or ""), "json" if is_json(path) else "yaml")

    def _restored(self, path: str | None, entry: dict[str, Any]) -> _Outcome:
        name = "<stdin>" if path is None else path
        findings = tuple(
            Finding(file=name, **{**item, "severity": Severity(item["severity"])})
            for item in entry["findings"]
        )
        result = FileResult(name, entry["schema"], findings)
        selection = entry.get("selection")
        return _Outcome(
            result, Selection(*selection) if selection else None, entry.get("data"), entry.get("valid", True)
        )

    def validate_file(
        self, path: "StrPath | None", schema: SchemaRef | None, display: str | None = None
    ) -> FileResult:
        """Validate one file on its own (None: standard input), naming it ``display`` in findings if given."""
        return self._outcome(path, schema, display).result

    def _outcome(
        self,
        path: "StrPath | None",
        schema: SchemaRef | None,
        display: str | None = None,
        *,
        fast: bool = True,
    ) -> _Outcome:
        """Return one file's verdict: by the fast path when it can vouch for the document, else strictly.

        ``fast=False`` goes straight to the strict path (for a file the fast path already could not vouch for).
        """
        name = display or ("<stdin>" if path is None else PurePath(path).as_posix())
        json = path is not None and is_json(path)
        raw = _read(path, name)
        if isinstance(raw, _Outcome):
            return raw
        if fast and self._fast is not None:
            quick = self._quick(raw, name, path, schema, json=json)
            if quick is not None:
                return quick
        from treaty._documents.loader import load_bytes  # noqa: PLC0415  # PyYAML: not for runs the fast path decides

        try:
            document = load_bytes(raw, name, json=json)
        except DocumentLoadError as error:
            return self._around(error, name, path, schema)
        selection = self.selector.select(document, path, schema)
        if isinstance(selection, Finding):
            return _Outcome(FileResult(document.source, "", (selection,)))
        findings = self.validator.validate(document, selection.family, selection.version, selection.kind)
        if findings:
            return _Outcome(
                FileResult(document.source, selection.label, tuple(findings)),
                selection,
                _linked(selection, document.data),
                valid=False,
            )
        policies = self.policies(document, selection)
        return _Outcome(
            FileResult(document.source, selection.label, tuple(policies)),
            selection,
            _linked(selection, document.data),
        )

    def _around(
        self, error: DocumentLoadError, name: str, path: "StrPath | None", schema: SchemaRef | None
    ) -> _Outcome:
        """Return the verdict on a document with load findings: they, and every finding that stands around them.

        What the loader could not read is unknown (`treaty._documents.unknown`): the schema's findings and the
        rules' hits that may depend on it are left out, so what is reported is certain; the file stays invalid.
        """
        document = error.partial
        try:
            selection = None if document is None else self.selector.select(document, path, schema)
        except DocumentLoadError:
            selection = None
        if document is None or selection is None or isinstance(selection, Finding):
            return _Outcome(FileResult(name, "", error.findings), valid=False)
        doubts: list[Path_] = []
        found = self.validator.validate(
            document, selection.family, selection.version, selection.kind, doubts=doubts
        )
        if not found and not doubts:  # the rules expect what the schema accepts: not judged on a doubt
            found = self.policies(document, selection)
        findings = sorted((*error.findings, *found), key=_in_document_order)
        return _Outcome(FileResult(name, selection.label, tuple(findings)), selection, valid=False)

    def _vouched(self, path: str | None, schema: SchemaRef | None) -> _Outcome | None:
        """Return a file's verdict if it needs no strict path (unreadable, or vouched for), else None."""
        name = "<stdin>" if path is None else PurePath(path).as_posix()
        raw = _read(path, name)
        if isinstance(raw, _Outcome):
            return raw
        if self._fast is None:
            return None
        return self._quick(raw, name, path, schema, json=path is not None and is_json(path))

    def _quick(
        self, raw: bytes, name: str, path: "StrPath | None", schema: SchemaRef | None, *, json: bool
    ) -> _Outcome | None:
        """Return the verdict of a document the fast path vouches for: valid, with no finding; else None."""
        assert self._fast is not None  # noqa: S101  # only called with a fast path
        data = quick_load(raw, json=json)
        if data is UNSURE:
            return None
        document = Document(name, data, {}, {})
        try:
            selection = self.selector.select(document, path, schema)
        except DocumentLoadError:
            return None
        if isinstance(selection, Finding):
            return None
        if not self._fast.is_valid(data, selection.family, selection.version, selection.kind):
            return None
        if next(self._broken_rules(data, selection), None) is not None:
            return None
        return _Outcome(FileResult(name, selection.label, ()), selection, _linked(selection, data))

    def check(self, document: Document, selection: Selection) -> list[Finding]:
        """Return the schema findings of a document, or its policy findings when the schema accepts it."""
        findings = self.validator.validate(document, selection.family, selection.version, selection.kind)
        return findings or self.policies(document, selection)

    def policies(self, document: Document, selection: Selection) -> list[Finding]:
        """Return the findings of the version's rules (its schema's vocabulary, its coded rules) on a schema-valid document."""
        findings: list[Finding] = []
        unknown, uncertain = document.unknown, document.uncertain_keys
        data = poisoned(document.data, unknown) if unknown else document.data
        for hit in self._broken_rules(data, selection):
            if (unknown or uncertain) and not independent(hit.path, hit.rule, unknown, uncertain):
                continue
            line, column = document.locate(hit.path)
            findings.append(
                Finding(
                    document.source,
                    line,
                    column,
                    pointer_of(hit.path),
                    hit.rule,
                    hit.message,
                    hint=hit.hint,
                    severity=hit.severity,
                    schema=selection.label,
                ),
            )
        return sorted(findings, key=_in_document_order)

    def _vocabulary(self, family: str, version: str, kind: str) -> Vocabulary | None:
        """Return the rule vocabulary of one schema, or None when it names none (found without python-jsonschema)."""
        key = (family, version, kind)
        if key not in self._vocabularies:
            bundled = self.selector.catalog.bundled(family, version, kind)
            uses = bundled is not None and f'"{PREFIX}' in json.dumps(bundled)
            self._vocabularies[key] = (
                Vocabulary(self.validator.compiled(family, version, kind)) if uses else None
            )
        return self._vocabularies[key]

    def _broken_rules(self, data: Any, selection: Selection) -> Iterator[RuleHit]:
        """Yield every rule a schema-valid document breaks: its schema's vocabulary, then the coded rules."""
        family, version, kind = selection.family, selection.version, selection.kind
        vocabulary = self._vocabulary(family, version, kind)
        if vocabulary is not None:
            functions = self.functions.get(family) if self.functions is not None else None
            yield from vocabulary.check(data, functions)
        for rule in rules_for(family, version, kind):
            try:  # a rule that reads a value the loader could not read is not judged (see poisoned)
                broken = list(rule.check(data)) if rule.applies(data) else []
            except UnknownValueError:
                continue
            for path, message, hint in broken:
                yield RuleHit(path, rule.id, rule.severity, message, hint)


def _conforms(value: str, name: str) -> bool:
    """Return whether a string has a ``format``, as the strict path reads it (the fast path's format check)."""
    from treaty._validation.validator import ContractValidator  # noqa: PLC0415  # jsonschema only once a format is met

    return bool(ContractValidator.FORMAT_CHECKER.conforms(value, name))


def _in_document_order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.line, finding.column, finding.pointer, finding.rule)


_WORKER: Runner | None = None


def _work(paths: list[str | None], schema: SchemaRef | None) -> list[_Packed | None]:
    """Return a worker's verdicts: each file's if the fast path vouches for it, else None (the parent explains)."""
    assert _WORKER is not None  # noqa: S101  # set before the pool forks
    vouched = _WORKER._vouched  # noqa: SLF001  # this process's copy of the parent's runner
    return [None if (o := vouched(path, schema)) is None else _packed(path, o) for path in paths]


def _read(path: "StrPath | None", name: str) -> "bytes | _Outcome":
    """Return a file's bytes (standard input for None), or the verdict on a file that cannot be read."""
    try:  # read one byte past the limit: enough to refuse a huge input without holding it
        return sys.stdin.buffer.read(MAX_BYTES + 1) if path is None else read_path(path, name)
    except DocumentLoadError as error:
        return _Outcome(FileResult(name, "", error.findings))


def _packed(path: str | None, outcome: _Outcome) -> _Packed:
    """Return what a worker sends back: for most files (valid, nothing to carry) only the schema chosen.

    Results cross a process boundary as pickles, which the parent reads while it validates files of its
    own: three shared strings instead of four objects per file keep that off the parallel run's time.
    """
    selection, result = outcome.selection, outcome.result
    plain = (
        selection is not None
        and outcome.valid
        and outcome.data is None
        and not result.findings
        and result.schema == selection.label
        and path is not None
        and result.file == PurePath(path).as_posix()
    )
    return (selection.family, selection.kind, selection.version) if plain and selection else outcome


def _unpacked(path: str | None, packed: _Packed) -> _Outcome:
    if isinstance(packed, _Outcome):
        return packed
    selection = Selection(*packed)
    return _Outcome(FileResult(PurePath(path or "").as_posix(), selection.label, ()), selection)


def _linked(selection: Selection, data: Any) -> Any:
    """Return the data the set checks need (a document of a family with set rules), else None (nothing to carry)."""
    return data if set_rules_for(selection.family) else None


def _entry(outcome: _Outcome) -> dict[str, Any]:
    selection = outcome.selection
    return {
        "schema": outcome.result.schema,
        "findings": [{k: v for k, v in asdict(f).items() if k != "file"} for f in outcome.result.findings],
        "selection": [selection.family, selection.kind, selection.version] if selection else None,
        "data": outcome.data,
        "valid": outcome.valid,
    }
