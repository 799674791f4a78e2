"""Relative time windows: ``within_last_days`` and ``more_than_days_ago``. The bounds are
computed from the evaluation's instant (``env.now``), never from a clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator, require_number
from tessera.conditions.operators.ordered import as_instant

MAX_DAYS = 36500


def day_count(raw) -> float:
    """A number of days from 0 to 36500."""
    days = require_number(raw, "number of days")
    if not 0 <= days <= MAX_DAYS:
        raise OperandError(f"the number of days must be from 0 to {MAX_DAYS}")
    return float(days)


def window(now: dt.datetime, days: float, *, dates: bool, timezone: str):
    """``(since, until)``: for dates, calendar days in ``timezone``; else instants."""
    if dates:
        today = now.astimezone(ZoneInfo(timezone)).date()
        return today - dt.timedelta(days=int(days)), today
    return now - dt.timedelta(days=days), now


class _WindowOperator(Operator):
    def prepare(self, raw, *, field, ctx):
        if field.value_type not in (None, "date", "datetime"):
            raise OperandError(f"{self.type} applies to dates and instants only")
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


class WithinLastDaysOperator(_WindowOperator):
    """Between N days ago and now. Example::

    {"field": "next_at", "op": "within_last_days", "value": 7}
    """

    type = "within_last_days"
    label = {"zh-CN": "最近 N 天内", "en": "within the last N days"}

    def python(self, operand):
        bounds, read = self.bounds, self.reader(operand)

        def test(v, env):
            if v is None:
                return False
            since, until = bounds(operand, env)
            return since <= read(v) <= until

        return test

    def sql(self, col, operand, *, scope, field):
        since, until = self.bounds(operand, scope.env)
        return sa.and_(col.isnot(None), col >= since, col <= until)


class MoreThanDaysAgoOperator(_WindowOperator):
    """Earlier than N days ago. Example::

    {"field": "start_date", "op": "more_than_days_ago", "value": 30}
    """

    type = "more_than_days_ago"
    label = {"zh-CN": "早于 N 天前", "en": "more than N days ago"}

    def python(self, operand):
        bounds, read = self.bounds, self.reader(operand)
        return lambda v, env: v is not None and read(v) < bounds(operand, env)[0]

    def sql(self, col, operand, *, scope, field):
        since, _ = self.bounds(operand, scope.env)
        return sa.and_(col.isnot(None), col < since)


OPERATORS = (WithinLastDaysOperator(), MoreThanDaysAgoOperator())
