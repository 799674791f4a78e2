"""Condition operators: each knows how to test one value in Python.

Operators register in ``operator_registry``; a widget lists the operator keys it supports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tessera.registry import Registry
from tessera.runtime import clock


@dataclass(frozen=True)
class Operator:
    """A comparison: ``test(field_value, operand) -> bool``; ``takes_value`` is False for
    unary operators such as ``is_empty``."""

    type: str
    test: Callable[[Any, Any], bool]
    takes_value: bool = True


operator_registry: Registry[Operator] = Registry("operator")


def _empty(v) -> bool:
    return v is None or v == "" or v == [] or v == {}


def _ordered(fn):
    def test(v, x):
        if v is None or x is None:
            return False
        try:
            return fn(v, x)
        except TypeError:
            return False

    return test


def _as_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple, set)) else [x]


def _instant(value):
    """Dates and datetimes made comparable: a date counts as its midnight in UTC."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        return _instant(dt.datetime.fromisoformat(value))
    raise TypeError(value)


def _days_ago(days) -> dt.datetime:
    return clock.now() - dt.timedelta(days=float(days))


def _between(v, x) -> bool:
    lo, hi = _as_list(x)[:2] if len(_as_list(x)) >= 2 else (None, None)
    return v is not None and lo is not None and lo <= v <= hi


for _op in (
    Operator("eq", lambda v, x: v == x),
    Operator("ne", lambda v, x: v != x),
    Operator("lt", _ordered(lambda v, x: v < x)),
    Operator("le", _ordered(lambda v, x: v <= x)),
    Operator("gt", _ordered(lambda v, x: v > x)),
    Operator("ge", _ordered(lambda v, x: v >= x)),
    Operator("in", lambda v, x: v is not None and v in _as_list(x)),
    Operator(
        "not_in",
        lambda v, x: (
            v is None or v not in _as_list(x)
            if not isinstance(v, list)
            else not set(v) & set(_as_list(x))
        ),
    ),
    Operator("contains", lambda v, x: isinstance(v, str) and str(x).lower() in v.lower()),
    Operator(
        "starts_with", lambda v, x: isinstance(v, str) and v.lower().startswith(str(x).lower())
    ),
    Operator("between", _ordered(_between)),
    Operator(
        "contains_any",
        lambda v, x: isinstance(v, str) and any(str(i).lower() in v.lower() for i in _as_list(x)),
    ),
    Operator("before", _ordered(lambda v, x: _instant(v) < _instant(x))),
    Operator("after", _ordered(lambda v, x: _instant(v) > _instant(x))),
    Operator("within_last_days", _ordered(lambda v, x: _days_ago(x) <= _instant(v) <= clock.now())),
    Operator("more_than_days_ago", _ordered(lambda v, x: _instant(v) < _days_ago(x))),
    Operator("has_any", lambda v, x: isinstance(v, list) and bool(set(v) & set(_as_list(x)))),
    Operator("has_all", lambda v, x: isinstance(v, list) and set(_as_list(x)) <= set(v)),
    Operator("is_empty", lambda v, x: _empty(v), takes_value=False),
    Operator("is_not_empty", lambda v, x: not _empty(v), takes_value=False),
):
    operator_registry.register(_op)
