"""The welcome nurture as an operator runs it: two ``tessera worker`` processes beside the
app and a real SMTP server on loopback. A new public lead gets the welcome email once; at
``tick --at +2d`` (not opened) marketing has a call task; at ``+3d`` the case study arrives;
each email exactly once although two workers claim all the time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa
from click.testing import CliRunner

from tessera.runtime.tables import tasks
from tessera.runtime.web.cli import main
from tests.runtime.mail.conftest import MARKETING
from tests.runtime.mail.support import public_lead
from tests.support.smtp import Inbox


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_welcome_case_study_and_call_task_once_each_with_two_workers(mailroom):
    app, engine, settings = mailroom
    with Inbox() as inbox:
        env = {
            **os.environ,
            "TESSERA_DATABASE_URL": settings.database_url,
            "TESSERA_INSTANCE_PATH": str(settings.instance_path),
            "TESSERA_SECRET_KEY": settings.secret_key,
            "TESSERA_SMTP_HOST": "127.0.0.1",
            "TESSERA_SMTP_PORT": str(inbox.port),
            "TESSERA_SMTP_FROM": "线索管理 <news@example.com>",
        }
        command = [sys.executable, "-m", "tessera.runtime.web.cli", "worker", "--interval", "0.2"]
        workers = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        try:
            import datetime as dt

            now = dt.datetime.now(dt.UTC)
            record_id = public_lead(app, now, email="li.na@hengtong-mfg.com", company="恒通制造")
            _wait_for(lambda: len(inbox.messages) >= 1)
            time.sleep(2)  # both workers have claimed several times since
            assert [m["Subject"] for m in inbox.messages] == ["张伟，欢迎了解星辰云 CRM"]
            tick_env = {k: v for k, v in env.items() if k.startswith("TESSERA_")}
            day2 = CliRunner().invoke(main, ["tick", "--at", "+2d"], env=tick_env)
            assert day2.exit_code == 0, day2.output
            with engine.connect() as conn:
                (task,) = conn.execute(sa.select(tasks).where(tasks.c.record_id == record_id)).all()
                marketer = conn.execute(
                    sa.text("SELECT id FROM users WHERE email = :e"), {"e": MARKETING}
                ).scalar()
            assert task.assignee_id == marketer
            day3 = CliRunner().invoke(main, ["tick", "--at", "+3d"], env=tick_env)
            assert day3.exit_code == 0 and "1 sent" in day3.output, day3.output
            time.sleep(1)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            codes = [worker.wait(timeout=30) for worker in workers]
        assert codes == [0, 0]
        subjects = [m["Subject"] for m in inbox.messages]
    assert len(subjects) == 2 and subjects[0] == "张伟，欢迎了解星辰云 CRM"
    assert subjects[1] != subjects[0]
    assert [to for _, to in inbox.envelopes] == [["li.na@hengtong-mfg.com"]] * 2
