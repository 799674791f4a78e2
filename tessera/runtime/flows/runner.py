"""Running flows: claim due timers with a lease, run each run's steps from its cursor until
the end or a wait, a few timers per transaction, each timer in a savepoint of its own.

A claim marks a batch of due timers ``claimed`` with a lease token and time (PostgreSQL:
``FOR UPDATE SKIP LOCKED``; SQLite: a writer transaction), so two workers never run the same
timer; a timer whose lease ran out (its worker died) is claimed again. A timer's steps, the
step log, the next timer and the timer marked done commit together: a crash repeats at most
the uncommitted timers, whose writes were rolled back. A step that raises rolls back its
timer's writes and is retried from the same cursor after 1, 5, 30 minutes, then the run
fails with the error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import my_turn, writer
from tessera.runtime.flows.actions.base import RunContext
from tessera.runtime.flows.compiled import cursor_text, parse_cursor
from tessera.runtime.flows.conditions import holds
from tessera.runtime.flows.starting import running_chain
from tessera.runtime.store.records import RecordStore
from tessera.runtime.store.timeline import jsonable
from tessera.runtime.tables import flow_runs, flow_steps, flow_timers

LEASE = dt.timedelta(minutes=5)
BATCH = 100
PER_TRANSACTION = 25  # timers per commit: fewer syncs, short enough not to hold writers back
POLL = dt.timedelta(minutes=10)  # how often a wait for a condition looks again
RETRY_AFTER = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30))


@dataclass
class StepError(Exception):
    """A step raised: which one, and why."""

    step_key: str
    error: Exception


def run_due(engine: sa.Engine, at: dt.datetime | None = None, *, catalog=None) -> int:
    """Run every timer due as of ``at`` (default now), including those the runs themselves
    make due on the way; returns how many timers ran.

    Example::

        run_due(engine, at=datetime(2026, 12, 6, tzinfo=UTC))  # what a worker does each tick
    """
    catalog = catalog or AppCatalog()
    token = secrets.token_hex(8)
    ran = 0
    with clock.frozen_at(at) if at is not None else contextlib.nullcontext():
        while ids := claim_due(engine, token=token):
            for start in range(0, len(ids), PER_TRANSACTION):
                chunk = ids[start : start + PER_TRANSACTION]
                ran += run_timers(engine, chunk, token=token, catalog=catalog)
    return ran


def claim_due(engine: sa.Engine, *, token: str, limit: int = BATCH) -> list[int]:
    """Lease up to ``limit`` due timers (or timers whose lease ran out) to ``token``."""
    t, now = flow_timers, clock.now()
    claimable = sa.or_(
        sa.and_(t.c.state == "due", t.c.due_at <= now),
        sa.and_(t.c.state == "claimed", t.c.lease_until < now),
    )
    pick = (
        sa.select(t.c.id)
        .where(claimable)
        .order_by(t.c.due_at, t.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    with my_turn(engine), writer(engine).begin() as conn:
        claimed = conn.execute(
            t.update()
            .where(t.c.id.in_(pick.scalar_subquery()))
            .values(state="claimed", lease_token=token, lease_until=now + LEASE)
            .returning(t.c.id)
        )
        return sorted(claimed.scalars())


def run_timers(engine: sa.Engine, timer_ids: list[int], *, token: str, catalog) -> int:
    """Run claimed timers in one transaction, each in a savepoint of its own (a step that
    raises rolls back only its timer's writes); returns how many ran (a timer whose lease was
    lost to another worker does not). A crash before the commit rolls them all back: their
    leases run out and they run again, once, elsewhere."""
    ran = 0
    with my_turn(engine), writer(engine).begin() as conn:
        for timer_id in timer_ids:
            ran += _run_timer(conn, timer_id, token=token, catalog=catalog)
    return ran


def _run_timer(conn, timer_id: int, *, token: str, catalog) -> int:
    t = flow_timers
    row = conn.execute(
        sa.select(t.c.cursor, t.c.attempt, flow_runs)
        .join(flow_runs, flow_runs.c.id == t.c.run_id)
        .where((t.c.id == timer_id) & (t.c.state == "claimed") & (t.c.lease_token == token))
        .with_for_update(of=t)
    ).first()
    if row is None:
        return 0
    timer = run = row  # one row: the timer's cursor and attempt beside its run's columns
    try:
        with conn.begin_nested():
            _execute(conn, run, parse_cursor(timer.cursor), catalog)
    except StepError as failed:
        _fail_or_retry(conn, run, timer, failed)
    conn.execute(TIMER_DONE, {"timer_id": timer_id})
    return 1


def _execute(conn, run, cursor, catalog) -> None:
    app = catalog.version(conn, run.app_key, run.app_version)
    form = app.form(run.form_key) if app is not None else None
    flow = next((f for f in (form.section("flows") if form else ()) if f.key == run.flow_key), None)
    if flow is None:
        _finish(conn, run, "failed", f"flow {run.flow_key!r} is not in version {run.app_version}")
        return
    chain = running_chain.set((*[tuple(p) for p in run.chain], (flow.key, run.record_id)))
    try:
        while cursor is not None:
            step = flow.step_at(cursor)
            try:
                cursor = _run_step(conn, run, form, flow, step, cursor)
            except Exception as exc:  # a step's failure is the run's to record, not the worker's
                raise StepError(step.key, exc) from exc
    finally:
        running_chain.reset(chain)


def _run_step(conn, run, form, flow, step, cursor):
    """Run ``step``; returns the cursor to go on at, or None (the run ended or waits)."""
    now = clock.now()
    record = RecordStore(conn, form).get(run.record_id)
    if record is None:
        _log(conn, run, step.key, "skipped", {"reason": "record_deleted"}, now)
        _finish(conn, run, "done")
        return None
    if step.kind == "action":
        ctx = RunContext(conn, form, record, run.id, flow.key, step.key, now, trigger=run.trigger)
        did = step.action.run(ctx, step.config)
        _log(conn, run, step.key, "skipped" if did.get("skipped") else "done", did, now)
        return _next(conn, run, flow, cursor)
    if step.kind == "branch":
        yes = holds(step.condition, conn, form, record, now)
        _log(conn, run, step.key, "done", {"result": "yes" if yes else "no"}, now)
        side = step.then if yes else step.otherwise
        return (*cursor, "then" if yes else "else", 0) if side else _next(conn, run, flow, cursor)
    if step.until is not None:
        return _wait_for_condition(conn, run, form, flow, step, cursor, record, now)
    due = _wait_until(step, record, now)
    after = flow.after(cursor)
    if due <= now or after is None:
        _log(conn, run, step.key, "done", {"until": due.isoformat(), "waited": False}, now)
        return _next(conn, run, flow, cursor)
    _log(conn, run, step.key, "waiting", {"until": due.isoformat()}, now)
    conn.execute(
        flow_timers.insert().values(
            run_id=run.id, cursor=cursor_text(after), state="due", due_at=due, created_at=now
        )
    )
    conn.execute(flow_runs.update().where(flow_runs.c.id == run.id).values(state="waiting"))
    return None


def _wait_for_condition(conn, run, form, flow, step, cursor, record, now):
    """Go on once the record matches ``step.until``; after ``step.duration`` without it, take
    the timeout lane. Until then the run looks again every :data:`POLL` (and at the deadline)."""
    waiting = conn.execute(
        sa.select(flow_steps.c.detail)
        .where(
            (flow_steps.c.run_id == run.id)
            & (flow_steps.c.step_key == step.key)
            & (flow_steps.c.state == "waiting")
        )
        .order_by(flow_steps.c.id)
        .limit(1)
    ).scalar()
    deadline = dt.datetime.fromisoformat(waiting["deadline"]) if waiting else now + step.duration
    if holds(step.until, conn, form, record, now):
        _log(conn, run, step.key, "done", {"met": True}, now)
        return _next(conn, run, flow, cursor)
    if now >= deadline:
        _log(
            conn, run, step.key, "done", {"timed_out": True, "deadline": deadline.isoformat()}, now
        )
        return (*cursor, "timeout", 0) if step.on_timeout else _next(conn, run, flow, cursor)
    if waiting is None:
        _log(
            conn,
            run,
            step.key,
            "waiting",
            {"until_condition": True, "deadline": deadline.isoformat()},
            now,
        )
    conn.execute(
        flow_timers.insert().values(
            run_id=run.id,
            cursor=cursor_text(cursor),
            state="due",
            due_at=min(now + POLL, deadline),
            created_at=now,
        )
    )
    conn.execute(flow_runs.update().where(flow_runs.c.id == run.id).values(state="waiting"))
    return None


def _next(conn, run, flow, cursor):
    after = flow.after(cursor)
    if after is None:
        _finish(conn, run, "done")
    return after


def _wait_until(step, record, now: dt.datetime) -> dt.datetime:
    start = now
    if step.until_field:
        value = record.values.get(step.until_field)
        if isinstance(value, dt.datetime):
            start = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        elif isinstance(value, dt.date):
            start = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return start + (step.duration or dt.timedelta())


def _fail_or_retry(conn, run, timer, failed: StepError) -> None:
    now = clock.now()
    error = f"{type(failed.error).__name__}: {failed.error}"
    if timer.attempt <= len(RETRY_AFTER):
        retry_at = now + RETRY_AFTER[timer.attempt - 1]
        detail = {"error": error, "retry_at": retry_at.isoformat()}
        _log(conn, run, failed.step_key, "failed", detail, now, attempt=timer.attempt)
        conn.execute(
            flow_timers.insert().values(
                run_id=run.id,
                cursor=timer.cursor,
                state="due",
                due_at=retry_at,
                attempt=timer.attempt + 1,
                created_at=now,
            )
        )
        return
    _log(conn, run, failed.step_key, "failed", {"error": error}, now, attempt=timer.attempt)
    _finish(conn, run, "failed", error)


# Statements run for every step, built once (their parameters vary, not their shape).
LOG_STEP = flow_steps.insert()
FINISH_RUN = (
    flow_runs.update()
    .where(flow_runs.c.id == sa.bindparam("run_id"))
    .values(
        state=sa.bindparam("state"),
        error=sa.bindparam("error"),
        finished_at=sa.bindparam("finished_at"),
    )
)
TIMER_DONE = (
    flow_timers.update().where(flow_timers.c.id == sa.bindparam("timer_id")).values(state="done")
)


def _log(conn, run, step_key, state, detail, started, *, attempt: int = 1) -> None:
    conn.execute(
        LOG_STEP,
        {
            "run_id": run.id,
            "step_key": step_key,
            "state": state,
            "detail": jsonable(detail),
            "attempt": attempt,
            "started_at": started,
            "finished_at": clock.now(),
        },
    )


def _finish(conn, run, state: str, error: str | None = None) -> None:
    params = {"run_id": run.id, "state": state, "error": error, "finished_at": clock.now()}
    conn.execute(FINISH_RUN, params)


def retry(conn, run_id: int, *, actor_id: int | None = None) -> bool:
    """Send a failed run back to the step it failed at (due now); False when the run has not
    failed. The step log keeps the failure and says who asked for the retry."""
    run = conn.execute(sa.select(flow_runs).where(flow_runs.c.id == run_id)).first()
    if run is None or run.state != "failed":
        return False
    last = conn.execute(
        sa.select(flow_timers.c.cursor)
        .where(flow_timers.c.run_id == run_id)
        .order_by(flow_timers.c.id.desc())
        .limit(1)
    ).scalar()
    if last is None:
        return False
    now = clock.now()
    conn.execute(
        flow_timers.insert().values(
            run_id=run_id, cursor=last, state="due", due_at=now, created_at=now
        )
    )
    conn.execute(
        flow_runs.update()
        .where(flow_runs.c.id == run_id)
        .values(state="running", error=None, finished_at=None)
    )
    failed_step = conn.execute(
        sa.select(flow_steps.c.step_key)
        .where(flow_steps.c.run_id == run_id)
        .order_by(flow_steps.c.id.desc())
        .limit(1)
    ).scalar()
    _log(conn, run, failed_step or "", "retried", {"by": actor_id}, now)
    return True
