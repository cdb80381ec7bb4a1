"""The plugin's tests run pytest in a temporary project with pytester.

``pytest_plugins = ["pytester"]`` is refused in a conftest below the rootdir when the whole repository runs,
so pytester is registered here when this conftest is loaded instead (its options and fixtures are added late).
"""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short summary lines are cut at the terminal width; the tests read whole messages."""
    monkeypatch.setenv("COLUMNS", "1000")
