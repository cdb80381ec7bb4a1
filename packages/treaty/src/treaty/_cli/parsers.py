"""Walking the ``treaty`` parser: each parser's subcommands, and the one a command line names."""

import argparse
from collections.abc import Sequence


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return a parser's subcommands by name (none for a command that has none)."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:  # noqa: SLF001  # argparse lists actions nowhere public
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001  # as above
            found.update(action.choices)
    return found


def innermost(parser: argparse.ArgumentParser, words: Sequence[str]) -> argparse.ArgumentParser:
    """Return the parser of the deepest (sub)command that ``words`` name: the usage a mistake is shown under."""
    children = subcommands(parser)
    for n, word in enumerate(words):
        if word in children:
            return innermost(children[word], words[n + 1 :])
    return parser
