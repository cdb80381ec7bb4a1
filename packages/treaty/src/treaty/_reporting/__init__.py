"""Reports for CI systems: one neutral outcome of a command, and a renderer per format.

`treaty validate`, `treaty check` and `treaty diff` each describe what they found as an `Outcome` (suites
of cases, each case with its problems); `github`, `sarif` and `junit` render any outcome, so a format is
written once for the three commands.
"""

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable

    from treaty._reporting.outcome import Outcome

FORMATS: Final = ("github", "sarif", "junit")
"""The formats every reporting command offers besides its own (text, json, markdown)."""


def render(outcome: "Outcome", form: str) -> str:
    """Return the outcome in one of `FORMATS`."""
    # Imported here: a run renders one format, and `treaty validate` imports the least it needs.
    from treaty._reporting import github, junit, sarif  # noqa: PLC0415

    renderers: dict[str, Callable[[Outcome], str]] = {
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
    }
    return renderers[form](outcome)
