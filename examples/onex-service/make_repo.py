"""Build the onex-service example repository: a small order service with contracts and a surface map.

``python make_repo.py DIR`` writes the files into a new git repository at ``DIR`` and makes its history: the
service on ``main``, then a branch ``feature/OCC-12-order-events`` whose commit changes the order events (an
interface surface) and their tests. The history is made at run time, so no repository is committed inside
Treaty's. Tests and ``demo.py`` call `build`.
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import Final

BRANCH: Final = "feature/OCC-12-order-events"

SURFACE_MAP: Final = """\
schema_version: "1.3.0"
repository: "acme/onex-service"
surfaces:
  - surface: "events"
    paths: ["src/**/models/events/**"]
    owners: ["@acme/events"]
  - surface: "topics"
    paths: ["docs/**/TOPICS*.md"]
    owners: ["@acme/platform"]
  - surface: "public_api"
    paths: ["src/orders/api.py"]
    exclude: ["src/**/_*.py"]
    owners: ["@acme/api"]
"""

FILES: Final = {
    "interface_surfaces.yaml": SURFACE_MAP,
    "src/orders/__init__.py": "",
    "src/orders/api.py": 'def place(order_id: str) -> dict:\n    return {"id": order_id, "state": "placed"}\n',
    "src/orders/models/events/order_created.py": 'FIELDS = ("order_id",)\n',
    "docs/TOPICS.md": "# Topics\n\n- orders.created\n",
    "tests/test_events.py": (
        "import sys\nimport unittest\n\nsys.path.insert(0, 'src')\n\n"
        "from orders.models.events.order_created import FIELDS\n\n\n"
        "class Events(unittest.TestCase):\n"
        "    def test_fields(self):\n"
        "        self.assertEqual(FIELDS, ('order_id',))\n"
    ),
    "contracts/OCC-7.yaml": """\
schema_version: "1.3.0"
ticket_id: "OCC-7"
summary: "Create the order service"
is_seam_ticket: false
interface_change: false
emergency_bypass:
  enabled: false
""",
}

CHANGE: Final = {  # the branch: a new field on an event (the events surface) and its test
    "src/orders/models/events/order_created.py": 'FIELDS = ("order_id", "placed_at")\n',
    "tests/test_events.py": FILES["tests/test_events.py"].replace(
        "('order_id',)", "('order_id', 'placed_at')"
    ),
}


def _git(root: Path, *words: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Example",
        "GIT_AUTHOR_EMAIL": "example@example.org",
        "GIT_COMMITTER_NAME": "Example",
        "GIT_COMMITTER_EMAIL": "example@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *words], cwd=root, check=True, capture_output=True, env=environment)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build(root: Path) -> Path:
    """Create the repository at ``root`` (a missing or empty folder) and return it, on the feature branch."""
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    _write(root, FILES)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The order service")
    _git(root, "checkout", "-q", "-b", BRANCH)
    _write(root, CHANGE)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "OCC-12: orders.created carries placed_at")
    return root


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
