"""The ``treaty onex`` command group: ONEX change control's merge gates over a repository of ticket contracts.

Phase 1 (``contract``): the ticket's contract exists, is valid, and is named by its ``ticket_id``. Phase 2
(``surfaces``): the paths a git range changes, mapped to interface surfaces by the family's contract function
``surfaces_of_paths``, are declared by the contract. Phase 3 (``evidence run`` and ``evidence audit``): the
contract's evidence checks ran and passed, recorded in an evidence report. ``migrate`` moves an origin
contract of the later shape to 1.3.0. An enabled emergency bypass turns the failures of phases 2 and 3 into
warnings, and every run that uses one says so.

The toolkit names no family, so the family brings this group itself: Treaty finds it through the
``treaty.commands`` entry point and imports it only when ``treaty onex`` runs. It is a toolkit plugin, never
imported by the family's own code, so it may use the toolkit's modules.
"""

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from treaty._documents.atomic import write_atomic
from treaty._documents.document import DocumentLoadError
from treaty._documents.findings import Finding, Severity, pointer_of
from treaty._documents.loader import load_path, load_text
from treaty._reporting.github import annotation
from treaty._reporting.outcome import Problem
from treaty._validation.catalog import Catalog, render_json
from treaty._validation.run import Runner
from treaty._validation.select import SchemaRef
from treaty._version import __version__ as treaty_version
from treaty.exceptions import UsageError

FAMILY: Final = "change_control"
CONTRACTS: Final = "contracts"
SURFACE_MAP: Final = "interface_surfaces.yaml"
BRANCH_PATTERN: Final = r"([A-Z][A-Z0-9]*-[0-9]+)"
"""The default ticket id in a branch name (``feature/OCC-12-events`` gives ``OCC-12``): its first group."""
REPORTS: Final = "evidence"
FORMATS: Final = ("text", "json", "github")
BASE_ENVIRONMENT: Final = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
"""What an evidence command gets from Treaty's environment besides ``--pass-env``: enough to find programs."""
KILL_GRACE: Final = 5.0
"""Seconds a timed-out command's process group has between SIGTERM and SIGKILL."""


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``treaty onex`` and its subcommands."""
    onex = commands.add_parser(
        "onex", help="ONEX change control gates: contract, surfaces, evidence, migrate"
    )
    sub = onex.add_subparsers(title="subcommands", required=True, metavar="SUBCOMMAND", dest="onex")

    contract = sub.add_parser(
        "contract", help="phase 1: the ticket's contract exists, is valid and well named"
    )
    _ticket_options(contract)
    contract.add_argument(
        "--seam", action="store_true", help="the ticket is a seam ticket (its PR has the label)"
    )
    contract.add_argument(
        "--write-template", action="store_true", help="write a filled contract for a missing one, then fail"
    )
    contract.set_defaults(handler=_contract)

    surfaces = sub.add_parser("surfaces", help="phase 2: interface surfaces a git range changes are declared")
    _ticket_options(surfaces)
    surfaces.add_argument(
        "--range", dest="git_range", metavar="BASE..HEAD", help="the changes (default: merge-base..HEAD)"
    )
    surfaces.add_argument(
        "--default-branch", metavar="REF", help="the merge-base's branch (default: origin/HEAD, main, master)"
    )
    surfaces.add_argument(
        "--map", type=Path, metavar="FILE", help=f"the surface map (default: {SURFACE_MAP})"
    )
    surfaces.set_defaults(handler=_surfaces)

    evidence = sub.add_parser("evidence", help="phase 3: run or audit the contract's evidence checks")
    modes = evidence.add_subparsers(title="modes", required=True, metavar="MODE", dest="mode")
    run = modes.add_parser("run", help="run the checks (only with --allow-run) and write the evidence report")
    _ticket_options(run)
    _report_option(run)
    run.add_argument("--allow-run", action="store_true", help="allow the contract's commands to run")
    run.add_argument(
        "--pass-env", action="append", default=[], metavar="NAME", help="also give the commands this variable"
    )
    run.set_defaults(handler=_evidence_run)
    audit = modes.add_parser(
        "audit", help="check an existing evidence report against the contract; runs nothing"
    )
    _ticket_options(audit)
    _report_option(audit)
    audit.set_defaults(handler=_evidence_audit)

    migrate = sub.add_parser(
        "migrate", help="move an origin contract (title, dod_evidence) to change_control 1.3.0"
    )
    migrate.add_argument("source", type=Path, metavar="FILE", help="the origin contract")
    migrate.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="where to write it (default: FILE)"
    )
    migrate.set_defaults(handler=_migrate)


def _ticket_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=Path, default=Path(), metavar="DIR", help="the repository (default: .)"
    )
    parser.add_argument("--ticket", metavar="ID", help="the ticket (default: from the branch name)")
    parser.add_argument(
        "--branch", metavar="NAME", help="the branch to read the ticket from (default: git's)"
    )
    parser.add_argument(
        "--branch-pattern", default=BRANCH_PATTERN, metavar="REGEX", help="its first group is the ticket id"
    )
    parser.add_argument(
        "--contracts", default=CONTRACTS, metavar="DIR", help=f"below the root (default: {CONTRACTS})"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")


def _report_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report", type=Path, metavar="FILE", help=f"the evidence report (default: {REPORTS}/<ticket>.json)"
    )


@dataclass
class Outcome:
    """What a gate found: its findings, the bypass it used, and facts for the JSON output."""

    findings: list[Finding] = field(default_factory=list)
    bypass: dict[str, Any] | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    def bypassed(self) -> None:
        """Turn the errors into warnings: the contract's enabled bypass covers this gate."""
        self.findings = [replace(f, severity=Severity.WARNING) for f in self.findings]


# --- the repository, the ticket and its contract ---------------------------------------------------------------


def _git(root: Path, *words: str) -> str:
    try:
        done = subprocess.run(  # noqa: S603  # fixed git subcommands; refs are arguments, never a shell
            ["git", *words],  # noqa: S607  # git as PATH finds it, like the developer's own
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except OSError as error:
        raise UsageError(f"git could not run: {error}", hint="install git, or put it on PATH") from None
    if done.returncode:
        raise UsageError(
            f"git {' '.join(words)} failed: {done.stderr.strip()}",
            hint="run in a git repository (--root), with the refs the command names fetched",
        )
    return done.stdout


def _ticket(args: argparse.Namespace, root: Path) -> str:
    if args.ticket:
        return str(args.ticket)
    branch = args.branch or _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    try:
        found = re.search(args.branch_pattern, branch)
    except re.error as error:
        raise UsageError(
            f"--branch-pattern {args.branch_pattern!r}: {error}", hint="write a Python regex"
        ) from None
    if found is None:
        raise UsageError(
            f"the branch {branch!r} names no ticket (pattern {args.branch_pattern})",
            hint="name the ticket with --ticket, or the branch after it (feature/OCC-12-...)",
        )
    return found.group(1) if found.groups() else found.group(0)


def _catalog() -> Catalog:
    catalog = Catalog.installed()
    if FAMILY not in catalog.families():
        raise UsageError(
            f"no {FAMILY} schemas are installed", hint="pip install treaty-change-control-schemas"
        )
    return catalog


def _validate(runner: Runner, path: Path, kind: str, display: str) -> list[Finding]:
    return list(runner.validate_file(str(path), SchemaRef(FAMILY, kind), display).findings)


def _validate_data(runner: Runner, data: Any, kind: str, display: str) -> list[Finding]:
    """Validate a document held in memory (a report or a migrated contract) before it is written."""
    document = load_text(render_json(data).decode(), display, json=True)
    selection = runner.selector.select(document, None, SchemaRef(FAMILY, kind))
    if isinstance(selection, Finding):
        return [selection]
    return runner.check(document, selection) + runner.policies(document, selection)


def _contract_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml", ".json"} and p.is_file())


def _display(path: Path) -> str:
    """Return a path as findings name it: relative to the working directory (as ``treaty validate`` does)."""
    with contextlib.suppress(ValueError):  # another drive, on Windows
        return os.path.relpath(path)
    return str(path)


@dataclass
class Contract:
    """The ticket's contract as phase 1 found it: its file and data, or None when missing or invalid."""

    path: Path
    data: dict[str, Any] | None


def _check_contracts(
    args: argparse.Namespace, root: Path, ticket: str, runner: Runner
) -> tuple[Contract, list[Finding]]:
    """Phase 1: every contract valid and named by its ticket id; the ticket's own contract there."""
    folder = root / args.contracts
    _inside(root, folder, "--contracts")
    findings: list[Finding] = []
    mine: Contract | None = None
    for path in _contract_files(folder):
        display = _display(path)
        problems = _validate(runner, path, "ticket_contract", display)
        findings += problems
        try:
            data = load_path(path, display).data
        except DocumentLoadError:
            continue  # reported by the validation above
        ticket_id = data.get("ticket_id") if isinstance(data, dict) else None
        if isinstance(ticket_id, str) and ticket_id != path.stem:
            findings.append(
                Finding(
                    display, 0, 0, "/ticket_id", f"{FAMILY}/file-name-is-ticket-id",
                    f"the contract of {ticket_id} is named {path.name}",
                    f"rename it {ticket_id}{path.suffix}, or fix ticket_id",
                )
            )  # fmt: skip
        if path.stem == ticket:
            valid = not any(p.severity is Severity.ERROR for p in problems)
            mine = Contract(path, data if valid and isinstance(data, dict) else None)
    if mine is None:
        mine = Contract(folder / f"{ticket}.yaml", None)
        findings.append(
            Finding(
                _display(mine.path), 0, 0, "", f"{FAMILY}/contract-missing",
                f"ticket {ticket} has no contract",
                f"create {_display(mine.path)} (--write-template writes a filled one to start from)",
            )
        )  # fmt: skip
    return mine, findings


def _inside(root: Path, path: Path, what: str) -> Path:
    """Return ``path`` resolved; refuse one outside the repository (a link out of it included)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise UsageError(f"{what} {path} is outside the repository {root}", hint="name a path below the root")
    return resolved


def _template(ticket: str, *, seam: bool, version: str) -> str:
    return (
        "# Ticket contract written by `treaty onex contract --write-template`: fill in the summary, the\n"
        "# interfaces and the evidence, then validate it with `treaty onex contract`.\n"
        f'schema_version: "{version}"\n'
        f'ticket_id: "{ticket}"\n'
        'summary: "TODO: one line saying what the ticket changes"\n'
        f"is_seam_ticket: {'true' if seam else 'false'}\n"
        "interface_change: false\n"
        "interfaces_touched: []\n"
        "evidence_requirements: []\n"
        "emergency_bypass:\n"
        "  enabled: false\n"
    )


def _setup(args: argparse.Namespace) -> tuple[Path, str, Catalog, Runner]:
    root = args.root
    if not root.is_dir():
        raise UsageError(f"--root {root}: no such directory", hint="name the repository's folder")
    catalog = _catalog()
    return root, _ticket(args, root), catalog, Runner.for_validate(catalog)


def _contract(args: argparse.Namespace) -> int:
    root, ticket, catalog, runner = _setup(args)
    contract, findings = _check_contracts(args, root, ticket, runner)
    outcome = Outcome(findings, facts={"ticket": ticket, "contract": _display(contract.path)})
    if contract.data is not None and args.seam and contract.data.get("is_seam_ticket") is not True:
        outcome.findings.append(
            Finding(
                _display(contract.path), 0, 0, "/is_seam_ticket", f"{FAMILY}/seam-not-declared",
                f"ticket {ticket} is a seam ticket, but its contract says is_seam_ticket: false",
                "set is_seam_ticket: true (the ticket changes a cross-repository interface)",
            )
        )  # fmt: skip
    if args.write_template and not contract.path.exists():
        version = catalog.versions(FAMILY)[-1]
        _inside(root, contract.path.parent, "--contracts")
        contract.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(contract.path, _template(ticket, seam=args.seam, version=version))
        outcome.facts["written"] = _display(contract.path)
    return _report(outcome, args.format)


# --- phase 2: surfaces -------------------------------------------------------------------------------------------


def changed_paths(root: Path, git_range: str) -> list[str]:
    """Return the paths a range changes: added, modified, deleted, and both sides of a rename or copy."""
    base, dots, head = git_range.partition("...") if "..." in git_range else git_range.partition("..")
    if not dots or not base or not head:
        raise UsageError(f"--range {git_range!r} is not BASE..HEAD", hint="e.g. --range origin/main..HEAD")
    if dots == "...":
        base = _git(root, "merge-base", base, head).strip()
    raw = _git(root, "diff", "--name-status", "-z", "-M", "--no-ext-diff", base, head)
    words = raw.split("\0")
    paths: dict[str, None] = {}
    i = 0
    while i < len(words) and words[i]:
        status = words[i]
        count = 2 if status[:1] in {"R", "C"} else 1
        paths.update(dict.fromkeys(words[i + 1 : i + 1 + count]))
        i += 1 + count
    return list(paths)


def _default_range(root: Path, branch: str | None) -> str:
    candidates = [branch] if branch else ["origin/HEAD", "main", "master"]
    for ref in candidates:
        with contextlib.suppress(UsageError):
            base = _git(root, "merge-base", ref, "HEAD").strip()
            return f"{base}..HEAD"
    raise UsageError(
        f"no merge-base with {' or '.join(candidates)}",
        hint="name the changes with --range BASE..HEAD, or the default branch with --default-branch",
    )


def _function(name: str) -> Callable[[Any], Any]:
    """Return one of the family's contract functions, as the installed models declare them."""
    from treaty._authoring.workspace import model_families  # noqa: PLC0415  # pydantic: only when called

    for family in model_families():
        if family.name == FAMILY and name in family.functions:
            return family.functions[name]
    raise UsageError(
        f"the installed {FAMILY} models have no contract function {name!r}",
        hint="pip install 'treaty-change-control-models>=1.3.0' (and treaty-toolkit[author])",
    )


def _surfaces(args: argparse.Namespace) -> int:
    root, ticket, _, runner = _setup(args)
    contract, findings = _check_contracts(args, root, ticket, runner)
    outcome = Outcome([f for f in findings if _is_ticket(f, contract)], facts={"ticket": ticket})
    map_path = _inside(root, args.map or root / SURFACE_MAP, "--map")
    if not map_path.is_file():
        raise UsageError(
            f"{_display(map_path)}: no surface map",
            hint=f"write {SURFACE_MAP} (kind interface_surface_map)",
        )
    map_display = _display(map_path)
    problems = _validate(runner, map_path, "interface_surface_map", map_display)
    outcome.findings += problems
    if contract.data is None or any(p.severity is Severity.ERROR for p in problems):
        return _report(outcome, args.format)
    git_range = args.git_range or _default_range(root, args.default_branch)
    paths = changed_paths(root, git_range)
    mapped = _function("surfaces_of_paths")({"surface_map": load_path(map_path).data, "paths": paths})
    data = contract.data
    declared = set(data.get("interfaces_touched", []))
    display = _display(contract.path)
    for entry in mapped:
        for surface in entry["surfaces"]:
            if not data["interface_change"]:
                outcome.findings.append(
                    Finding(
                        entry["path"], 0, 0, "", f"{FAMILY}/undeclared-interface-change",
                        f"changes the {surface} surface, but {display} says interface_change: false",
                        f"set interface_change: true and add {surface} to interfaces_touched in {display}",
                    )
                )  # fmt: skip
            elif surface not in declared:
                outcome.findings.append(
                    Finding(
                        entry["path"], 0, 0, "", f"{FAMILY}/surface-not-declared",
                        f"changes the {surface} surface, which {display} does not list in interfaces_touched",
                        f"add {surface} to interfaces_touched in {display}",
                    )
                )  # fmt: skip
    outcome.facts |= {"range": git_range, "changed": len(paths), "surfaces": mapped}
    _apply_bypass(outcome, data, display)
    return _report(outcome, args.format)


def _is_ticket(finding: Finding, contract: Contract) -> bool:
    """Whether a phase 1 finding is about the ticket's own contract (phases 2 and 3 judge only that one)."""
    return Path(finding.file).resolve() == contract.path.resolve()


def _apply_bypass(outcome: Outcome, contract: Mapping[str, Any], display: str) -> None:
    bypass = contract.get("emergency_bypass", {})
    if bypass.get("enabled") and outcome.findings:
        outcome.bypassed()
        outcome.bypass = {
            "contract": display,
            "ticket_id": contract.get("ticket_id"),
            "justification": bypass.get("justification", ""),
            "follow_up_ticket_id": bypass.get("follow_up_ticket_id", ""),
        }


# --- phase 3: evidence -------------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _environment(names: Sequence[str]) -> dict[str, str]:
    """Return the commands' whole environment: the base names and ``--pass-env``, as Treaty has them, nothing else."""
    return {name: os.environ[name] for name in (*BASE_ENVIRONMENT, *names) if name in os.environ}


def run_check(
    command: Sequence[str], *, shell: bool, cwd: Path, timeout: int, env: Mapping[str, str]
) -> tuple[str, int | None, bytes]:
    """Run one evidence command; return its outcome, exit code and captured output (stdout then stderr)."""
    argv = ["/bin/sh", "-c", command[0]] if shell else list(command)
    try:
        process = subprocess.Popen(  # noqa: S603  # the contract's own command: run only under --allow-run
            argv,
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a timeout stops what it started too
        )
    except OSError as error:
        return "not_started", None, str(error).encode()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        out, err = process.communicate()
        return "timed_out", None, out + err
    return ("passed" if process.returncode == 0 else "failed"), process.returncode, out + err


def _stop(process: "subprocess.Popen[bytes]") -> None:
    for sig, wait in ((signal.SIGTERM, KILL_GRACE), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        return


def _report_path(args: argparse.Namespace, root: Path, ticket: str) -> Path:
    return _inside(root, args.report or root / REPORTS / f"{ticket}.json", "--report")


def _evidence_run(args: argparse.Namespace) -> int:
    if not args.allow_run:
        raise UsageError(
            "evidence run executes the commands of the contract, and does so only when allowed",
            hint="add --allow-run (in CI, on code you trust), or audit an existing report with `evidence audit`",
        )
    root, ticket, catalog, runner = _setup(args)
    contract, findings = _check_contracts(args, root, ticket, runner)
    outcome = Outcome([f for f in findings if _is_ticket(f, contract)], facts={"ticket": ticket})
    if contract.data is None:
        return _report(outcome, args.format)
    path = _inside(root, contract.path, "the contract")
    env = _environment(args.pass_env)
    report: dict[str, Any] = {
        "schema_version": catalog.versions(FAMILY)[-1],
        "ticket_id": ticket,
        "contract": path.relative_to(root.resolve()).as_posix(),
        "contract_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "started_at": _now(),
        "environment": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "treaty": treaty_version,
            "git_commit": _head(root),
            "environment_names": sorted(env),
        },
    }
    results = []
    for index, requirement in enumerate(contract.data.get("evidence_requirements", [])):
        check = requirement.get("check")
        if check is None:
            continue
        cwd = _inside(root, root / check.get("cwd", "."), "an evidence check's cwd")
        timeout = check.get("timeout_seconds", 600)
        started = _now()
        result, code, output = run_check(
            check["command"], shell=check.get("shell", False), cwd=cwd, timeout=timeout, env=env
        )
        entry = {
            "requirement": index,
            "description": requirement["description"],
            "command": check["command"],
            "shell": check.get("shell", False),
            "timeout_seconds": timeout,
            "required": check.get("required", True),
            "outcome": result,
            "exit_code": code,
            "started_at": started,
            "finished_at": _now(),
            "output_sha256": hashlib.sha256(output).hexdigest(),
            "output_bytes": len(output),
        }
        entry |= {key: value for key in ("id",) if (value := requirement.get(key)) is not None}
        entry |= {"cwd": check["cwd"]} if "cwd" in check else {}
        results.append(entry)
    report |= {"finished_at": _now(), "results": results}
    target = _report_path(args, root, ticket)
    problems = _validate_data(runner, report, "evidence_report", _display(target))
    if any(p.severity is Severity.ERROR for p in problems):  # never write a report no audit could read
        outcome.findings += problems
        return _report(outcome, args.format)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_json(report))
    outcome.facts["report"] = _display(target)
    outcome.findings += audit(report, contract, path, _display(target))
    _apply_bypass(outcome, contract.data, _display(contract.path))
    return _report(outcome, args.format)


def _head(root: Path) -> str | None:
    with contextlib.suppress(UsageError):
        return _git(root, "rev-parse", "HEAD").strip() or None
    return None


def audit(report: Mapping[str, Any], contract: Contract, path: Path, display: str) -> list[Finding]:
    """Return what keeps a report from proving the contract's evidence: a stale report, a failed or missing check."""
    assert contract.data is not None  # noqa: S101  # only a valid contract is audited
    findings: list[Finding] = []

    def add(pointer: Sequence[str | int], rule: str, message: str, hint: str) -> None:
        findings.append(Finding(display, 0, 0, pointer_of(list(pointer)), f"{FAMILY}/{rule}", message, hint))

    if report.get("ticket_id") != contract.data["ticket_id"]:
        add(
            ["ticket_id"],
            "report-of-another-ticket",
            f"the report is of {report.get('ticket_id')}, not of {contract.data['ticket_id']}",
            "run `treaty onex evidence run` for this ticket",
        )
    if report.get("contract_sha256") != hashlib.sha256(path.read_bytes()).hexdigest():
        add(
            ["contract_sha256"],
            "report-is-stale",
            "the contract changed since the report was written",
            "run `treaty onex evidence run --allow-run` again",
        )
    by_requirement = {r["requirement"]: (i, r) for i, r in enumerate(report.get("results", []))}
    for index, requirement in enumerate(contract.data.get("evidence_requirements", [])):
        check = requirement.get("check")
        if check is None or not check.get("required", True):
            continue
        name = requirement.get("id") or f"#{index}"
        found = by_requirement.get(index)
        if found is None:
            add(
                ["results"],
                "evidence-missing",
                f"required evidence {name} ({requirement['description']}) has no result",
                "run `treaty onex evidence run --allow-run`",
            )
        elif found[1]["outcome"] != "passed" or found[1]["command"] != check["command"]:
            outcome = (
                found[1]["outcome"] if found[1]["command"] == check["command"] else "run with another command"
            )
            add(
                ["results", found[0], "outcome"],
                "evidence-failed",
                f"required evidence {name} ({requirement['description']}) {outcome}",
                "fix what the check found and run the evidence again",
            )
    return findings  # fmt: skip


def _evidence_audit(args: argparse.Namespace) -> int:
    root, ticket, _, runner = _setup(args)
    contract, findings = _check_contracts(args, root, ticket, runner)
    outcome = Outcome([f for f in findings if _is_ticket(f, contract)], facts={"ticket": ticket})
    if contract.data is None:
        return _report(outcome, args.format)
    target = _report_path(args, root, ticket)
    display = _display(target)
    if not target.is_file():
        outcome.findings.append(
            Finding(display, 0, 0, "", f"{FAMILY}/evidence-missing", f"ticket {ticket} has no evidence report", "run `treaty onex evidence run --allow-run` and keep its report")
        )  # fmt: skip
    else:
        problems = _validate(runner, target, "evidence_report", display)
        outcome.findings += problems
        if not any(p.severity is Severity.ERROR for p in problems):
            outcome.findings += audit(load_path(target).data, contract, contract.path, display)
    _apply_bypass(outcome, contract.data, _display(contract.path))
    return _report(outcome, args.format)


# --- migration ---------------------------------------------------------------------------------------------------


def _migrate(args: argparse.Namespace) -> int:
    try:
        origin = load_path(args.source).data
    except DocumentLoadError as error:
        return _report(Outcome(list(error.findings)), "text")
    try:
        migrated = _function("migrate_origin_contract")(origin)
    except ValueError as error:
        raise UsageError(
            f"{args.source}: {error}", hint="migrate a contract of the origin's later shape"
        ) from None
    catalog = _catalog()
    target = args.output or args.source
    problems = _validate_data(Runner.for_validate(catalog), migrated, "ticket_contract", str(target))
    outcome = Outcome(problems, facts={"written": str(target)})
    if not any(p.severity is Severity.ERROR for p in problems):
        text = render_json(migrated) if target.suffix == ".json" else _yaml(migrated)
        write_atomic(target, text)
    return _report(outcome, "text")


def _yaml(data: Any) -> str:
    """Return a document as YAML with every string double-quoted.

    The strict loader refuses plain scalars that YAML 1.1 and 1.2 read differently (``no``, ``2025-01-01``),
    so no string is left plain.
    """
    import yaml  # noqa: PLC0415  # only for a migration

    class Quoting(yaml.SafeDumper):
        pass

    Quoting.add_representer(
        str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    )
    return yaml.dump(data, Dumper=Quoting, sort_keys=False, allow_unicode=True, width=1000)


# --- output ------------------------------------------------------------------------------------------------------


def _report(outcome: Outcome, form: str) -> int:
    errors = sum(f.severity is Severity.ERROR for f in outcome.findings)
    warnings = len(outcome.findings) - errors
    if form == "json":
        sys.stdout.write(
            json.dumps(
                {
                    **outcome.facts,
                    "findings": [f.as_json() for f in outcome.findings],
                    "bypasses": [outcome.bypass] if outcome.bypass else [],
                    "passed": not errors,
                },
                indent=2,
                sort_keys=True,
            )
            + "\n"
        )
    else:
        lines = []
        for finding in outcome.findings:
            if form == "github":
                lines.append(annotation(Problem.of(finding)))
            else:
                at = f" at {finding.pointer}" if finding.pointer else ""
                lines.append(
                    f"{finding.location()}: {finding.severity} [{finding.rule}]{at}: {finding.message}"
                )
                lines.append(f"    hint: {finding.hint}")
        if outcome.bypass:
            b = outcome.bypass
            lines.append(
                f"bypass used: {b['contract']} (ticket {b['ticket_id']}): {b['justification']}; "
                f"follow-up {b['follow_up_ticket_id']}"
            )
        if "written" in outcome.facts:
            lines.append(f"wrote {outcome.facts['written']}")
        if "report" in outcome.facts:
            lines.append(f"evidence report: {outcome.facts['report']}")
        verdict = "failed" if errors else "passed"
        lines.append(f"onex: {verdict} ({errors} errors, {warnings} warnings)")
        sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 1 if errors else 0
