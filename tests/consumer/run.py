"""Consumer check, run by `nox -s consumer`: install the integrator examples the way an integrator would.

1. Build a wheel of every distribution with ``hatch build``, outside the checkout.
2. Download, from the usual index, the third-party requirements the integrator's install needs: the
   closure of its ``requirements.txt``, its own dependencies and its build backend through our wheels'
   metadata. Treaty's own names are never asked of a public index (``treaty`` there is another project).
   With ``--constraints`` (uv.lock's pins, as `nox -s consumer` passes them), the downloads and hatch's
   build backend are the versions the project tested.
3. Serve the wheels and the downloads with pypiserver on 127.0.0.1 (no fallback to another index).
4. Create a fresh virtual environment, install ``requirements.txt`` and the integrator with ``--index-url``
   of that server only, and run the integrator's tests from a copy outside the checkout: they must pass.
5. Install a drifted copy (the legacy ``reason_code`` alias dropped, key parts joined with ``"|"``) and run
   its tests: they must fail, exactly on the expected readable ids, with readable messages.
6. Install each further example (``EXAMPLES``: cwom-store on SQLite, dome-binder on DuckDB) the same way,
   and run its tests: they must pass.

The server is stopped and the temporary folder removed in every case. Usage:
``python tests/consumer/run.py [--keep] [--constraints FILE]``; exits 0 when every step holds, 1 otherwise.
"""

import argparse
import fnmatch
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from email.parser import HeaderParser
from pathlib import Path
from typing import Final

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT: Final = Path(__file__).resolve().parents[2]
EXAMPLE: Final = ROOT / "examples" / "dome-integrator"
EXAMPLES: Final = (ROOT / "examples" / "cwom-store", ROOT / "examples" / "dome-binder")
"""Further integrator examples: each installed from its requirements.txt and the local index only, into the
same environment, after dome-integrator; its tests must pass."""
SERVER_START_TIMEOUT: Final = 30.0
STEP_TIMEOUT: Final = 600
AUTHOR_TOOLING: Final = ("ruff", "pydantic", "datamodel_code_generator")
"""Modules an integrator's install must not bring."""

DRIFT: Final = (
    (
        "src/dome_service/documents.py",
        '    out = dict(record)\n    legacy = out.pop("reason_code", None)\n',
        (
            "    out = dict(record)\n    return out  # drifted: the legacy reason_code alias is no longer folded\n"
            '    legacy = out.pop("reason_code", None)\n'
        ),
    ),
    (
        "src/dome_service/keys.py",
        "    return _sha256(canonical.dumps(list(parts)))\n",
        '    return _sha256("|".join("" if part is None else part for part in parts).encode())  # drifted\n',
    ),
)
"""The drift: (file, text, replacement), each text found exactly once in the integrator's copy."""

DRIFT_FAILURES: Final = (
    # the alias dropped: documents and keys that use the legacy reason_code are rejected
    "dome/0.1.0/task_spec/valid/legacy-reason-code-*.yaml",
    "dome/0.1.0/wrapper_envelope/valid/legacy-reason-code.yaml",
    "dome/0.1.0/vectors/normalise_reason_fields/*",
    "tests/test_service.py::test_a_legacy_reason_code_reads_like_the_field_it_stands_for[[]*",
    "tests/test_service.py::test_replaying_every_valid_wrapper_adds_no_row",
    # key parts joined with "|": every key differs from the contract's
    "dome/0.1.0/vectors/idempotency_key/*",
    "dome/0.1.0/vectors/upsert_key/*",
    "tests/test_service.py::test_a_bar_inside_a_part_never_makes_two_keys_collide",
)
"""Every failure of the drifted copy must match one of these."""

MUST_FAIL: Final = (
    "dome/0.1.0/task_spec/valid/legacy-reason-code-only.yaml",
    "dome/0.1.0/wrapper_envelope/valid/legacy-reason-code.yaml",
    "dome/0.1.0/vectors/normalise_reason_fields/legacy-alias-folded",
    "dome/0.1.0/vectors/idempotency_key/base",
    "dome/0.1.0/vectors/idempotency_key/pipe-in-first-part",
    "dome/0.1.0/vectors/upsert_key/base",
    "dome/0.1.0/vectors/upsert_key/null-failure-code",
)
"""Failures the drifted copy must show."""

READABLE: Final = re.compile(r"^(valid fixture rejected by |invalid fixture |expected )")
"""How the plugin's failure messages start (the first line, shown in the short summary)."""
FAILED: Final = re.compile(r"^FAILED (\S+)(?: - (.*))?$")
PYTEST: Final = ("-m", "pytest", "-p", "no:cacheprovider", "-rfEs", "--color=no")


class ConsumerError(Exception):
    """A step of the check went wrong; the message says which and why."""


def log(message: str) -> None:
    """Print one progress line."""
    sys.stdout.write(f"consumer: {message}\n")
    sys.stdout.flush()


def run(command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> str:
    """Run a command, return its output; raise `ConsumerError` with the output when it fails."""
    result = subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise ConsumerError(
            f"{' '.join(command)} exited {result.returncode}\n{result.stdout}\n{result.stderr}".rstrip()
        )
    return result.stdout


def isolated_env(**extra: str) -> dict[str, str]:
    """Return an environment in which pip sees no configuration: no extra index can sneak in."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PIP_", "UV_", "PYTHON")) and name != "VIRTUAL_ENV"
    }
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    env.update(extra)
    return env


def build_wheels(out: Path, work: Path, constraints: str | None) -> list[Path]:
    """Build a wheel of every distribution under packages/ with hatch; return the wheels."""
    hatch = shutil.which("hatch")
    if hatch is None:
        raise ConsumerError("hatch is not installed: run this through `nox -s consumer`")
    # hatch builds in an environment of its own: nox's venv settings would send its installs into nox's venv
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("UV_") and name != "VIRTUAL_ENV"
    }
    env.update(HATCH_DATA_DIR=str(work / "hatch-data"), HATCH_CACHE_DIR=str(work / "hatch-cache"))
    if constraints:  # hatch installs its backend with uv (or pip): both read these
        env.update(UV_CONSTRAINT=constraints, PIP_CONSTRAINT=constraints)
    for project in sorted(p.parent for p in (ROOT / "packages").glob("*/pyproject.toml")):
        run([hatch, "build", "--target", "wheel", str(out)], cwd=project, env=env)
    return sorted(out.glob("*.whl"))


def _requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        headers = HeaderParser().parsestr(archive.read(metadata).decode("utf-8"))
    return headers.get_all("Requires-Dist") or []


def _name(wheel: Path) -> str:
    return canonicalize_name(wheel.name.split("-", 1)[0])


def third_party(wheels: Iterable[Path], roots: Iterable[str]) -> list[str]:
    """Return the third-party requirements of ``roots``, followed through our own wheels' dependencies."""
    ours = {_name(wheel): wheel for wheel in wheels}
    found: dict[str, Requirement] = {}
    pending = list(roots)
    seen: set[str] = set()
    while pending:
        requirement = Requirement(pending.pop())
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in ours:
            if name not in seen:
                seen.add(name)
                pending.extend(_requires(ours[name]))
            continue
        found[f"{name} {requirement.specifier}"] = requirement
    return sorted(str(requirement) for requirement in found.values())


def download(python: Path, index: Path, requirements: Sequence[str], constraints: str | None) -> None:
    """Download wheels of ``requirements`` and what they need into ``index``, with ``python``'s pip."""
    run(
        [
            str(python),
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--only-binary=:all:",
            "--dest",
            str(index),
            *(["--constraint", constraints] if constraints else []),
            *requirements,
        ]
    )


def integrator_roots() -> list[str]:
    """Return what installing the integrator asks for: requirements.txt, its dependencies, its build backend.

    The README's integrator install line counts too: it is run as written against the same index.
    """
    return [
        *(root for example in (EXAMPLE, *EXAMPLES) for root in example_roots(example)),
        *shlex.split(readme_install_line())[2:],
    ]


def example_roots(example: Path) -> list[str]:
    """Return what installing one example asks for: its requirements.txt, its dependencies, its build backend."""
    lines = (example / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = [line.split("#", 1)[0].strip() for line in lines]
    project = tomllib.loads((example / "pyproject.toml").read_text(encoding="utf-8"))
    return [
        *(line for line in pinned if line),
        *project["project"]["dependencies"],
        *project["build-system"]["requires"],
    ]


def readme_install_line() -> str:
    """Return the README's integrator install command: the first ``pip install`` of its integrator quick start."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start: integrator", 1)[-1].split("\n## ", 1)[0]
    line = next((ln for ln in section.splitlines() if ln.startswith("pip install ")), None)
    if line is None:
        raise ConsumerError("README.md's integrator quick start has no `pip install` line")
    return line


def check_readme_install(work: Path, url: str) -> None:
    """Run the README's integrator install line exactly as written, in a fresh venv, against the local index.

    Then the installed `treaty` must validate a document, and the environment must hold no author tooling.
    """
    venv = work / "readme-venv"
    run([sys.executable, "-m", "venv", str(venv)])
    line = readme_install_line()
    path = f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    run(["bash", "-c", line], cwd=work, env=isolated_env(PATH=path, PIP_INDEX_URL=url, PIP_NO_CACHE_DIR="1"))
    template = ROOT / "templates" / "change_control" / "ticket_contract.template.yaml"
    document = work / "contracts" / "OCC-1.yaml"
    document.parent.mkdir()
    shutil.copyfile(template, document)
    run([str(venv / "bin" / "treaty"), "validate", "contracts/"], cwd=work, env=isolated_env(PATH=path))
    tooling = run(
        [
            str(venv / "bin" / "python"),
            "-c",
            f"import importlib.util as u; print([m for m in {AUTHOR_TOOLING!r} if u.find_spec(m)])",
        ],
        env=isolated_env(PATH=path),
    ).strip()
    if tooling != "[]":
        raise ConsumerError(f"the README's integrator install brings author tooling: {tooling}")
    log(f"the README's install line works as written against {url}: {line}")


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(index: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start pypiserver on 127.0.0.1, serving ``index`` without fallback; return it and its simple URL."""
    server = shutil.which("pypi-server")
    if server is None:
        raise ConsumerError("pypiserver is not installed: run this through `nox -s consumer`")
    port = free_port()
    url = f"http://127.0.0.1:{port}/simple/"
    logfile = (work / "pypiserver.log").open("wb")
    command = [
        server,
        "run",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--disable-fallback",
        str(index),
    ]
    process = subprocess.Popen(command, stdout=logfile, stderr=subprocess.STDOUT)  # our own command line
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # http on 127.0.0.1
                if response.status == 200:  # HTTP OK
                    return process, url
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    stop_server(process)
    raise ConsumerError(f"pypiserver did not answer at {url}:\n{(work / 'pypiserver.log').read_text()}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server, forcefully if it does not stop within 10 seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def copy_example(destination: Path, example: Path = EXAMPLE) -> Path:
    """Copy an integrator example outside the checkout, without caches or build output."""
    ignore = shutil.ignore_patterns(
        "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist", "*.egg-info"
    )
    shutil.copytree(example, destination, ignore=ignore)
    return destination


def drift(copy: Path) -> None:
    """Apply the drift to a copy of the integrator; each edit must apply exactly once."""
    for relative, text, replacement in DRIFT:
        path = copy / relative
        source = path.read_text(encoding="utf-8")
        if source.count(text) != 1:
            raise ConsumerError(
                f"the drift no longer applies: {relative} has {source.count(text)} copies of {text!r}; "
                "update DRIFT in tests/consumer/run.py with the integrator"
            )
        path.write_text(source.replace(text, replacement), encoding="utf-8")


def run_tests(python: Path, project: Path) -> tuple[int, str]:
    """Run the integrator's tests with the plugin; return pytest's exit code and output."""
    env = isolated_env(COLUMNS="400")  # short summary lines are cut at the terminal width
    result = subprocess.run(  # our own command line
        [str(python), *PYTEST],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def failures(output: str) -> dict[str, str]:
    """Return the failed node ids of a pytest run and their one-line messages."""
    found = {}
    for line in output.splitlines():
        match = FAILED.match(line)
        if match:
            found[match.group(1)] = match.group(2) or ""
    return found


def check_drift(output: str, code: int) -> list[str]:
    """Return what is wrong with the drifted run's failures (nothing when they are the expected ones)."""
    problems = []
    if code != 1:
        problems.append(f"pytest exited {code}, not 1 (tests failed)")
    failed = failures(output)
    unexpected = [node for node in failed if not any(fnmatch.fnmatchcase(node, p) for p in DRIFT_FAILURES)]
    problems += [f"unexpected failure: {node} - {failed[node]}" for node in unexpected]
    problems += [f"expected failure did not happen: {node}" for node in MUST_FAIL if node not in failed]
    for node, message in failed.items():
        if node.startswith("dome/") and not READABLE.match(message):
            problems.append(f"unreadable message for {node}: {message!r}")
    if "Traceback" in output or "pytest_treaty/" in output:
        problems.append("the report shows a traceback or the plugin's own frames")
    return problems


def consumer_check(work: Path, constraints: str | None = None) -> None:
    """Run every step in ``work``; raise `ConsumerError` at the first that fails."""
    start = time.perf_counter()
    index = work / "index"
    index.mkdir()
    wheels = build_wheels(index, work, constraints)
    log(f"built {len(wheels)} wheels with hatch in {time.perf_counter() - start:.0f}s")

    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    requirements = third_party(wheels, integrator_roots())
    download(python, index, requirements, constraints)
    downloaded = len(list(index.glob("*"))) - len(wheels)
    log(f"downloaded {downloaded} third-party wheels for {', '.join(requirements)}")

    server, url = start_server(index, work)
    try:
        log(f"serving {index} at {url} (no fallback)")
        check_readme_install(work, url)
        example = copy_example(work / "dome-integrator")
        pip = [str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir", "--index-url", url]
        run([*pip, "--requirement", str(example / "requirements.txt")], env=isolated_env())
        run([*pip, str(example)], env=isolated_env())
        where = run(
            [
                str(python),
                "-c",
                "import dome_service, pytest_treaty, treaty, treaty_dome_fixtures as f; print(f.__file__)",
            ],
            cwd=work,
            env=isolated_env(),
        ).strip()
        if not Path(where).resolve().is_relative_to(venv.resolve()):
            raise ConsumerError(f"treaty_dome_fixtures was imported from {where}, not from {venv}")
        log(
            f"installed requirements.txt and dome-service from {url} only ({time.perf_counter() - start:.0f}s)"
        )

        code, output = run_tests(python, example)
        summary = output.strip().splitlines()[-1].strip("= ")
        if code != 0:
            raise ConsumerError(f"the integrator's tests failed (exit {code}):\n{output}")
        log(f"the integrator's tests pass: {summary}")

        drifted = copy_example(work / "dome-integrator-drifted")
        drift(drifted)
        run([*pip, "--no-deps", "--force-reinstall", str(drifted)], env=isolated_env())
        code, output = run_tests(python, drifted)
        problems = check_drift(output, code)
        if problems:
            raise ConsumerError(
                "the drifted copy did not fail as expected:\n  " + "\n  ".join(problems) + f"\n{output}"
            )
        failed = failures(output)
        log(f"the drifted copy fails, as it must: {output.strip().splitlines()[-1].strip('= ')}")
        for node, message in failed.items():
            sys.stdout.write(f"  FAILED {node} - {message}\n")
        for example in EXAMPLES:
            check_example(example, python, pip, work)
    finally:
        stop_server(server)
        log("pypiserver stopped")
    log(f"done in {time.perf_counter() - start:.0f}s")


def check_example(example: Path, python: Path, pip: Sequence[str], work: Path) -> None:
    """Install a further example with its pins from the local index only, and run its tests: they must pass."""
    start = time.perf_counter()
    copy = copy_example(work / example.name, example)
    run([*pip, "--requirement", str(copy / "requirements.txt")], env=isolated_env())
    run([*pip, str(copy)], env=isolated_env())
    code, output = run_tests(python, copy)
    if code != 0:
        raise ConsumerError(f"the tests of {example.name} failed (exit {code}):\n{output}")
    summary = output.strip().splitlines()[-1].strip("= ")
    log(
        f"{example.name}: installed from the local index, its tests pass: {summary} ({time.perf_counter() - start:.0f}s)"
    )


def main(argv: Sequence[str]) -> int:
    """Run the consumer check in a temporary folder outside the checkout; return the exit code."""
    return in_workdir("consumer", consumer_check, argv)


def in_workdir(name: str, check: Callable[[Path, str | None], None], argv: Sequence[str]) -> int:
    """Run ``check(folder, constraints)`` in a temporary folder outside the checkout; return the exit code.

    ``argv`` takes ``--keep`` (the folder stays, its path printed) and ``--constraints FILE``.
    """
    parser = argparse.ArgumentParser(prog=name)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument(
        "--constraints", metavar="FILE", help="pin third-party versions (uv.lock's, exported)"
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix=f"treaty-{name}-")).resolve()
    if work.is_relative_to(ROOT):
        shutil.rmtree(work)
        sys.stderr.write(
            f"{name}: the temporary folder {work} is inside the checkout: set TMPDIR elsewhere\n"
        )
        return 1
    try:
        check(work, args.constraints)
    except ConsumerError as error:
        sys.stderr.write(f"{name}: {error}\n")
        return 1
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
