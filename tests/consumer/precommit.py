"""Pre-commit check, run by `nox -s precommit`: Treaty's hooks installed by pre-commit itself, as a user gets them.

1. Build every distribution's wheel with hatch and download the third-party wheels the hooks' environments
   need into one folder (`run.py`'s code: the consumer check builds its index the same way). pip reads it
   with ``--no-index --find-links``: nothing else is fetched.
2. Copy the checkout's files (committed or not, as ``git ls-files`` lists them) into a new git repository:
   the hooks repository, at one commit, as pre-commit clones it (`pip install .` of its root).
3. Create a sample repository: ticket contracts (one invalid), a cwom chain of seven documents, the path
   rules, and the ``.pre-commit-config.yaml`` of docs/integrator-guide.md with its repo and rev pointed at 2.
4. ``pre-commit try-repo`` (which takes no ``additional_dependencies``: the families come from the same pins
   through ``PIP_REQUIREMENT``): the per-file hook fails on the invalid file with its location and reports
   no set error for two members of the chain; it passes once the file is fixed; the set hook reports the one
   Ref broken in the chain and nothing else.
5. ``pre-commit run --all-files`` with the documented configuration: both hooks pass.

Usage: ``python tests/consumer/precommit.py [--keep] [--constraints FILE]``; exits 0 when every step holds.
"""

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

# run.py is this script's neighbour: the consumer check's builder, downloader and clean environment
from run import ConsumerError, build_wheels, download, in_workdir, isolated_env, log, run, third_party

ROOT: Final = Path(__file__).resolve().parents[2]
GUIDE: Final = ROOT / "docs" / "integrator-guide.md"
CONFIG_MARK: Final = "# .pre-commit-config.yaml"
"""The first line of the configuration block in the integrator guide."""
TEMPLATE: Final = ROOT / "templates" / "change_control" / "ticket_contract.template.yaml"
CHAIN: Final = ROOT / "fixtures" / "cwom" / "0.2.0" / "sets" / "valid" / "complete-chain"
RUN_ID: Final = "01JJ8Z3K4WRVN0000000000001"
"""The Run's id, which the chain's Artifact names in ``produced_by``."""
GIT: Final = (
    "git",
    "-c",
    "user.name=treaty",
    "-c",
    "user.email=treaty@example.invalid",
    "-c",
    "commit.gpgsign=false",
)


def documented_config() -> str:
    """Return the ``.pre-commit-config.yaml`` block of the integrator guide, as written there."""
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"```yaml\n({re.escape(CONFIG_MARK)}\n.*?)```", text, re.DOTALL)
    if match is None:
        raise ConsumerError(f"{GUIDE.name} has no ```yaml block starting with {CONFIG_MARK!r}")
    return match.group(1)


def pins(config: str) -> list[str]:
    """Return the distributions the configuration pins in ``additional_dependencies``, each once."""
    found = re.findall(r"^\s+- (treaty-[\w-]+==[\w.]+)\s*$", config, re.MULTILINE)
    if not found:
        raise ConsumerError("the documented configuration pins no family in additional_dependencies")
    return list(dict.fromkeys(found))


def commit(folder: Path, message: str) -> str:
    """Commit everything in ``folder`` (a repository made here); return the commit."""
    run([*GIT, "-C", str(folder), "add", "--all"])
    run([*GIT, "-C", str(folder), "commit", "--quiet", "--no-verify", f"--message={message}"])
    return run([*GIT, "-C", str(folder), "rev-parse", "HEAD"]).strip()


def snapshot(destination: Path) -> str:
    """Copy the checkout's files into a new repository at ``destination``; return its commit."""
    listing = run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    for name in sorted(set(filter(None, listing.split("\0")))):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():  # deleted in the working tree
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)  # the data packages' links stay links
    run([*GIT, "init", "--quiet", "--initial-branch=main", str(destination)])
    return commit(destination, "snapshot of the checkout")


def sample(folder: Path, hooks: Path, rev: str) -> None:
    """Create the sample repository: contracts, a cwom chain, path rules and the documented configuration."""
    (folder / "contracts").mkdir(parents=True)
    shutil.copyfile(TEMPLATE, folder / "contracts" / "OCC-1.yaml")
    broken = TEMPLATE.read_text(encoding="utf-8").replace("\nsummary:", "\nsummry:", 1)
    (folder / "contracts" / "OCC-2.yaml").write_text(broken, encoding="utf-8")
    shutil.copytree(CHAIN, folder / "chain")
    rules = "".join(
        f'"chain/{p.name}" = "cwom/{p.stem.replace("-", "_")}"\n' for p in sorted(CHAIN.glob("*.yaml"))
    )
    (folder / "pyproject.toml").write_text(
        f'[tool.treaty.paths]\n"contracts/*.yaml" = "change_control/ticket_contract"\n{rules}',
        encoding="utf-8",
    )
    config = documented_config()
    config = re.sub(r"(?m)^(\s+- repo: ).*$", lambda m: m.group(1) + str(hooks), config, count=1)
    config = re.sub(r"(?m)^(\s+rev: ).*$", lambda m: m.group(1) + rev, config, count=1)
    (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    run([*GIT, "init", "--quiet", "--initial-branch=main", str(folder)])
    commit(folder, "sample")


def pre_commit(args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> tuple[int, str]:
    """Run pre-commit; return its exit code and output."""
    result = subprocess.run(
        ["pre-commit", *args, "--color=never"],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def expect(
    what: str, code: int, output: str, *, exit_code: int, has: Sequence[str] = (), lacks: Sequence[str] = ()
) -> None:
    """Raise `ConsumerError` unless a run exited as expected and printed what it must (and nothing it must not)."""
    problems = [f"exit {code}, not {exit_code}"] if code != exit_code else []
    problems += [f"missing {text!r}" for text in has if text not in output]
    problems += [f"unexpected {text!r}" for text in lacks if text in output]
    if problems:
        raise ConsumerError(f"{what}: {'; '.join(problems)}\n{output}")
    log(f"{what}: as expected (exit {code})")
    findings = [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: (error|warning) ", line)]
    for line in findings:
        sys.stdout.write(f"  {line}\n")


def precommit_check(work: Path, constraints: str | None) -> None:
    """Run every step in ``work``; raise `ConsumerError` at the first that fails."""
    start = time.perf_counter()
    index = work / "index"
    index.mkdir()
    wheels = build_wheels(index, work, constraints)
    families = pins(documented_config())
    build_backend = "hatchling>=1.25"  # pip builds treaty-hooks and the toolkit from the clone with it
    requirements = third_party(wheels, ["treaty-toolkit", *families, build_backend])
    run([sys.executable, "-m", "venv", str(work / "pip-venv")])
    download(work / "pip-venv" / "bin" / "python", index, requirements, constraints)
    log(
        f"built {len(wheels)} wheels and downloaded {', '.join(requirements)} in {time.perf_counter() - start:.0f}s"
    )

    hooks = work / "treaty"
    rev = snapshot(hooks)
    log(f"hooks repository: {hooks} at {rev[:12]} (the checkout's files, committed or not)")
    repo = work / "sample"
    sample(repo, hooks, rev)
    requirement = work / "families.txt"
    requirement.write_text("".join(f"{pin}\n" for pin in families), encoding="utf-8")
    env = isolated_env(
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(index),
        PRE_COMMIT_HOME=str(work / "pre-commit-home"),
        TREATY_CACHE_DIR=str(work / "treaty-cache"),
    )
    trying = {**env, "PIP_REQUIREMENT": str(requirement)}  # try-repo's stand-in for additional_dependencies

    staged = ["contracts/OCC-2.yaml", "chain/run.yaml", "chain/issue.yaml"]
    code, output = pre_commit(["try-repo", str(hooks), "treaty-validate", "--files", *staged], repo, trying)
    expect(
        "per-file hook, an invalid contract and two members of the chain",
        code,
        output,
        exit_code=1,
        has=["contracts/OCC-2.yaml:18:1: error [additionalProperties] at /summry", "Failed"],
        lacks=["cwom/ref-", "chain/"],
    )
    fixed = (
        (repo / "contracts" / "OCC-2.yaml").read_text(encoding="utf-8").replace("\nsummry:", "\nsummary:", 1)
    )
    (repo / "contracts" / "OCC-2.yaml").write_text(fixed, encoding="utf-8")
    code, output = pre_commit(["try-repo", str(hooks), "treaty-validate", "--files", *staged], repo, trying)
    expect("per-file hook, the contract fixed", code, output, exit_code=0, has=["Passed"])

    artifact = repo / "chain" / "artifact.yaml"
    artifact.write_text(
        artifact.read_text(encoding="utf-8").replace(RUN_ID, RUN_ID[:-1] + "9"), encoding="utf-8"
    )
    code, output = pre_commit(
        ["try-repo", str(hooks), "treaty-validate-set", "--files", "chain/artifact.yaml"], repo, trying
    )
    expect(
        "set hook, a Ref broken in the chain",
        code,
        output,
        exit_code=1,
        has=["[cwom/ref-unresolved] at /produced_by", "9 files checked: 1 invalid (1 error, 0 warnings)"],
    )
    code, output = pre_commit(
        ["try-repo", str(hooks), "treaty-validate", "--files", "chain/artifact.yaml"], repo, trying
    )
    expect("per-file hook, the same file", code, output, exit_code=0, has=["Passed"])

    artifact.write_text(
        artifact.read_text(encoding="utf-8").replace(RUN_ID[:-1] + "9", RUN_ID), encoding="utf-8"
    )
    commit(repo, "fixed")
    code, output = pre_commit(["run", "--all-files"], repo, env)
    expect(
        "the documented configuration, every file",
        code,
        output,
        exit_code=0,
        has=["Passed"],
        lacks=["Failed"],
    )
    log(f"done in {time.perf_counter() - start:.0f}s")


def main(argv: Sequence[str]) -> int:
    """Run the check in a temporary folder outside the checkout; return the exit code."""
    if shutil.which("pre-commit") is None:
        sys.stderr.write("precommit: pre-commit is not installed: run this through `nox -s precommit`\n")
        return 1
    return in_workdir("precommit", precommit_check, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
