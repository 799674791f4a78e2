"""The one JSON parser for request bodies: what cannot be stored or walked safely is refused
while parsing, with the JSON path where it was found, so no endpoint meets it later.

Refused: nesting deeper than :data:`MAX_DEPTH` (the 10,000-level document that used to raise
RecursionError deep inside a view), NUL characters and lone UTF-16 surrogates in keys or
strings (PostgreSQL refuses the first, every encoder the second), integers outside 64 bits,
and ``NaN`` / ``Infinity`` / numbers that overflow to infinity (not JSON, and not storable).
"""

from __future__ import annotations

import json
import math
import re

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 64
INT64 = 2**63
UNSAFE_CHARS = re.compile("[\x00\ud800-\udfff]")


class UnsafeJSON(ValueError):
    """A body that is refused; ``path`` is a JSON pointer (``/fields/name``), ``reason`` says
    why in a sentence for the caller."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path or '/'}: {reason}")
        self.path, self.reason = path or "/", reason


def unsafe_text_reason(text: str) -> str | None:
    """Why ``text`` cannot be stored (a NUL or a lone surrogate), or None when it can."""
    found = UNSAFE_CHARS.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character"
    return "contains a lone UTF-16 surrogate (not valid Unicode)"


def _refuse_constant(name: str):
    raise UnsafeJSON("", f"{name} is not a JSON number")


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise UnsafeJSON("", f"the number {text[:20]} is too large")
    return number


def loads(text: str | bytes):
    """Parse ``text`` as JSON and check it (see the module docstring).

    Raises :class:`UnsafeJSON` (a ``ValueError``, as ``json.JSONDecodeError`` is) for what
    is refused.

    Example::

        loads('{"fields": {"name": "张三"}}')  # {"fields": {"name": "张三"}}
        loads('{"name": "\\u0000"}')  # UnsafeJSON: /name: contains a NUL character
    """
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_float)
    except RecursionError:
        raise UnsafeJSON("", f"nested more than {MAX_DEPTH} levels deep") from None
    check(value)
    return value


def check(value) -> None:
    """Walk a parsed value without recursion; raise :class:`UnsafeJSON` at the first
    refused member."""
    stack = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            reason = unsafe_text_reason(item)
            if reason:
                raise UnsafeJSON(path, reason)
        elif isinstance(item, bool) or item is None or isinstance(item, float):
            continue
        elif isinstance(item, int):
            if not -INT64 <= item < INT64:
                raise UnsafeJSON(path, "the integer is out of range (64 bits)")
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise UnsafeJSON(path, f"nested more than {MAX_DEPTH} levels deep")
            members = item.items() if isinstance(item, dict) else enumerate(item)
            for key, member in members:
                child = f"{path}/{_pointer(key)}"
                if isinstance(key, str):
                    reason = unsafe_text_reason(key)
                    if reason:
                        raise UnsafeJSON(path, f"a member name {reason}")
                stack.append((member, child, depth + 1))


def _pointer(key) -> str:
    # RFC 6901 escaping; a key that cannot be shown is replaced so the message stays printable.
    text = str(key)
    if UNSAFE_CHARS.search(text):
        return "?"
    return text[:60].replace("~", "~0").replace("/", "~1")


class CheckedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with :func:`loads` for parsing, so ``request.get_json()`` in any
    view gets checked values (dumping is unchanged)."""

    def loads(self, s, **kwargs):
        """Parse and check request JSON."""
        return loads(s)
