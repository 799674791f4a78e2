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
