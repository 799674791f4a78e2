"""Import jobs (issue 9, item 9): uploads over 2 MB, resume after the worker is killed, the
lease that fences a worker out, and cancel (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture import import_jobs
from tessera.runtime.tables import capture_import_jobs as jobs
from tessera.runtime.tables import capture_import_rejects as rejects
from tests.runtime.conftest import csrf, sign_in

MAPPING = {"map_0": "name", "map_1": "phone", "map_2": "email", "map_3": "company"}
BAD_EVERY = 1000  # one row in a thousand has a phone number that is refused
WORKER = """
import sys
from tessera.runtime.capture.import_worker import run_import
from tessera.runtime.database import make_engine
run_import(make_engine(sys.argv[1]), int(sys.argv[2]), locale="en", timezone="Asia/Shanghai")
"""


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "Mobile phone", "email", "公司名称", "备注"])
    for i in range(rows):
        phone = "12345" if i % BAD_EVERY == 7 else f"139{i:08d}"
        note = "展会名单，第二天下午到访，对报价有兴趣" * 2
        writer.writerow([f"客户{i}", phone, f"u{i}@corp.cn", f"上海某某科技有限公司{i}", note])
    return out.getvalue().encode("utf-8")


def _upload(leads, data: bytes) -> tuple[str, str, int]:
    sign_in(leads.client)
    token = csrf(leads.client, "/a/leads/capture/import")
    answer = leads.client.post(
        "/a/leads/capture/import",
        data={"csrf_token": token, "form": "lead", "file": (io.BytesIO(data), "名单.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 303, answer.status_code
    job_url = answer.headers["Location"]
    saved = leads.client.post(job_url, data={"csrf_token": token, "action": "preview", **MAPPING})
    assert saved.status_code == 200
    return job_url, token, int(job_url.rsplit("/", 1)[1])


def _job(leads, job_id):
    with leads.engine.connect() as conn:
        return conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).one()


def _wait_for(leads, job_id, done, *, seconds=240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = _job(leads, job_id)
        if done(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not get there: {_job(leads, job_id)}")


def _assert_every_row_once(leads, job, rows: int) -> None:
    bad = len([i for i in range(rows) if i % BAD_EVERY == 7])
    table = leads.form().table
    with leads.engine.connect() as conn:
        stored = conn.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(table.c.phone))).where(
                table.c.deleted_at.is_(None)
            )
        ).one()
        reported = conn.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(rejects.c.row_number))).where(
                rejects.c.job_id == job.id
            )
        ).one()
    assert tuple(stored) == (rows - bad, rows - bad)  # no row twice, none lost
    assert tuple(reported) == (bad, bad)
    assert (job.processed_rows, job.created_count, job.rejected_count) == (rows, rows - bad, bad)
    assert (job.merged_count, job.flagged_count) == (0, 0)  # a re-import would have merged


def test_a_csv_over_2_mb_resumes_after_its_worker_is_killed(leads):
    rows = 24_000
    data = _csv(rows)
    assert len(data) > 2 * 1024 * 1024  # the app-wide limit it used to hit (413)
    leads.app.config["IMPORT_LEASE_S"] = 1
    job_url, _token, job_id = _upload(leads, data)
    assert _job(leads, job_id).total_rows == rows
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(leads.engine.url.render_as_string(False)), str(job_id)]
    )
    try:
        _wait_for(leads, job_id, lambda j: j.processed_rows >= 1000, seconds=120)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    killed = _job(leads, job_id)
    assert killed.status == "running" and 1000 <= killed.processed_rows < rows
    assert killed.resume_after > 1000  # the file line its last committed batch ended at
    time.sleep(1.2)  # the dead worker's lease runs out
    page = leads.client.get(job_url, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    job = _wait_for(leads, job_id, lambda j: j.status != "running")
    assert job.status == "done" and job.resumed_count == 1
    _assert_every_row_once(leads, job, rows)
    fragment = leads.client.get(job_url + "/progress", headers={"Accept-Language": "en"})
    assert "Resumed 1 times from the last saved batch" in fragment.get_data(as_text=True)


def test_a_worker_that_lost_its_lease_cannot_write_another_batch(leads):
    _job_url, _token, job_id = _upload(leads, _csv(10))
    first = import_jobs.claim(leads.engine, job_id, lease_s=60)
    assert first and import_jobs.claim(leads.engine, job_id, lease_s=60) is None  # still held
    with clock.frozen_at(clock.now() + dt.timedelta(seconds=61)):
        second = import_jobs.claim(leads.engine, job_id, lease_s=60)
    assert second and second != first
    with leads.engine.begin() as conn:
        import_jobs.renew(conn, job_id, second)
    try:
        with leads.engine.begin() as conn:
            import_jobs.renew(conn, job_id, first)
    except import_jobs.JobStopped:
        pass
    else:
        raise AssertionError("the first worker was fenced out")
    assert _job(leads, job_id).resumed_count == 1


def test_cancel_stops_the_worker_at_its_next_batch_and_says_who(leads):
    rows = 20_000
    job_url, token, job_id = _upload(leads, _csv(rows))
    started = leads.client.post(job_url, data={"csrf_token": token, "action": "start", **MAPPING})
    assert started.status_code == 303
    _wait_for(leads, job_id, lambda j: j.processed_rows >= 500, seconds=120)
    cancel = leads.client.post(job_url + "/cancel", data={"csrf_token": token})
    assert cancel.status_code == 303
    job = _wait_for(leads, job_id, lambda j: j.status != "running")
    assert job.status == "cancelled" and job.processed_rows < rows
    assert job.cancelled_by == leads.admin_id and job.finished_at is not None
    table = leads.form().table
    with leads.engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    assert count == job.created_count  # what was imported stays, and is counted
    page = leads.client.get(job_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Import cancelled by" in page and f"after {job.processed_rows} rows" in page
    assert 'id="import-cancel"' not in page
    time.sleep(0.3)
    assert _job(leads, job_id).status == "cancelled"  # opening the page does not resume it


def test_a_job_not_started_is_cancelled_at_once_and_cannot_start(leads):
    job_url, token, job_id = _upload(leads, _csv(20))
    assert leads.client.post(job_url + "/cancel", data={"csrf_token": token}).status_code == 303
    assert _job(leads, job_id).status == "cancelled"
    leads.client.post(job_url, data={"csrf_token": token, "action": "start", **MAPPING})
    time.sleep(0.3)
    job = _job(leads, job_id)
    assert job.status == "cancelled" and job.processed_rows == 0


def test_a_post_on_a_job_whose_worker_died_resumes_it(leads):
    """A POST's transaction holds the write lock from its start (SQLite): resuming the job
    through the worker's own connections must not wait behind it (it used to time out)."""
    job_url, token, job_id = _upload(leads, _csv(30))
    assert import_jobs.claim(leads.engine, job_id, lease_s=import_jobs.LEASE_S)  # then it dies
    later = clock.now() + dt.timedelta(seconds=import_jobs.LEASE_S + 1)
    with clock.frozen_at(later):
        page = leads.client.post(job_url, data={"csrf_token": token, "action": "preview"})
    assert page.status_code == 200
    job = _wait_for(leads, job_id, lambda j: j.status != "running", seconds=60)
    assert job.status == "done" and job.resumed_count == 1
    assert (job.created_count, job.rejected_count) == (29, 1)  # row 7 has a bad phone
