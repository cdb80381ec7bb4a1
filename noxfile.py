"""The menu of every Treaty task: `nox -l` lists them, `nox` runs the default set (what CI runs)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PACKAGES = sorted(p.parent for p in (ROOT / "packages").glob("*/pyproject.toml"))
DIST = ROOT / "dist"
ENGINES = ROOT / "tests" / "engines"  # the Node project of tests/test_engines.py: ajv, pinned by its lock
BINDER = ROOT / "examples" / "dome-binder"  # dome's binder on DuckDB: its benchmark is `nox -s bench_binder`
EDITORS = ROOT / "tests" / "editors"  # the Node project of `nox -s editors`: yaml-language-server, locked
BOOTSTRAP = ROOT / "bootstrap.txt"  # nox and uv with hashes: what .ci/run and the README install first
PYTHONS = ["3.11", "3.12", "3.13"]  # every supported Python; the distributions' classifiers say the same
OLDEST = PYTHONS[0]  # tools that look at the code, not at the interpreter, run once, on the oldest

nox.options.default_venv_backend = "uv"  # uv reads uv.lock; there is no lock-following pip fallback
nox.options.sessions = ["lint", "typecheck", "tests", "contracts", "packaging", "mutation", "consumer"]
nox.options.error_on_external_run = True


def _runs(command: str) -> bool:
    """Whether an interpreter on PATH starts (a pyenv shim exists even for a version pyenv does not enable)."""
    found = shutil.which(command)
    return (
        found is not None
        and subprocess.run([found, "-c", ""], capture_output=True, check=False).returncode == 0
    )


for _version in PYTHONS:
    if not _runs(f"python{_version}"):
        print(  # noqa: T201  # said once, before nox skips (or, on CI, fails) the sessions that need it
            f"nox: python{_version} does not run from PATH; its sessions cannot run. Install it (for example "
            f"`pyenv install {_version}` and `pyenv global` listing it, or your OS's python{_version} "
            "package), then run nox again.",
            file=sys.stderr,
        )


def install_workspace(session: nox.Session, *groups: str) -> None:
    """Install every distribution of packages/ (editable, every extra) and ``groups``, exactly as uv.lock pins them.

    ``--locked`` fails when uv.lock no longer matches the pyproject files (run `nox -s lock`), so a run never
    tests something other than what the lock says.
    """
    options = [f"--group={group}" for group in groups]
    _uv_sync(session, "--all-packages", "--all-extras", *options)


def install_tools(session: nox.Session, group: str) -> None:
    """Install one dependency group only (no workspace distribution), as uv.lock pins it."""
    _uv_sync(session, f"--only-group={group}")


def _uv_sync(session: nox.Session, *options: str) -> None:
    venv = str(session.virtualenv.location)
    session.run_install(
        "uv",
        "sync",
        "--locked",
        f"--python={venv}",
        *options,
        env={"UV_PROJECT_ENVIRONMENT": venv},
        external=True,
    )


def locked_constraints(session: nox.Session) -> str:
    """Write uv.lock's pin of every third-party distribution as a constraints file; return its path.

    For what `uv sync` does not install: the wheels built here, their build backend, an integrator's download.
    """
    path = Path(session.virtualenv.location).resolve() / "constraints.txt"  # create_tmp() would move TMPDIR
    session.run(
        "uv",
        "export",
        "--locked",
        "--all-packages",
        "--all-extras",
        "--all-groups",
        "--no-emit-workspace",
        "--no-hashes",
        "--no-header",
        "--quiet",
        f"--output-file={path}",
        external=True,
    )
    return str(path)


def build_distributions(session: nox.Session, packages: list[Path], *options: str, constraints: str) -> None:
    """Build ``packages`` into dist/ with their build backend (hatchling) at the version ``constraints`` pin."""
    for package in packages:
        session.run(
            "python",
            "-m",
            "build",
            "--installer",
            "uv",
            *options,
            "--outdir",
            str(DIST),
            str(package),
            env={"UV_CONSTRAINT": constraints},  # the isolated build environment is made by `uv pip install`
        )


_WHEELS_IN_DIST: list[bool] = []
"""Not empty once this nox run built every wheel into dist/: they are pure Python, the same for each Python."""


def empty_dist() -> None:
    """Remove what an earlier build left in dist/."""
    _WHEELS_IN_DIST.clear()
    for old in DIST.glob("*"):
        old.unlink()


def install_node_engines(session: nox.Session) -> None:
    """Install ajv and ajv-formats into tests/engines/node_modules exactly as its package-lock.json pins them."""
    session.run_install("npm", "ci", "--prefix", str(ENGINES), "--no-audit", "--no-fund", external=True)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the whole pytest suite (toolkit, models, gates, agreement, snapshots); with coverage on the newest Python."""
    install_workspace(session, "test")
    install_node_engines(session)
    # Coverage measures our code, not the interpreter: one figure is enough. Line coverage on sys.monitoring
    # (3.12+) costs next to nothing; branch coverage needs the tracer before 3.14, which took 2.5x as long.
    newest = session.python == PYTHONS[-1]
    coverage = ["--cov", "--cov-report=term"] if newest else []
    env = {"TREATY_REQUIRE_ENGINES": "1", **({"COVERAGE_CORE": "sysmon"} if newest else {})}
    # One worker per core: three Pythons' runs fit CI's time. `-- -n 0` runs in one process. A fixture too
    # costly to build on each worker is built once per run (`built_once` in tests/conftest.py).
    workers = ["-n", "auto"]
    # Every engine must run here: without TREATY_REQUIRE_ENGINES, a missing ajv only skips its part of a test.
    session.run("pytest", *workers, *coverage, *session.posargs, env=env)


@nox.session(python=OLDEST)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    install_tools(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=OLDEST)
def typecheck(session: nox.Session) -> None:
    """Type-check every package's source with mypy --strict."""
    install_workspace(session, "typecheck", "cwom-store")
    session.run("mypy", *(str(p / "src") for p in PACKAGES))
    example = ROOT / "examples" / "dome-integrator"  # an integrator's code is held to the same standard
    session.run("mypy", str(example / "src"), str(example / "tests"))
    store = ROOT / "examples" / "cwom-store"  # SQLAlchemy and Alembic from the cwom-store group, as locked
    session.run("mypy", str(store / "src"), str(store / "tests"))


@nox.session(python=PYTHONS)
def contracts(session: nox.Session) -> None:
    """Run the main job: every gate, then templates and fixtures as `treaty validate` sees them, as one table.

    `nox -s contracts -- --verbose` also prints every document's findings (the expected errors included).
    """
    install_workspace(session)
    session.run("treaty", "check", "--end-to-end", *session.posargs)


@nox.session(python=OLDEST)
def export(session: nox.Session) -> None:
    """Regenerate every family's schemas, manifest and templates from its models."""
    install_workspace(session)
    session.run("treaty", "export")


@nox.session(python=OLDEST)
def build(session: nox.Session) -> None:
    """Build a wheel and an sdist of every distribution into dist/ (emptied first)."""
    install_tools(session, "build")
    empty_dist()
    build_distributions(session, PACKAGES, constraints=locked_constraints(session))


@nox.session(python=OLDEST)
def release(session: nox.Session) -> None:
    """Release (`-- FAMILY VERSION`, or `-- DISTRIBUTION` for treaty-toolkit and pytest-treaty): gates, freeze, wheels.

    Then commit, and `nox -s tag -- ...` with the same arguments creates the `<distribution>-v<version>` tags
    that .github/workflows/release.yml publishes.
    """
    install_workspace(session, "build")
    packages = _release_packages(session, *session.posargs)
    build_distributions(session, packages, constraints=locked_constraints(session))
    session.log(
        f"built into {DIST.relative_to(ROOT)}/; commit, then: nox -s tag -- {' '.join(session.posargs)}"
    )


@nox.session(python=False)
def tag(session: nox.Session) -> None:
    """Create the `<distribution>-v<version>` tag of each distribution of a release (`-- FAMILY VERSION` or `-- DISTRIBUTION`)."""
    session.run(sys.executable, str(ROOT / "tools" / "release.py"), "tag", *session.posargs, external=True)


def _release_packages(session: nox.Session, *target: str) -> list[Path]:
    """Freeze a family version (every gate first) or check a distribution's version; return what to build."""
    if len(target) == 2:  # noqa: PLR2004  # FAMILY VERSION
        session.run("treaty", "release", *target)
    elif len(target) != 1:
        session.error("usage: nox -s release -- FAMILY VERSION, or nox -s release -- DISTRIBUTION")
    listing = session.run("python", str(ROOT / "tools" / "release.py"), "packages", *target, silent=True)
    return [ROOT / line for line in str(listing).split()]


@nox.session(python=PYTHONS)
def packaging(session: nox.Session) -> None:
    """Build every wheel (once per nox run); in fresh environments holding only wheels, validate documents and check lean installs."""
    install_tools(session, "build")
    constraints = locked_constraints(session)  # the backend and the wheels' dependencies, as tested
    if not _WHEELS_IN_DIST:  # built by the first Python's session, installed by every one
        empty_dist()
        build_distributions(session, PACKAGES, "--wheel", constraints=constraints)
        _WHEELS_IN_DIST.append(True)
    session.install("--constraints", constraints, *sorted(str(wheel) for wheel in DIST.glob("*.whl")))
    tmp = Path(session.create_tmp()).resolve()
    session.chdir(tmp)  # away from the checkout: only installed files can be found
    session.run("python", str(ROOT / "tests" / "packaging_check.py"))
    # An integrator's environment: the toolkit without extras, data distributions and the plugin.
    lean = tmp / "integrator"
    session.run("uv", "venv", "--quiet", f"--python={session.python}", str(lean), external=True)
    wheels = [str(w) for w in sorted(DIST.glob("*.whl")) if "_models-" not in w.name]
    python = str(lean / "bin" / "python")
    session.run(
        "uv",
        "pip",
        "install",
        "--quiet",
        f"--python={python}",
        "--constraints",
        constraints,
        *wheels,
        external=True,
    )
    session.run(python, str(ROOT / "tests" / "packaging_check.py"), "--lean", external=True)


@nox.session(python=OLDEST)
def mutation(session: nox.Session) -> None:
    """Mutate the change_control models: the schema classifier must flag exactly the breaking mutations."""
    install_workspace(session)
    session.run("python", str(ROOT / "tests" / "mutation" / "run.py"), *session.posargs)


@nox.session(python=OLDEST)
def bench(session: nox.Session) -> None:
    """Benchmark `treaty validate` against check-jsonschema on 2,000 and 10,000 documents; print the targets met.

    Also measures PyYAML's C loader parsing alone, `--jobs 2`, a warm cache and start-up, and checks every
    verdict against the strict reference path. Figures go to `bench.json` in the session's temp folder (or
    the path given: `nox -s bench -- --json FILE`). Not in the default set: it takes about three minutes.
    """
    install_workspace(session, "bench")
    workdir = Path(session.create_tmp())
    options = session.posargs or ["--json", str(workdir / "bench.json")]
    session.run("python", str(ROOT / "tests" / "bench" / "run.py"), "--workdir", str(workdir), *options)


@nox.session(python=OLDEST)
def bench_diff(session: nox.Session) -> None:
    """Time `treaty diff` on two 50 KB schemas (target 50 ms in process) and its start-up against `treaty validate`.

    Prints the figures (`nox -s bench_diff -- --json FILE` keeps them) and never fails: timings on a shared
    host are no verdict. Not in the default set: it takes about half a minute.
    """
    install_workspace(session)
    session.run("python", str(ROOT / "tests" / "bench" / "diff_bench.py"), *session.posargs)


@nox.session(python=OLDEST)
def bench_surfaces(session: nox.Session) -> None:
    """Time the surface mapping of `treaty onex surfaces`: 10,000 paths against 50 globs (target 1 s).

    Prints the figures and never fails: timings on a shared host are no verdict. Not in the default set.
    """
    install_workspace(session)
    session.run("python", str(ROOT / "tests" / "bench" / "surfaces_bench.py"))


@nox.session(python=OLDEST)
def onex(session: nox.Session) -> None:
    """Walk examples/onex-service through the three ONEX phases, each failing for its reason, then passing.

    Builds the example's git history in a temporary folder and runs `treaty onex` there (its evidence
    commands run, under --allow-run). Not in the default set: tests/test_onex.py covers the commands.
    """
    install_workspace(session)
    example = ROOT / "examples" / "onex-service"
    session.run("python", str(example / "demo.py"), env={"PYTHONPATH": str(example)})


@nox.session(python=OLDEST)
def bench_binder(session: nox.Session) -> None:
    """Time examples/dome-binder ingesting 100,000 dome envelopes into DuckDB and replaying them (target 30 s).

    Prints the figures and never fails on time: timings on a shared host are no verdict. Not in the default
    set: it takes about half a minute.
    """
    install_workspace(session, "dome-binder")
    session.install("--no-deps", "--editable", str(BINDER))  # its dependencies: the workspace and the group
    session.run("python", str(BINDER / "bench.py"), *session.posargs)


@nox.session(python=OLDEST)
def fuzz(session: nox.Session) -> None:
    """Fuzz the loader and `treaty validate` with atheris (`nox -s fuzz -- [SECONDS] [driver options]`, default 60 s).

    Seeds: every fixture and template, and the hostile corpus. A failing input is saved in the session's
    temp folder; `tests/fuzz_regressions/README.md` says how to keep it. Not in the default set: a time-boxed
    coverage-guided run is not deterministic. A CI budget of 20-30 s (`nox -s fuzz -- 25`) fits.
    """
    install_workspace(session, "fuzz")
    seconds, *options = session.posargs or ["60"]
    session.run(
        "python",
        str(ROOT / "tests" / "fuzz" / "run.py"),
        "--seconds",
        seconds,
        "--workdir",
        session.create_tmp(),
        *options,
    )


@nox.session(python=OLDEST)
def editors(session: nox.Session) -> None:
    """Show the YAML language server (VS Code's YAML extension) reporting a seeded error in a template copy.

    Found once by the template's modeline and once by the `.vscode/settings.json` of `treaty editor vscode`,
    against the schemas of `treaty schemas export`; the unchanged template must give no diagnostic. Not in the
    default set: it needs Node.js 20 or later and takes about 15 s, most of it waiting to see no diagnostic.
    """
    install_workspace(session)
    session.run_install("npm", "ci", "--prefix", str(EDITORS), "--no-audit", "--no-fund", external=True)
    # Not under .nox: the server's yaml.schemas globs never match a path through a dot-folder (as in VS Code).
    workdir = tempfile.mkdtemp(prefix="treaty-editors-")
    try:
        session.run("python", str(EDITORS / "run.py"), "--workdir", workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@nox.session(python=OLDEST)
def consumer(session: nox.Session) -> None:
    """Install examples/dome-integrator from a local index of hatch-built wheels and run its tests; a drifted copy must fail."""
    install_tools(session, "consumer")
    constraints = locked_constraints(session)  # hatch's backend and the integrator's downloads, as tested
    session.run(
        "python", str(ROOT / "tests" / "consumer" / "run.py"), "--constraints", constraints, *session.posargs
    )


@nox.session(python=OLDEST)
def postgres(session: nox.Session) -> None:
    """Run examples/cwom-store's suite (every cwom fixture and set, JSONB, triggers, migrations) on a throwaway PostgreSQL.

    tests/consumer/postgres.py finds PostgreSQL (as root with apt-get, it installs the OS's package when it is
    missing; otherwise it says how), starts a cluster in a temporary folder on a unix socket only (as the
    `postgres` user when run as root: PostgreSQL refuses root), runs the tests, and stops it in every case.
    Not in the default set: it needs PostgreSQL; about 20 s. `-- ARGS` go to pytest.
    """
    install_workspace(session, "cwom-store")
    session.install("--no-deps", "--editable", str(ROOT / "examples" / "cwom-store"))
    session.run("python", str(ROOT / "tests" / "consumer" / "postgres.py"), *session.posargs)


SCREENSHOTS = ("change_control/1.2.0/day_close.html", "dome/changelog.html")  # a kind page, a changelog


@nox.session(python=OLDEST)
def docs(session: nox.Session) -> None:
    """Build the contracts reference (`treaty docs`) and screenshot two of its pages with headless Chromium.

    The site and the PNGs go to the session's temp folder, and their paths are printed. Chromium comes from the
    OS (Debian or Ubuntu: `apt-get install chromium`; or set CHROMIUM to a Chrome or Chromium binary); the
    session says so when it finds none. Not in the default set: it needs a browser.
    """
    browser = os.environ.get("CHROMIUM") or _chromium()
    if browser is None:
        session.error(
            "no Chromium found: install it (Debian or Ubuntu: `sudo apt-get install chromium`; macOS: "
            "`brew install --cask chromium`) or set CHROMIUM to a Chrome or Chromium binary"
        )
    install_workspace(session)
    tmp = Path(session.create_tmp()).resolve()
    site = tmp / "site"
    session.run("treaty", "docs", str(site))
    # Chromium will not run as root with its sandbox (containers, CI images run as root).
    sandbox = ["--no-sandbox"] if os.name == "posix" and os.geteuid() == 0 else []
    for page in SCREENSHOTS:
        png = tmp / (page.replace("/", "-").removesuffix(".html") + ".png")
        session.run(
            browser,
            "--headless",
            *sandbox,
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1280,1600",
            f"--screenshot={png}",
            (site / page).as_uri(),
            external=True,
            silent=True,  # Chromium logs D-Bus noise on machines without a session bus; shown if it fails
        )
        session.log(f"screenshot of {page}: {png}")


def _chromium() -> str | None:
    """Return the first Chromium or Chrome on PATH, by the names distributions give it."""
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@nox.session(python=OLDEST)
def precommit(session: nox.Session) -> None:
    """Install the hooks with pre-commit (try-repo, then the guide's config) on a sample repository; not in the default set."""
    install_tools(session, "precommit")
    constraints = locked_constraints(session)  # hatch's backend and the hooks' downloads, as tested
    session.run(
        "python",
        str(ROOT / "tests" / "consumer" / "precommit.py"),
        "--constraints",
        constraints,
        *session.posargs,
    )


@nox.session(python=False)
def lock(session: nox.Session) -> None:
    """Refresh uv.lock from the pyproject files (`-- --upgrade` for today's releases) and re-export bootstrap.txt."""
    session.run("uv", "lock", *session.posargs, external=True)
    session.run(
        "uv",
        "export",
        "--locked",
        "--only-group=bootstrap",
        "--no-emit-project",
        "--quiet",
        f"--output-file={BOOTSTRAP.name}",
        external=True,
    )


@nox.session(python=PYTHONS[-1])
def latest(session: nox.Session) -> None:
    """Run the suite against the newest release of every dependency, ignoring uv.lock: learn of upstream changes first."""
    test = nox.project.dependency_groups(nox.project.load_toml(ROOT / "pyproject.toml"), "test")
    editable = [arg for package in PACKAGES for arg in ("-e", f"{package}[{_extras(package)}]")]
    session.install("--upgrade", "--resolution=highest", *editable, *test)
    session.run("uv", "lock", "--upgrade", "--dry-run", external=True)  # what the lock is behind on
    session.run("pytest", *session.posargs)
    session.run("treaty", "check")


def _extras(package: Path) -> str:
    optional = nox.project.load_toml(package / "pyproject.toml")["project"].get("optional-dependencies", {})
    return ",".join(sorted(optional))
