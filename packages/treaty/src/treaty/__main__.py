"""``python -m treaty``: the command line."""

from treaty._cli import console

console()
