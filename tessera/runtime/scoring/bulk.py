"""A scoring model as ONE SQL expression over the form's table, for bulk rescoring, decay
and backtests: ``Σ CASE WHEN <condition> THEN points ELSE 0 END`` plus correlated event
counts. Built through the same condition compiler as the per-record path."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from tessera.runtime.tables import events


class least(GenericFunction):  # noqa: N801  (SQL function name)
    """``least(a, b)`` on PostgreSQL, ``min(a, b)`` (scalar) on SQLite."""

    type = sa.Integer()
    inherit_cache = True


@compiles(least, "sqlite")
def _least_sqlite(element, compiler, **kw):
    return f"min({compiler.process(element.clauses, **kw)})"


def _record_events(scope):
    table = scope.table
    return [
        events.c.app_key == scope.form.app_key,
        events.c.form_key == scope.form.key,
        events.c.record_id == table.c.id,
    ]


def event_points(rule, scope) -> sa.ColumnElement:
    """Points of one event rule: ``points × min(count, max_times)``."""
    where = _record_events(scope) + rule.filter.sql_where(events, now=scope.env.now)
    if rule.max_times == 1:
        return sa.case((sa.exists().where(*where), rule.points), else_=0)
    count = sa.select(sa.func.count()).where(*where).scalar_subquery()
    if rule.max_times is not None:
        count = least(count, rule.max_times)
    return count * rule.points


def decay_points(rule, scope) -> sa.ColumnElement:
    """Points of a decay rule: created and no event for ``inactive_days`` days."""
    since = scope.env.now - dt.timedelta(days=rule.inactive_days)
    recent = sa.exists().where(*_record_events(scope), events.c.occurred_at > since)
    return sa.case(
        (sa.and_(scope.table.c.created_at <= since, sa.not_(recent)), rule.points), else_=0
    )


def score_expression(model, scope) -> sa.ColumnElement:
    """The model's score for every row of ``scope.table``.

    Example::

        sa.select(table.c.id, score_expression(model, sql_scope(form)))
    """
    terms, groups = [], {}
    for rule in model.attributes:
        if rule.group is None:
            terms.append(sa.case((rule.condition.sql(scope), rule.points), else_=0))
        else:
            groups.setdefault(rule.group, []).append(rule)
    for tiers in groups.values():  # first matching tier wins, as in the per-record path
        terms.append(sa.case(*[(r.condition.sql(scope), r.points) for r in tiers], else_=0))
    terms += [event_points(r, scope) for r in model.events]
    terms += [decay_points(r, scope) for r in model.decay]
    if not terms:
        return sa.literal(0, sa.Integer())
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total
