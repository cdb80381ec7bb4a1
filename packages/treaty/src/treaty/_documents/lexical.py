"""Cheap tests of a YAML text for the syntax libyaml (YAML 1.1) and YAML 1.2 read apart.

The strict loader reads libyaml's tokens to find such syntax (`treaty._documents.loader._lexical`), and the
fast path must not vouch for a document that holds it; both first ask `suspect`, which spares most
documents the tokens: each test looks for a character the syntax needs, then for its shape. A document
`suspect` passes certainly holds none of it, except a block scalar that ends the file without a line break,
which each caller tests itself. Measured on the repository's 2,580 YAML fixtures (3.8 MB): 14 ms in all,
and 25 of them read further; one regular expression for all the shapes took 220 ms.
"""

import re
from typing import Final

_COMMENT_AFTER_TOKEN: Final = re.compile(r"""#(?<=["'\[\]{},|>+\-1-9]#)""")
"""A '#' right after a token: a comment to libyaml, an error to YAML 1.2 (unless inside a scalar)."""
_QUESTION: Final = re.compile(r"\?\S")
"""A '?' with no space after it: an explicit key in a flow collection to libyaml, not to YAML 1.2."""
_DASH_IN_FLOW: Final = re.compile(r"-[,\[\]{}]")
"""A '-' before a flow indicator: the string '-' to libyaml, an error to YAML 1.2."""
_OPEN_SINGLE: Final = re.compile(r"'(?<![^\s\[{,:]')[^'\r\n]*+(?:\r|$)", re.MULTILINE)
"""A single-quoted scalar that starts a token and goes on to the next line."""
_OPEN_DOUBLE: Final = re.compile(rb'^(?:[^"\n]*+"(?:[^"\\\n]++|\\.)*+")*+[^"\n]*+"', re.MULTILINE)
"""A line that leaves a double quote open, searched in the text cut down to quotes, backslashes and breaks
(`_DOUBLE_QUOTING`): scanning that is a fifth of the cost of scanning the text, which most documents quote."""
_DOUBLE_QUOTING: Final = (
    bytes(range(256)).replace(b"\r", b"\n"),
    bytes(range(256)).translate(None, b'"\\\r\n'),
)
"""``bytes.translate`` arguments: every line break made LF, everything but quotes, backslashes, breaks deleted."""


def suspect(text: str) -> bool:
    """Return whether a YAML text may hold syntax that libyaml and YAML 1.2 read apart (False: it certainly does not)."""
    return bool(
        ("#" in text and _COMMENT_AFTER_TOKEN.search(text))
        or ("?" in text and _QUESTION.search(text))
        or (("[" in text or "{" in text) and _DASH_IN_FLOW.search(text))
        or ("'" in text and _OPEN_SINGLE.search(text))
        or ('"' in text and _OPEN_DOUBLE.search(text.encode().translate(*_DOUBLE_QUOTING)))
    )
