"""Values as a backup file holds them: JSON that reads back the same on SQLite and
PostgreSQL. Dates, times, decimals and bytes are tagged (``{"$dt": "2026-12-05T…"}``);
everything else is plain JSON."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
from typing import Any


def encode(value: Any) -> Any:
    """A stored value as JSON-safe data (tagged where JSON has no such type)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=dt.UTC)
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$t": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)).startswith("$"):
        return {"$json": value}  # a stored JSON object that looks like a tag
    return value


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, dict) and len(value) == 1:
        tag, raw = next(iter(value.items()))
        if tag == "$dt":
            return dt.datetime.fromisoformat(raw)
        if tag == "$d":
            return dt.date.fromisoformat(raw)
        if tag == "$t":
            return dt.time.fromisoformat(raw)
        if tag == "$dec":
            return decimal.Decimal(raw)
        if tag == "$b":
            return base64.b64decode(raw)
        if tag == "$json":
            return raw
    return value
