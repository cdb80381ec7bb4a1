"""The menu of every Treaty task: `nox -l` lists them, `nox` runs the default set (what CI runs)."""

from pathlib import Path

import nox

ROOT = Path(__file__).parent
PACKAGES = sorted(p.parent for p in (ROOT / "packages").glob("*/pyproject.toml"))
DIST = ROOT / "dist"
TEST_DEPS = [
    "pytest>=8",
    "syrupy>=4.6",
    "pytest-cov>=5",
    "rfc8785>=0.1.4",
    "hypothesis>=6.100",
]  # rfc8785: the reference peer of dome's canonical JSON; hypothesis: generated documents for the fast path
LINT_DEPS = ["ruff>=0.6"]
TYPE_DEPS = ["mypy>=1.11", "types-PyYAML", "types-jsonschema"]
CODEGEN = ["-e", f"{ROOT / 'packages' / 'treaty'}[codegen]"]  # the generator that treaty pins

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests", "contracts", "packaging", "mutation", "consumer"]
nox.options.error_on_external_run = True


def install_workspace(session: nox.Session, *extra: str) -> None:
    """Install every package of the monorepo in editable mode, plus ``extra``."""
    editable = [arg for package in PACKAGES for arg in ("-e", str(package))]
    session.install(*editable, *extra)


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """Run the whole pytest suite (toolkit, models, gates, agreement, snapshots) with coverage."""
    install_workspace(session, *TEST_DEPS, *CODEGEN)
    session.run("pytest", "--cov", "--cov-report=term", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install(*LINT_DEPS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """Type-check every package's source with mypy --strict."""
    install_workspace(session, *TYPE_DEPS, *CODEGEN)
    session.run("mypy", *(str(p / "src") for p in PACKAGES))
    example = ROOT / "examples" / "dome-integrator"  # an integrator's code is held to the same standard
    session.run("mypy", str(example / "src"), str(example / "tests"))


@nox.session(python="3.11")
def contracts(session: nox.Session) -> None:
    """Run the main job on the bundled contracts: every `treaty check` gate, then validate templates and fixtures."""
    install_workspace(session)
    session.run("treaty", "check")
    session.run("treaty", "validate", "--isolated", "--verbose", "templates/")
    for verdict, expected in (("valid", 0), ("invalid", 1)):
        for folder in sorted(ROOT.glob(f"fixtures/*/*/*/{verdict}")):
            family, version, kind = folder.relative_to(ROOT / "fixtures").parts[:3]
            if kind == "sets":
                continue
            session.log(f"{folder.relative_to(ROOT)}: every document must be {verdict}")
            schema = f"{family}/{kind}@{version}"
            where = str(folder.relative_to(ROOT))
            session.run(
                "treaty", "validate", "--isolated", "--schema", schema, where, success_codes=[expected]
            )
        for folder in sorted(ROOT.glob(f"fixtures/*/*/sets/{verdict}/*")):
            session.log(f"{folder.relative_to(ROOT)}: the documents, validated together, must be {verdict}")
            session.run("treaty", "validate", str(folder.relative_to(ROOT)), success_codes=[expected])


@nox.session(python="3.11")
def export(session: nox.Session) -> None:
    """Regenerate every family's schemas, manifest and templates from its models."""
    install_workspace(session)
    session.run("treaty", "export")


@nox.session(python="3.11")
def build(session: nox.Session) -> None:
    """Build a wheel and an sdist of every distribution into dist/ (emptied first)."""
    session.install("build")
    for old in DIST.glob("*"):
        old.unlink()
    for package in PACKAGES:
        session.run("python", "-m", "build", "--installer", "uv", "--outdir", str(DIST), str(package))


@nox.session(python="3.11")
def release(session: nox.Session) -> None:
    """Release a family version (`nox -s release -- FAMILY VERSION`): every gate, the freeze, then its wheels."""
    if len(session.posargs) != 2:  # noqa: PLR2004  # FAMILY and VERSION
        session.error("usage: nox -s release -- FAMILY VERSION")
    family, version = session.posargs
    install_workspace(session)
    session.run("treaty", "release", family, version)
    session.install("build")
    for part in ("models", "schemas", "fixtures"):
        package = ROOT / "packages" / f"treaty-{family.replace('_', '-')}-{part}"
        session.run("python", "-m", "build", "--installer", "uv", "--outdir", str(DIST), str(package))
    session.log(f"built the {family} {version} distributions into {DIST.relative_to(ROOT)}/")


@nox.session(python="3.11")
def packaging(session: nox.Session) -> None:
    """Build every wheel, install only the wheels in a fresh environment, and validate documents there."""
    build(session)
    session.install(*sorted(str(wheel) for wheel in DIST.glob("*.whl")))
    session.chdir(session.create_tmp())  # away from the checkout: only installed files can be found
    session.run("python", str(ROOT / "tests" / "packaging_check.py"))


@nox.session(python="3.11")
def mutation(session: nox.Session) -> None:
    """Mutate the change_control models: the schema classifier must flag exactly the breaking mutations."""
    install_workspace(session)
    session.run("python", str(ROOT / "tests" / "mutation" / "run.py"), *session.posargs)


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Benchmark `treaty validate` against check-jsonschema on 2,000 and 10,000 documents; print the targets met.

    Also measures PyYAML's C loader parsing alone, `--jobs 2`, a warm cache and start-up, and checks every
    verdict against the strict reference path. Figures go to `bench.json` in the session's temp folder (or
    the path given: `nox -s bench -- --json FILE`). Not in the default set: it takes about three minutes.
    """
    install_workspace(session, "check-jsonschema>=0.29")  # the peer every ratio is measured against
    workdir = Path(session.create_tmp())
    options = session.posargs or ["--json", str(workdir / "bench.json")]
    session.run("python", str(ROOT / "tests" / "bench" / "run.py"), "--workdir", str(workdir), *options)


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    """Fuzz the loader and `treaty validate` with atheris (`nox -s fuzz -- [SECONDS] [driver options]`, default 60 s).

    Seeds: every fixture and template, and the hostile corpus. A failing input is saved in the session's
    temp folder; `tests/fuzz_regressions/README.md` says how to keep it. Not in the default set: a time-boxed
    coverage-guided run is not deterministic. A CI budget of 20-30 s (`nox -s fuzz -- 25`) fits.
    """
    install_workspace(session, "atheris>=2.3")
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


@nox.session(python="3.11")
def consumer(session: nox.Session) -> None:
    """Install examples/dome-integrator from a local index of hatch-built wheels and run its tests; a drifted copy must fail."""
    session.install("hatch", "pypiserver", "packaging")  # the builder, the local index, the metadata reader
    session.run("python", str(ROOT / "tests" / "consumer" / "run.py"), *session.posargs)
