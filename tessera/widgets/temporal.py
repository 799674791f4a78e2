"""Shared behaviour of date and datetime widgets: parsing, time zones, bounds."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from tessera.widgets.base import FieldError, Widget, WidgetContext, refuse_unsafe_text, tr

YEAR_MIN, YEAR_MAX = 1900, 2200
BOUNDS_SCHEMA = {
    "min": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "max": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "placeholder": {"type": "object"},
}

# 2026-11-23, 2026/11/23, 2026.11.23, 2026年11月23日, then optionally a time and an offset.
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_TIME = r"(?:(?:T|\s)\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d{1,9})?)?)?"
_OFFSET = r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
DATE_TEXT = re.compile(_DATE)
DATETIME_TEXT = re.compile(_DATE + _TIME + _OFFSET, re.IGNORECASE)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The time zone called ``name`` (cached: ZoneInfo reads a file)."""
    return ZoneInfo(name)


def as_utc(value: dt.datetime) -> dt.datetime:
    """An aware UTC datetime; a naive one (as SQLite returns) is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def local(value: dt.datetime, ctx: WidgetContext) -> dt.datetime:
    """A stored datetime in the context's time zone."""
    return as_utc(value).astimezone(zone(ctx.timezone))


def _year_error(ctx: WidgetContext) -> FieldError:
    return FieldError(
        tr(
            ctx.locale,
            f"年份须在 {YEAR_MIN} 到 {YEAR_MAX} 之间",
            f"The year must be between {YEAR_MIN} and {YEAR_MAX}",
        ),
        code="year",
    )


def parse_date(raw: Any, *, ctx: WidgetContext) -> dt.date | None:
    """A date from ``raw`` (a date, a datetime, or text such as ``"2026年11月23日"``)."""
    invalid = FieldError(
        tr(ctx.locale, "请输入有效的日期，如 2026-11-23", "Enter a valid date, e.g. 2026-11-23"),
        code="invalid_date",
    )
    if raw is None:
        return None
    refuse_unsafe_text(raw, ctx=ctx)
    if isinstance(raw, dt.datetime):
        value = local(raw, ctx).date() if raw.tzinfo else raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, str):
        if not raw.strip():
            return None
        # A date with a time of day (an export's «2024-04-01 00:00:00»): its day counts.
        match = DATETIME_TEXT.fullmatch(raw.strip()) if len(raw) < 60 else None
        if match is None:
            raise invalid
        year, month, day = (int(g) for g in match.groups()[:3])
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise _year_error(ctx)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise invalid from None
    else:
        raise invalid
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise _year_error(ctx)
    return value


def parse_datetime(raw: Any, *, ctx: WidgetContext) -> dt.datetime | None:
    """An aware UTC datetime from ``raw``: ISO 8601 with an offset, or a naive local time
    (``"2026-11-23 10:00"``) read in ``ctx.timezone``. Seconds are kept, fractions dropped."""
    invalid = FieldError(
        tr(
            ctx.locale,
            "请输入有效的日期时间，如 2026-11-23 10:00",
            "Enter a valid date and time, e.g. 2026-11-23 10:00",
        ),
        code="invalid_datetime",
    )
    if raw is None:
        return None
    refuse_unsafe_text(raw, ctx=ctx)
    if isinstance(raw, dt.datetime):
        value = raw if raw.tzinfo else raw.replace(tzinfo=zone(ctx.timezone))
    elif isinstance(raw, dt.date):
        value = dt.datetime(raw.year, raw.month, raw.day, tzinfo=zone(ctx.timezone))
    elif isinstance(raw, str):
        if not raw.strip():
            return None
        match = DATETIME_TEXT.fullmatch(raw.strip()) if len(raw) < 60 else None
        if match is None:
            raise invalid
        year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise _year_error(ctx)
        try:
            value = dt.datetime(
                year, month, day, hour, minute, second, tzinfo=_offset(match[7], ctx)
            )
        except ValueError:
            raise invalid from None
    else:
        raise invalid
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise _year_error(ctx)
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _offset(text: str | None, ctx: WidgetContext) -> dt.tzinfo:
    if text is None:
        return zone(ctx.timezone)
    if text.upper() == "Z":
        return dt.UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError("offset out of range")
    sign = -1 if text[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


class TemporalWidget(Widget):
    """A point in time; subclasses say how precise. ``min``/``max`` in the config are ISO
    dates compared with the value's local date."""

    kind = "datetime"
    config_schema = {"type": "object", "properties": BOUNDS_SCHEMA, "additionalProperties": False}

    def local_date(self, value: Any, *, ctx: WidgetContext) -> dt.date:
        """The calendar day of ``value`` where the user is."""
        raise NotImplementedError

    def validate(self, value, *, config, ctx):
        day = self.local_date(value, ctx=ctx)
        lo, hi = config.get("min"), config.get("max")
        if lo and day < dt.date.fromisoformat(lo):
            raise FieldError(
                tr(ctx.locale, f"不能早于 {lo}", f"Must be on or after {lo}"), code="min"
            )
        if hi and day > dt.date.fromisoformat(hi):
            raise FieldError(
                tr(ctx.locale, f"不能晚于 {hi}", f"Must be on or before {hi}"), code="max"
            )
