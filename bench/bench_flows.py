"""Flow dispatch and trigger cost, as ratios against baselines measured in the same run.

1. Dispatch: 100,000 stored waits, 10,000 of them due. The runner (claim with a lease, load
   the run, the record, run the step after the wait — ``set_field`` through the record writer
   with its timeline entry — log it, finish the run, mark the timer done) against a
   hand-written loop making the same row updates in batches of 100 (record, timeline entry,
   step log, run, timer). Target: the runner at least 0.5× the loop's speed.
2. Triggers (on SQLite): the share of a lead create spent hearing every enabled flow trigger (and
   starting the runs that fire) in the full pipeline. Target: under 10%.

Run: ``.venv/bin/python -m bench.bench_flows [--url postgresql+psycopg://…]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime import clock, publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.flows import starting
from tessera.runtime.flows.runner import run_due
from tessera.runtime.scoring import subscribers as scoring
from tessera.runtime.setup import initialize
from tessera.runtime.store.bus import WriteBus
from tessera.runtime.store.records import RecordStore
from tessera.runtime.store.write_events import EventReceived, RecordChanged, RecordCreated
from tessera.runtime.tables import activities, flow_runs, flow_steps, flow_timers

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
FLOW = {
    "version": 1,
    "label": {"zh-CN": "基准", "en": "Bench"},
    "form": "lead",
    "trigger": {"type": "record_created", "config": {"via": ["api"]}},
    "steps": [
        {"key": "later", "type": "wait", "wait": {"days": 1}},
        {
            "key": "sql",
            "type": "action",
            "action": "set_field",
            "config": {"field": "lifecycle", "value": "sql"},
        },
    ],
}


def _install(engine, flows: dict) -> None:
    with engine.begin() as conn:
        doc, revision = publishing.load_draft(conn, "leads")
        doc["flows"] = flows
        publishing.save_draft(conn, "leads", doc, expected_revision=revision)
        publishing.publish(conn, "leads")


def seed(engine, catalog, *, stored: int, due: int) -> None:
    """``due`` leads each with a run waiting on a timer due now; ``stored - due`` more runs
    waiting on timers due in a year."""
    form = catalog.get(engine.connect(), "leads").form("lead")
    version = form.app.version
    with engine.begin() as conn:
        conn.execute(
            form.table.insert(),
            [
                {"name": f"客户{i}", "created_at": T0, "updated_at": T0, "lifecycle": "nurturing"}
                for i in range(due)
            ],
        )
        ids = conn.execute(sa.select(form.table.c.id).order_by(form.table.c.id)).scalars().all()
        runs = [
            {
                "app_key": "leads",
                "app_version": version,
                "flow_key": "bench",
                "form_key": "lead",
                "record_id": ids[i % len(ids)],
                "state": "waiting",
                "trigger": {"type": "record_created"},
                "chain": [],
                "started_at": T0,
            }
            for i in range(stored)
        ]
        for start in range(0, stored, 10_000):
            conn.execute(flow_runs.insert(), runs[start : start + 10_000])
        run_ids = conn.execute(sa.select(flow_runs.c.id).order_by(flow_runs.c.id)).scalars().all()
        timers = [
            {
                "run_id": run_id,
                "cursor": "1",
                "state": "due",
                "due_at": T0 if n < due else T0 + dt.timedelta(days=365),
                "created_at": T0,
            }
            for n, run_id in enumerate(run_ids)
        ]
        for start in range(0, stored, 10_000):
            conn.execute(flow_timers.insert(), timers[start : start + 10_000])


def reset(engine, form) -> None:
    """Back to the seeded state: the due timers due again, their runs waiting, no step log."""
    with engine.begin() as conn:
        conn.execute(flow_steps.delete())
        conn.execute(activities.delete())
        conn.execute(
            flow_timers.update()
            .where(flow_timers.c.due_at == T0)
            .values(state="due", lease_token=None, lease_until=None)
        )
        conn.execute(flow_runs.update().values(state="waiting", finished_at=None))
        conn.execute(form.table.update().values(lifecycle="nurturing", revision=1))


def hand_loop(engine, form) -> int:
    """The same row updates, written by hand: 100 timers per transaction."""
    t, done = flow_timers, 0
    while True:
        with engine.begin() as conn:
            batch = conn.execute(
                sa.select(t.c.id, t.c.run_id, flow_runs.c.record_id)
                .join(flow_runs, flow_runs.c.id == t.c.run_id)
                .where(t.c.state == "due", t.c.due_at <= T0)
                .order_by(t.c.due_at, t.c.id)
                .limit(100)
            ).all()
            if not batch:
                return done
            now = clock.now()
            for timer_id, run_id, record_id in batch:
                conn.execute(
                    form.table.update()
                    .where(form.table.c.id == record_id)
                    .values(lifecycle="sql", updated_at=now, revision=form.table.c.revision + 1)
                )
                conn.execute(
                    activities.insert().values(
                        app_key="leads",
                        form_key="lead",
                        record_id=record_id,
                        kind="updated",
                        payload={"changes": {"lifecycle": ["nurturing", "sql"]}},
                        created_at=now,
                    )
                )
                conn.execute(
                    flow_steps.insert().values(
                        run_id=run_id,
                        step_key="sql",
                        state="done",
                        detail={},
                        started_at=now,
                        finished_at=now,
                    )
                )
                conn.execute(
                    flow_runs.update()
                    .where(flow_runs.c.id == run_id)
                    .values(state="done", finished_at=now)
                )
                conn.execute(t.update().where(t.c.id == timer_id).values(state="done"))
            done += len(batch)


def dispatch(url: str, stored: int, due: int, rounds: int) -> tuple[float, float]:
    engine = make_engine(url)
    initialize(engine, demo=True, admin_email="bench@example.com", admin_password="bench-pass")
    _install(engine, {"bench": FLOW})
    catalog = AppCatalog()
    with engine.connect() as conn:
        form = catalog.get(conn, "leads").form("lead")
    started = time.perf_counter()
    seed(engine, catalog, stored=stored, due=due)
    print(f"seeded {stored} waits ({due} due) in {time.perf_counter() - started:.1f} s")
    loop_times, runner_times = [], []
    for _ in range(rounds):
        reset(engine, form)
        start = time.perf_counter()
        with clock.frozen_at(T0):
            assert hand_loop(engine, form) == due
        loop_times.append(time.perf_counter() - start)
        reset(engine, form)
        start = time.perf_counter()
        assert run_due(engine, T0, catalog=catalog) == due
        runner_times.append(time.perf_counter() - start)
        with engine.connect() as conn:
            finished = conn.execute(
                sa.select(sa.func.count()).select_from(flow_runs).where(flow_runs.c.state == "done")
            ).scalar_one()
        assert finished == due, finished
    engine.dispose()
    return statistics.median(loop_times), statistics.median(runner_times)


def trigger_share(url: str, n: int) -> tuple[float, float, float]:
    """Seconds spent evaluating every enabled trigger, seconds spent starting the runs that
    fired (their rows), and seconds of the whole submit pipeline (clean the raw values, the
    capture policy with dedup, scoring, the insert), for ``n`` public-form leads."""
    from tessera.runtime.capture.merge import create_with_policy
    from tessera.runtime.forms.values import clean_values
    from tessera.widgets import WidgetContext

    engine = make_engine(url)
    initialize(engine, demo=True, admin_email="bench@example.com", admin_password="bench-pass")
    spent = {"triggers": 0.0, "starts": 0.0}
    real_start = starting.start_run

    def timed_start(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return real_start(*args, **kwargs)
        finally:
            spent["starts"] += time.perf_counter() - begin

    def timed(event):
        begin = time.perf_counter()
        starting.start_triggered(event)
        spent["triggers"] += time.perf_counter() - begin

    bus = WriteBus()
    scoring.subscribe(bus)
    for event_type in (RecordCreated, RecordChanged, EventReceived):
        bus.subscribe(event_type, timed)
    catalog = AppCatalog(bus=bus.freeze())
    with engine.connect() as conn:
        form = catalog.get(conn, "leads").form("lead")
        flows = len([f for f in form.section("flows") or () if f.enabled])
    ctx = WidgetContext()
    starting.start_run = timed_start
    try:
        start = time.perf_counter()
        with engine.begin() as conn:
            store = RecordStore(conn, form)
            for i in range(n):
                raw = {
                    "name": f"张伟{i}",
                    "phone": f"139{i:08d}",
                    "email": f"zw{i}@acme-{i}.cn",
                    "company": f"某某科技{i}",
                    "title": "销售总监",
                    "company_size": "800",
                    "city": "杭州",
                    "source": "trade_show",
                }
                values = clean_values(form, raw, ctx, strict_keys=False)
                create_with_policy(store, values, origin={"via": "link", "slug": "expo"})
        total = time.perf_counter() - start
    finally:
        starting.start_run = real_start
    engine.dispose()
    print(f"{flows} enabled flows on the lead form")
    starts = spent["starts"]
    return spent["triggers"] - starts, starts, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-n", type=int, default=1000, help="leads created for the trigger share")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'flows.db'}"
        loop, runner = dispatch(url, args.stored, args.due, args.rounds)
        print(
            f"dispatch of {args.due} due among {args.stored} waits on {make_engine(url).dialect.name}"
        )
        print(f"{'path':34} {'seconds':>8} {'speed vs loop':>14}")
        print(f"{'hand-written loop (100 per txn)':34} {loop:8.2f} {1.0:14.2f}")
        print(f"{'runner (claim, lease, step)':34} {runner:8.2f} {loop / runner:14.2f}")
        shares = trigger_share(f"sqlite:///{Path(tmp) / 'triggers.db'}", args.n)
        evaluating, starting_runs, total = shares
        print(f"submit pipeline: {total / args.n * 1e3:.2f} ms per public-form lead ({args.n})")
        print(f"evaluating every enabled trigger: {evaluating / total:.1%} of it")
        print(f"starting the runs that fired (run and timer rows): {starting_runs / total:.1%}")


if __name__ == "__main__":
    main()
