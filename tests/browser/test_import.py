"""Importing a large file in the browser: the upload goes through (over 2 MB), the import
runs with its progress, and «Cancel import» stops it and says so."""

from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa

from tessera.runtime.tables import capture_import_jobs as jobs
from tests.browser.pages import expect


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "手机", "邮箱", "公司名称", "备注"])
    for i in range(rows):
        note = "展会名单，第二天下午到访，对报价有兴趣" * 2
        writer.writerow(
            [f"浏览器{i}", f"137{i:08d}", f"b{i}@corp.cn", f"杭州某某有限公司{i}", note]
        )
    return out.getvalue().encode("utf-8")


def test_a_large_upload_imports_and_can_be_cancelled(
    signed_in_page, live_server, db_engine, tmp_path
):
    page = signed_in_page
    path = tmp_path / "展会名单.csv"
    path.write_bytes(_csv(24_000))
    assert path.stat().st_size > 2 * 1024 * 1024
    page.goto(live_server.url + "/a/leads/capture/import")
    page.set_input_files("#file", str(path))
    page.click("form.record-form .actions button[type=submit]")
    page.wait_for_url(re.compile(r"/capture/import/\d+$"))
    job_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("#map_1")).to_have_value("phone")  # 手机 guessed as the phone field
    page.click("button[name=action][value=start]")
    expect(page.locator(".import-status")).to_have_attribute("data-status", "running")
    page.click("#import-cancel")
    expect(page.locator(".import-status")).to_have_attribute(
        "data-status", "cancelled", timeout=30_000
    )
    expect(page.locator("#import-cancel")).to_have_count(0)
    with db_engine.connect() as conn:
        job = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).one()
    assert job.status == "cancelled" and job.processed_rows < 24_000
    assert job.cancelled_by is not None
