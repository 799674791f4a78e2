"""Import over HTTP: upload, guessed mapping, preview, background run with progress, dedup,
and the rejected-rows report (CSV and XLSX; SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import time

import sqlalchemy as sa
from openpyxl import Workbook

from tessera.runtime.capture.importer import guess_mapping
from tessera.runtime.tables import capture_import_jobs
from tests.runtime.conftest import csrf, sign_in

ROWS = 1200


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "Mobile phone", "email", "公司名称", "备注"])
    for i in range(rows):
        phone = "12345" if i % 100 == 7 else f"139{i:08d}"
        writer.writerow([f"客户{i}", phone, f"u{i}@corp.cn", f"公司{i}", "x"])
    return out.getvalue().encode("utf-8-sig")


def _upload(leads, data: bytes, filename: str):
    sign_in(leads.client)
    token = csrf(leads.client, "/a/leads/capture/import")
    response = leads.client.post(
        "/a/leads/capture/import",
        data={"csrf_token": token, "form": "lead", "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"], token


def _wait(leads, job_url):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        fragment = leads.client.get(job_url + "/progress").get_data(as_text=True)
        if 'data-status="done"' in fragment or 'data-status="failed"' in fragment:
            return fragment
        time.sleep(0.2)
    raise AssertionError("import did not finish")


def test_guess_mapping_by_key_and_label_in_either_language(leads):
    mapping = guess_mapping(leads.form(), ["姓名", "Mobile phone", "EMAIL", "Company ", "备注"])
    assert mapping == {
        "姓名": "name",
        "Mobile phone": "phone",
        "EMAIL": "email",
        "Company ": "company",
    }


def test_csv_import_previews_then_stores_good_rows_and_reports_each_bad_one(leads):
    job_url, token = _upload(leads, _csv(ROWS), "展会名单.csv")
    page = leads.client.get(job_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Checked the first 1000 rows: 10 problems." in page
    assert "<td>9</td><td>Mobile phone</td>" in page  # file line 9 = data row 8 (i=7)
    assert leads.rows() == []  # nothing written by the preview
    started = leads.client.post(
        job_url,
        data={
            "csrf_token": token,
            "map_0": "name",
            "map_1": "phone",
            "map_2": "email",
            "map_3": "company",
            "action": "start",
        },
    )
    assert started.status_code == 303
    fragment = _wait(leads, job_url)
    assert 'data-status="done"' in fragment
    bad = ROWS // 100
    assert len(leads.rows()) == ROWS - bad
    english = {"Accept-Language": "en"}
    report = leads.client.get(job_url + "/rejected.csv", headers=english).get_data(as_text=True)
    lines = list(csv.reader(io.StringIO(report.lstrip("\ufeff"))))
    assert lines[0] == ["row", "column", "message", "outcome", "data"]
    assert {line[3] for line in lines[1:]} == {"row not imported"}
    chinese = leads.client.get(job_url + "/rejected.csv", headers={"Accept-Language": "zh-CN"})
    assert chinese.get_data(as_text=True).lstrip("\ufeff").startswith("行,列,问题,结果,数据")
    assert [int(line[0]) for line in lines[1:]] == [9 + 100 * k for k in range(bad)]
    assert all(line[1] == "Mobile phone" for line in lines[1:])
    with leads.engine.connect() as conn:
        job = conn.execute(sa.select(capture_import_jobs)).one()
    assert (job.processed_rows, job.created_count, job.rejected_count) == (ROWS, ROWS - bad, bad)


def test_xlsx_import_applies_the_dedup_policy(leads):
    slug = leads.link()["slug"]
    leads.client.post(f"/f/{slug}", json={"name": "张三", "phone": "13800138000"})
    existing = leads.landed_in()
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "phone", "email"])
    sheet.append(["张三", 8613800138000, "zs@example.com"])  # a number cell, as Excel keeps it
    sheet.append(["李四", "139 0013 9000", None])
    data = io.BytesIO()
    book.save(data)
    job_url, token = _upload(leads, data.getvalue(), "list.xlsx")
    leads.client.post(
        job_url,
        data={
            "csrf_token": token,
            "map_0": "name",
            "map_1": "phone",
            "map_2": "email",
            "action": "start",
        },
    )
    fragment = _wait(leads, job_url)
    assert 'data-status="done"' in fragment
    rows = {r["name"]: r for r in leads.rows()}
    assert set(rows) == {"张三", "李四"}
    assert rows["张三"]["id"] == existing
    assert rows["张三"]["email"] == "zs@example.com"


def test_upload_refuses_other_files(leads):
    sign_in(leads.client)
    token = csrf(leads.client, "/a/leads/capture/import")
    response = leads.client.post(
        "/a/leads/capture/import",
        data={"csrf_token": token, "form": "lead", "file": (io.BytesIO(b"x"), "notes.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
