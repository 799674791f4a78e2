"""``tessera worker`` as an operator runs it: two worker processes beside the app run every
started flow once, and stop cleanly on SIGTERM; ``tessera tick --at`` runs what is due then."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa
from click.testing import CliRunner

from tessera.runtime.tables import flow_runs, flow_steps
from tessera.runtime.web.cli import main
from tests.runtime.flows.support import WELCOME, create_lead, install, runs


def _env(settings) -> dict:
    return {
        **os.environ,
        "TESSERA_DATABASE_URL": settings.database_url,
        "TESSERA_INSTANCE_PATH": str(settings.instance_path),
    }


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_two_workers_run_each_started_flow_once_and_stop_on_sigterm(office, settings):
    app, engine = office
    install(engine, {"welcome": {**WELCOME, "steps": WELCOME["steps"][:2]}})
    command = [sys.executable, "-m", "tessera.runtime.web.cli", "worker", "--interval", "0.2"]
    workers = [
        subprocess.Popen(
            command, env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    try:
        for i in range(12):
            create_lead(app, phone=f"1390000{i:04d}", name=f"客户{i}")
        _wait_for(
            lambda: len(runs(engine)) == 12 and {r["state"] for r in runs(engine)} == {"done"}
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=30) for worker in workers]
    assert codes == [0, 0], [w.stderr.read().decode()[-2000:] for w in workers]
    with engine.connect() as conn:
        logged = conn.execute(
            sa.select(flow_steps.c.run_id, sa.func.count()).group_by(flow_steps.c.run_id)
        ).all()
    assert len(logged) == 12 and {count for _, count in logged} == {2}


def test_tick_at_runs_the_waits_due_then(office, settings):
    app, engine = office
    install(engine, {"welcome": WELCOME})
    create_lead(app)
    env = {k: v for k, v in _env(settings).items() if k.startswith("TESSERA_")}
    first = CliRunner().invoke(main, ["tick"], env=env, catch_exceptions=False)
    assert first.exit_code == 0 and "1 due timers run" in first.output
    with engine.connect() as conn:
        assert conn.execute(sa.select(flow_runs.c.state)).scalar_one() == "waiting"
    later = time.time() + 3 * 86400
    at = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(later))
    second = CliRunner().invoke(main, ["tick", "--at", at], env=env, catch_exceptions=False)
    assert second.exit_code == 0 and "1 due timers run" in second.output, second.output
    with engine.connect() as conn:
        assert conn.execute(sa.select(flow_runs.c.state)).scalar_one() == "done"


def test_tick_at_takes_a_time_from_now_and_names_a_bad_one(office, settings):
    app, engine = office
    install(engine, {"welcome": WELCOME})
    create_lead(app)
    env = {k: v for k, v in _env(settings).items() if k.startswith("TESSERA_")}
    soon = CliRunner().invoke(main, ["tick", "--at", "+1d"], env=env, catch_exceptions=False)
    assert soon.exit_code == 0 and "1 due timers run" in soon.output  # started, now waiting
    with engine.connect() as conn:
        assert conn.execute(sa.select(flow_runs.c.state)).scalar_one() == "waiting"
    later = CliRunner().invoke(main, ["tick", "--at", "+3 days"], env=env, catch_exceptions=False)
    assert "1 due timers run" in later.output and "messages: 0 sent" in later.output
    with engine.connect() as conn:
        assert conn.execute(sa.select(flow_runs.c.state)).scalar_one() == "done"
    bad = CliRunner().invoke(main, ["tick", "--at", "next tuesday"], env=env)
    assert bad.exit_code == 2 and "--at" in bad.output and "+2d" in bad.output


def test_a_worker_killed_mid_run_loses_no_step_and_repeats_no_recorded_side_effect(
    office, settings
):
    """SIGKILL a worker while it runs a few hundred runs, then let another process run what
    is left after the dead worker's leases ran out: every run finishes, each step is logged
    once, each record got each tag once and one queued message per run."""
    from tessera.runtime.catalog import AppCatalog
    from tessera.runtime.outbox import connections
    from tessera.runtime.store.records import RecordStore
    from tessera.runtime.tables import activities, outbox

    app, engine = office
    steps = [
        {"key": "a", "type": "action", "action": "add_tag", "config": {"tag": "a"}},
        {"key": "hook", "type": "action", "action": "webhook", "config": {"connection": "crm"}},
        {"key": "b", "type": "action", "action": "add_tag", "config": {"tag": "b"}},
    ]
    install(engine, {"tagger": {**WELCOME, "steps": steps}})
    with engine.begin() as conn:
        connections.put(conn, "crm", "webhook", "http://127.0.0.1:9/never-sent")
        form = AppCatalog().get(conn, "leads").form("lead")
        rows = [{"name": f"客户{i}"} for i in range(400)]
        RecordStore(conn, form).create_many(rows, payloads=[{"via": "api"}] * len(rows))
    command = [sys.executable, "-m", "tessera.runtime.web.cli", "worker", "--interval", "0.1"]
    worker = subprocess.Popen(
        command, env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )

    def finished():
        with engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(flow_runs).where(flow_runs.c.state == "done")
            ).scalar_one()

    try:
        _wait_for(lambda: finished() >= 40)
    finally:
        worker.kill()  # SIGKILL: no clean-up, its transaction dies with it
        worker.wait(timeout=30)
    assert finished() < 400, "the worker finished before it could be killed"
    env = {k: v for k, v in _env(settings).items() if k.startswith("TESSERA_")}
    later = CliRunner().invoke(main, ["tick", "--at", "+10m"], env=env, catch_exceptions=False)
    assert later.exit_code == 0, later.output
    assert finished() == 400
    with engine.connect() as conn:
        logged = conn.execute(
            sa.select(flow_steps.c.run_id, flow_steps.c.step_key, sa.func.count())
            .where(flow_steps.c.state == "done")
            .group_by(flow_steps.c.run_id, flow_steps.c.step_key)
        ).all()
        queued = conn.execute(sa.select(outbox.c.run_id)).scalars().all()
        tag_entries = conn.execute(
            sa.select(activities.c.record_id, sa.func.count())
            .where(activities.c.kind == "updated")
            .group_by(activities.c.record_id)
        ).all()
        tags = conn.execute(sa.select(form.table.c.tags)).scalars().all()
    assert len(logged) == 1200 and {n for *_, n in logged} == {1}
    assert len(queued) == 400 == len(set(queued))
    assert {n for _, n in tag_entries} == {2} and len(tag_entries) == 400
    assert all(sorted(t) == ["a", "b"] for t in tags)
