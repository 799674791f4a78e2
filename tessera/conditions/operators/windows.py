"""What the relative time windows share (``within_last_days``, ``more_than_days_ago``): the
bounds are computed from the evaluation's instant (``env.now``), never from a clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tessera.conditions.operators.base import OperandError, Operator, require_number
from tessera.conditions.operators.comparing import as_instant

MAX_DAYS = 36500


def day_count(raw) -> float:
    """A number of days from 0 to 36500."""
    days = require_number(raw, "number of days", "天数")
    if not 0 <= days <= MAX_DAYS:
        raise OperandError(
            f"the number of days must be from 0 to {MAX_DAYS}", f"天数须在 0 到 {MAX_DAYS} 之间"
        )
    return float(days)


def window(now: dt.datetime, days: float, *, dates: bool, timezone: str):
    """``(since, until)``: for dates, calendar days in ``timezone``; else instants."""
    if dates:
        today = now.astimezone(ZoneInfo(timezone)).date()
        return today - dt.timedelta(days=int(days)), today
    return now - dt.timedelta(days=days), now


class WindowOperator(Operator):
    """A comparison with «N days ago» (subclasses implement python and sql)."""

    accepts = frozenset({"date", "datetime"})
    operand = "days"

    def prepare(self, raw, *, field, ctx):
        return (day_count(raw), field.value_type == "date", ctx.timezone, field.widget is None)

    def bounds(self, operand, env):
        """``(since, until)`` as of ``env.now``: the caller says when «now» is."""
        if env is None:
            raise ValueError(f"{self.type} is relative to now: evaluate it with an EvalEnv")
        days, dates, timezone, _ = operand
        return window(env.now, days, dates=dates, timezone=timezone)

    def reader(self, operand):
        """How a value is read: untyped values (ISO text, dates) become UTC instants."""
        return as_instant if operand[3] else (lambda v: v)
