r"""RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form fingerprints and keys are hashed over.

- Objects: members sorted by the UTF-16 code units of their names; no insignificant white space.
- Strings: only ``"``, ``\\`` and control characters are escaped (``\\b \\f \\n \\r \\t``, else
  ``\\u00xx`` in lower-case hex); every other character is written as itself, in UTF-8.
- Numbers: IEEE 754 doubles written as ECMAScript's ``Number.prototype.toString`` writes them.

What JCS cannot represent is refused, never coerced: NaN and infinities, integers a double cannot hold
exactly (beyond 2**53 - 1), lone surrogates, non-string keys, duplicate keys in JSON text, and any other type.
"""

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

MAX_SAFE_INTEGER: Final = 2**53 - 1
"""ECMAScript's Number.MAX_SAFE_INTEGER: beyond it, two integers may share one double."""
_SHORT_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_CONTROL: Final = 0x20
_MAX_FIXED: Final = 21
_MIN_FIXED: Final = -6


def canonical_json(value: Any) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of a JSON value (dicts, lists, str, int, float, bool, None)."""
    return "".join(_serialise(value)).encode("utf-8", errors="strict")


def parse_json(text: str) -> Any:
    """Parse JSON text as I-JSON: duplicate member names, NaN and Infinity are refused."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in items:
            if key in out:
                msg = f"duplicate member name {key!r}"
                raise ValueError(msg)
            out[key] = item
        return out

    def constant(name: str) -> Any:
        msg = f"{name} is not a JSON number"
        raise ValueError(msg)

    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)


def _serialise(value: Any) -> list[str]:
    out: list[str] = []
    _write(value, out)
    return out


def _write(value: Any, out: list[str]) -> None:
    if value is None or isinstance(value, bool):
        out.append({None: "null", True: "true", False: "false"}[value])
    elif isinstance(value, (int, float)):
        out.append(number(value))
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, Mapping):
        out.append("{")
        if not all(isinstance(key, str) for key in value):
            msg = "object member names must be strings"
            raise TypeError(msg)
        for index, key in enumerate(
            sorted(value, key=lambda k: k.encode("utf-16-be", errors="surrogatepass"))
        ):
            out.append("," if index else "")
            out.append(_string(key))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        out.append("[")
        for index, item in enumerate(value):
            out.append("," if index else "")
            _write(item, out)
        out.append("]")
    else:
        msg = f"{type(value).__name__} is not a JSON value"
        raise TypeError(msg)


def _string(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        msg = f"{text!r} contains a lone surrogate, which UTF-8 cannot encode"
        raise ValueError(msg) from None
    escaped = (
        _SHORT_ESCAPES.get(char) or (f"\\u{ord(char):04x}" if ord(char) < _CONTROL else char) for char in text
    )
    return '"' + "".join(escaped) + '"'


def number(value: float) -> str:
    """Return a number as ECMAScript's ``Number.prototype.toString`` writes the double it denotes."""
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            msg = f"{value} is beyond 2**53 - 1 (Number.MAX_SAFE_INTEGER): an integer this large may not survive a round trip through a double"
            raise ValueError(msg)
        value = float(value)
    if math.isnan(value):
        msg = "NaN is not a JSON number"
        raise ValueError(msg)
    if math.isinf(value):
        msg = "the number overflows a double (it would be infinite), which JSON cannot write"
        raise ValueError(msg)
    if value == 0:
        return "0"  # also -0
    sign = "-" if value < 0 else ""
    digits, point = _decimal(abs(value))
    k, n = len(digits), point
    if k <= n <= _MAX_FIXED:
        return sign + digits + "0" * (n - k)
    if 0 < n <= _MAX_FIXED:
        return sign + digits[:n] + "." + digits[n:]
    if _MIN_FIXED < n <= 0:
        return sign + "0." + "0" * -n + digits
    exponent = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"


def _decimal(value: float) -> tuple[str, int]:
    """Return the shortest round-trip digits of a positive double and the position of the decimal point."""
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0"), point
