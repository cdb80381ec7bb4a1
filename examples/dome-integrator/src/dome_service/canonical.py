r"""RFC 8785 (JSON Canonicalization Scheme): the bytes fingerprints and binder keys are hashed over.

Our own implementation. Strings are escaped the way the standard library's encoder escapes them with
``ensure_ascii=False`` (``"``, ``\\``, the short escapes, other controls as lower-case ``\\u00xx``), which is
exactly JCS; numbers are written as ECMAScript writes a double, from Python's shortest round-trip digits.
What JCS cannot represent is refused with ``ValueError`` or ``TypeError``, never coerced.
"""

import json
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

_MAX_SAFE_INTEGER: Final = 2**53 - 1
_FIXED_DIGITS: Final = 21
"""ECMAScript writes a double in fixed notation while its decimal point is at most this far right..."""
_FIXED_FRACTION: Final = -6
"""... and at most this many zeros follow the point before the first digit (0.000001 is fixed, 1e-7 not)."""

_encode_string = json.JSONEncoder(ensure_ascii=False).encode


def loads(text: str) -> Any:
    """Parse JSON text, refusing duplicate member names and the non-JSON constants NaN and Infinity."""

    def members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, item in pairs:
            if name in out:
                raise ValueError(f"duplicate member name {name!r}")
            out[name] = item
        return out

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not a JSON number")

    return json.loads(text, object_pairs_hook=members, parse_constant=refuse)


def dumps(value: Any) -> bytes:
    """Return the canonical UTF-8 bytes of a JSON value (dict, list or tuple, str, int, float, bool, None)."""
    try:
        return _text(value).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the value contains a lone surrogate, which UTF-8 cannot encode") from None


def _text(value: Any) -> str:
    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, Mapping):
        if not all(isinstance(name, str) for name in value):
            raise TypeError("object member names must be strings")
        names = sorted(value, key=_utf16)
        return "{" + ",".join(f"{_encode_string(name)}:{_text(value[name])}" for name in names) + "}"
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return "[" + ",".join(_text(item) for item in value) + "]"
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _utf16(name: str) -> bytes:
    """JCS sorts member names by UTF-16 code units (a character beyond the BMP sorts as its surrogates)."""
    return name.encode("utf-16-be", errors="surrogatepass")


def _number(value: float) -> str:
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE_INTEGER:
            raise ValueError(f"{value} is beyond 2**53 - 1: a double cannot hold it exactly")
        value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number; JSON has no NaN or Infinity")
    if value == 0:
        return "0"  # -0 too
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()  # the shortest round-trip digits
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # the decimal point sits after this many digits
    minus = "-" if sign else ""
    if len(text) <= point <= _FIXED_DIGITS:
        return minus + text + "0" * (point - len(text))
    if 0 < point <= _FIXED_DIGITS:
        return f"{minus}{text[:point]}.{text[point:]}"
    if _FIXED_FRACTION < point <= 0:
        return f"{minus}0.{'0' * -point}{text}"
    mantissa = text if len(text) == 1 else f"{text[0]}.{text[1:]}"
    return f"{minus}{mantissa}e{point - 1:+d}"
