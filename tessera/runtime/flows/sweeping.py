"""Starting flows whose triggers are not writes: schedules and «no activity». The scheduler
sweeps every minute (``tessera tick`` once): each such flow's trigger selects the records due
as of now, its «only when» narrows them in the same query, and a run starts for each.

Two processes never sweep one flow at once: a sweep first moves the flow's ``flow_sweeps``
row from the time it read to now, and only the process whose update took does the work.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import sqlalchemy as sa

from tessera.conditions.env import utc
from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.condition_env import eval_env, sql_scope
from tessera.runtime.database import my_turn, writer
from tessera.runtime.flows.starting import start_run
from tessera.runtime.tables import flow_sweeps

LIMIT = 1000  # runs one flow starts per sweep; the rest start at the next sweep


def sweep(engine: sa.Engine, at: dt.datetime | None = None, *, catalog=None) -> int:
    """Start the runs of every enabled sweeping flow due as of ``at``; returns how many.

    Example::

        sweep(engine)  # 3: three leads went 24 h without a follow-up
    """
    catalog = catalog or AppCatalog()
    started = 0
    with clock.frozen_at(at) if at is not None else contextlib.nullcontext():
        now = clock.now()
        with engine.connect() as conn:
            apps = catalog.all(conn)
        for app in apps:
            for form in app.forms.values():
                for flow in form.section("flows") or ():
                    if flow.enabled and flow.trigger.sweeps:
                        started += _sweep_flow(engine, form, flow, now)
    return started


def _sweep_flow(engine, form, flow, now: dt.datetime) -> int:
    s = flow_sweeps
    mine = (s.c.app_key == form.app_key) & (s.c.flow_key == flow.key)
    with my_turn(engine), writer(engine).begin() as conn:
        last = conn.execute(sa.select(s.c.swept_at).where(mine)).scalar()
        due = flow.trigger.due(conn, form, flow, flow.trigger_config, now, utc(last))
        if due is None:  # not yet (a schedule's next firing is to come): nothing to claim
            if last is None:
                _claim(conn, form, flow, last, now)  # a new schedule counts from now
            return 0
        if not _claim(conn, form, flow, last, now):
            return 0
        where, detail = due
        table = form.table
        query = sa.select(table.c.id).where(table.c.deleted_at.is_(None), where)
        if flow.only_if is not None:
            scope = sql_scope(form, eval_env(now=now, conn=conn, app_key=form.app_key))
            query = query.where(flow.only_if.sql(scope))
        ids = conn.execute(query.order_by(table.c.id).limit(LIMIT)).scalars().all()
        for record_id in ids:
            about = flow.trigger.describe(conn, form, record_id, detail)
            start_run(conn, form, flow, record_id, about)
        return len(ids)


def _claim(conn, form, flow, last, now) -> bool:
    """Move the flow's sweep row from ``last`` to ``now``; False when another process did."""
    s = flow_sweeps
    if last is None:
        try:
            with conn.begin_nested():
                conn.execute(
                    s.insert().values(app_key=form.app_key, flow_key=flow.key, swept_at=now)
                )
        except sa.exc.IntegrityError:
            return False
        return True
    moved = conn.execute(
        s.update()
        .where((s.c.app_key == form.app_key) & (s.c.flow_key == flow.key) & (s.c.swept_at == last))
        .values(swept_at=now)
    )
    return moved.rowcount == 1
