"""Which behaviour events count: an event type (``*``: any type, i.e. any interaction),
property filters and a time window.

Shared by event conditions (``count ≥ N``) and scoring event rules (points per event, capped).
Property values are compared as text. «No interaction for 14 days» is
``{"not": {"event": {"type": "*", "within_days": 14}}}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, as_list
from tessera.conditions.operators.text_match import LIKE_ESCAPE, like_escape

ANY_TYPE = "*"  # an event filter of this type counts events of every type
PROP_OPS = ("eq", "ne", "in", "not_in", "contains", "starts_with", "is_empty", "is_not_empty")


@dataclass(frozen=True)
class PropTest:
    """One filter on ``props[prop]`` (as text)."""

    prop: str
    op: str
    items: tuple[str, ...]

    def python(self, value) -> bool:
        text = None if value is None else str(value)
        op, items = self.op, self.items
        if op == "is_empty":
            return text is None or text == ""
        if op == "is_not_empty":
            return text is not None and text != ""
        if op in ("ne", "not_in"):
            return text is None or text not in items
        if text is None:
            return False
        if op in ("eq", "in"):
            return text in items
        low = text.lower()
        if op == "contains":
            return items[0].lower() in low
        return low.startswith(items[0].lower())  # starts_with

    def python_source(self, props: str, src) -> str:
        """:meth:`python` as an expression over the generated dict name ``props`` (the
        property's value is held in ``_p``; items are escaped literals)."""
        got = f"(_p := {props}.get({src.literal(self.prop)}))"
        items = "{" + ", ".join(src.literal(item) for item in self.items) + "}"
        items = items if self.items else "()"  # «{}» would be a dict
        op = self.op
        if op == "is_empty":
            return f"({got} is None or str(_p) == '')"
        if op == "is_not_empty":
            return f"({got} is not None and str(_p) != '')"
        if op in ("ne", "not_in"):
            return f"({got} is None or str(_p) not in {items})"
        if op in ("eq", "in"):
            return f"({got} is not None and str(_p) in {items})"
        word = src.literal(self.items[0].lower())
        if op == "contains":
            return f"({got} is not None and {word} in str(_p).lower())"
        return f"({got} is not None and str(_p).lower().startswith({word}))"  # starts_with

    def sql(self, props) -> sa.ColumnElement:
        col = props[self.prop].as_string()
        op, items = self.op, self.items
        if op == "is_empty":
            return sa.or_(col.is_(None), col == "")
        if op == "is_not_empty":
            return sa.and_(col.isnot(None), col != "")
        if op in ("ne", "not_in"):
            return sa.or_(col.is_(None), col.not_in(items))
        if op in ("eq", "in"):
            return sa.and_(col.isnot(None), col.in_(items))
        pattern = like_escape(items[0].lower())
        pattern = f"%{pattern}%" if op == "contains" else f"{pattern}%"
        return sa.and_(col.isnot(None), sa.func.lower(col).like(pattern, escape=LIKE_ESCAPE))


@dataclass(frozen=True)
class EventFilter:
    """Events of ``type`` passing every prop test, within the last ``within_days`` (or ever).

    Example::

        f = parse_event_filter({"type": "page_view",
                                "where": [{"prop": "page", "op": "in", "value": ["pricing"]}]})
        f.count(env.events, now=env.now)
    """

    type: str
    tests: tuple[PropTest, ...] = ()
    within_days: float | None = None

    @property
    def any_type(self) -> bool:
        """Whether events of every type count (type ``*``)."""
        return self.type == ANY_TYPE

    def since(self, now: dt.datetime) -> dt.datetime | None:
        return None if self.within_days is None else now - dt.timedelta(days=self.within_days)

    def accepts(self, event, now: dt.datetime) -> bool:
        """Whether one event (of this filter's type) counts as of ``now``."""
        if self.within_days is not None:
            at = event.occurred_at
            if not now - dt.timedelta(days=self.within_days) <= at <= now:
                return False
        props = event.props
        for test in self.tests:
            if not test.python(props.get(test.prop)):
                return False
        return True

    def count(self, events, *, now: dt.datetime) -> int:
        """How many of ``events`` pass the filter as of ``now``."""
        kind, accepts = self.type, self.accepts
        if self.any_type:
            return sum(1 for event in events if accepts(event, now))
        return sum(1 for event in events if event.type == kind and accepts(event, now))

    def sql_where(self, events_table, *, now: dt.datetime) -> list[sa.ColumnElement]:
        """WHERE terms selecting the same events (besides the record's own key)."""
        terms = [] if self.any_type else [events_table.c.type == self.type]
        since = self.since(now)
        if since is not None:
            terms += [events_table.c.occurred_at >= since, events_table.c.occurred_at <= now]
        terms += [t.sql(events_table.c.props) for t in self.tests]
        return terms


def parse_event_filter(doc: dict, path: str = "") -> EventFilter:
    """Type-check an event filter document; :class:`OperandError` names what is wrong."""
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str) or not doc["type"]:
        raise OperandError(
            "an event needs a type such as page_view",
            "事件需要一个类型，例如 page_view",
            path=f"{path}/type",
        )
    tests = []
    for i, raw in enumerate(doc.get("where") or []):
        at = f"{path}/where/{i}"
        if not isinstance(raw, dict):
            raise OperandError(
                "a property filter is an object {…}", "属性筛选须为对象 {…}", path=at
            )
        prop, op = raw.get("prop"), raw.get("op", "eq")
        if not isinstance(prop, str) or not prop:
            raise OperandError("name the event property", "请指明事件属性", path=f"{at}/prop")
        if op not in PROP_OPS:
            ops = ", ".join(PROP_OPS)
            raise OperandError(f"use one of {ops}", f"请使用以下之一：{ops}", path=f"{at}/op")
        items = tuple(str(v) for v in as_list(raw.get("value")) if v is not None)
        if op not in ("is_empty", "is_not_empty") and not items:
            raise OperandError(
                "give a value to compare with", "请填写用于比较的值", path=f"{at}/value"
            )
        tests.append(PropTest(prop, op, items))
    days = doc.get("within_days")
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, (int, float)) or not 0 < days <= 36500
    ):
        raise OperandError(
            "a number of days from 1 to 36500", "1 到 36500 之间的天数", path=f"{path}/within_days"
        )
    return EventFilter(doc["type"], tuple(tests), None if days is None else float(days))
