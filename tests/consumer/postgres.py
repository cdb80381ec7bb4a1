"""PostgreSQL for real, run by `nox -s postgres`: examples/cwom-store's whole suite on a throwaway server.

1. Find PostgreSQL's ``initdb`` and ``pg_ctl`` (on PATH, or in ``/usr/lib/postgresql/<major>/bin``); when
   they are missing and this runs as root with apt-get, install the OS's ``postgresql`` package.
2. Create a cluster in a temporary folder and start it on a unix socket in that folder, listening on no TCP
   port. PostgreSQL refuses to run as root: as root, the cluster belongs to the ``postgres`` user (which the
   OS package creates) and the server runs as that user, through ``runuser``.
3. Run the store's tests (its own and every cwom fixture and set through pytest-treaty)
   with ``CWOM_STORE_URL`` pointing at the cluster's database: JSONB, the triggers and the migrations on PostgreSQL.
4. Stop the server and remove the folder in every case.

Usage: ``python tests/consumer/postgres.py [PYTEST ARGS...]``, with cwom-store and psycopg installed in this
interpreter. Exits with pytest's code, or 2 when PostgreSQL cannot be found or started.
"""

import getpass
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
EXAMPLE: Final = ROOT / "examples" / "cwom-store"
DATABASE: Final = "postgres"  # the database initdb creates: the cluster is the store's alone
HOW: Final = (
    "install PostgreSQL 14 or later: `sudo apt-get install postgresql` (Debian, Ubuntu), `brew install "
    "postgresql` (macOS), or put a PostgreSQL bin folder (initdb, pg_ctl) on PATH"
)
STEP_TIMEOUT: Final = 120


class PostgresError(Exception):
    """PostgreSQL cannot be found, installed or started; the message says what to do."""


def log(message: str) -> None:
    """Print one progress line."""
    sys.stdout.write(f"postgres: {message}\n")
    sys.stdout.flush()


def binaries() -> Path | None:
    """Return the folder of ``initdb`` and ``pg_ctl``, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    return versions[-1].parent if versions else None


def install() -> Path:
    """Return PostgreSQL's bin folder, installing the OS package first when it is missing and that is possible."""
    found = binaries()
    if found is not None:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise PostgresError(f"PostgreSQL is not installed: {HOW}")
    log("PostgreSQL is missing: apt-get install postgresql")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "postgresql"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=600)
        if result.returncode != 0:
            raise PostgresError(f"{' '.join(command)} failed:\n{result.stderr.strip()}\n  {HOW}")
    found = binaries()
    if found is None:
        raise PostgresError(f"apt-get installed postgresql, but no initdb was found: {HOW}")
    return found


def as_server_user(command: Sequence[str]) -> list[str]:
    """Return a command run as the user who owns the cluster: ``postgres`` when we are root, else ourselves."""
    if os.geteuid() != 0:
        return list(command)
    if shutil.which("runuser") is None:
        raise PostgresError("running as root without runuser: run this as an ordinary user instead")
    return ["runuser", "-u", "postgres", "--", *command]


def server_user() -> str:
    """Return the role initdb creates: the name of the user who runs it."""
    return "postgres" if os.geteuid() == 0 else getpass.getuser()


def run(command: Sequence[str]) -> None:
    """Run a server command; raise `PostgresError` with its output when it fails."""
    result = subprocess.run(list(command), capture_output=True, text=True, check=False, timeout=STEP_TIMEOUT)
    if result.returncode != 0:
        raise PostgresError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}{result.stderr}"
        )


def start(bin_dir: Path, work: Path) -> Path:
    """Create a cluster in ``work`` and start it on a unix socket there; return the socket folder."""
    if os.geteuid() == 0:
        shutil.chown(work, "postgres", "postgres")
    data, socket = work / "data", work
    run(
        as_server_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", server_user(), "-E", "UTF8"]
        )
    )
    options = (
        f"-k {socket} -c listen_addresses='' -c fsync=off"  # loopback only, by socket; a throwaway cluster
    )
    run(
        as_server_user(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(work / "log"), "-w", "start"]
        )
    )
    return socket


def stop(bin_dir: Path, work: Path) -> None:
    """Stop the server if it runs (fast shutdown: the data is thrown away)."""
    if (work / "data" / "postmaster.pid").exists():
        run(as_server_user([str(bin_dir / "pg_ctl"), "-D", str(work / "data"), "-m", "fast", "-w", "stop"]))
        log("server stopped")


def main(argv: Sequence[str]) -> int:
    """Start a server, run the store's tests against it, stop it; return pytest's exit code (2: no server)."""
    work = Path(tempfile.mkdtemp(prefix="treaty-postgres-")).resolve()
    bin_dir = None
    try:
        bin_dir = install()
        socket = start(bin_dir, work)
        url = f"postgresql+psycopg://{server_user()}@/{DATABASE}?host={socket}"
        log(f"PostgreSQL from {bin_dir} serves {url}")
        env = {**os.environ, "CWOM_STORE_URL": url}
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *argv]
        return subprocess.run(command, cwd=EXAMPLE, env=env, check=False).returncode
    except PostgresError as error:
        sys.stderr.write(f"postgres: {error}\n")
        return 2
    finally:
        try:
            if bin_dir is not None:
                stop(bin_dir, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
