"""Writing other CRMs' export files and importing them the way the import page does."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from tessera.runtime.capture import import_worker, importer
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_duplicates, capture_import_jobs
from tessera.runtime.tables import capture_import_rejects as rejects


def csv_bytes(rows: list[list], *, encoding: str, footer: list[str] = ()) -> bytes:
    """A CSV as the peer writes it (``utf-8-sig``: with a BOM; ``gbk``: Chinese Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(rows)
    if footer:
        writer.writerow([])
        for line in footer:
            writer.writerow([line])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    """An .xlsx whose cells keep their Python types (dates as date cells, numbers as numbers)."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def guessed(leads, data: bytes, suffix: str, tmp_path: Path, form_key="lead"):
    """``(path, headers, guessed mapping)`` of a file written to ``tmp_path``."""
    path = tmp_path / f"export{suffix}"
    path.write_bytes(data)
    headers = next(importer.read_rows(path, importer.file_kind(path.name)))[1]
    return path, headers, importer.guess_mapping(leads.form(form_key), headers)


def run(leads, path: Path, mapping: dict, form_key="lead", options=None) -> dict:
    """Import ``path`` with ``mapping`` (as the background worker does); the job's counters
    and its rejected rows ``{line: {column: message}}``."""
    with leads.engine.begin() as conn:
        job_id = importer.create_job(
            conn,
            app_key="leads",
            form_key=form_key,
            filename=path.name,
            path=path,
            mapping=mapping,
            total_rows=importer.count_rows(path, importer.file_kind(path.name)),
            actor_id=None,
            options=options,
        )
    import_worker.run_import(leads.engine, job_id, locale="en", timezone="Asia/Shanghai")
    with leads.engine.connect() as conn:
        job = conn.execute(
            sa.select(capture_import_jobs).where(capture_import_jobs.c.id == job_id)
        ).one()
        refused: dict[int, dict] = {}
        emptied: dict[int, dict] = {}
        for r in conn.execute(sa.select(rejects).where(rejects.c.job_id == job_id)):
            (emptied if r.emptied else refused).setdefault(r.row_number, {})[r.column_name] = (
                r.message
            )
    assert job.status == "done", job.error
    return {"job": job, "rejected": refused, "emptied": emptied}


def by_name(leads, form_key="lead") -> dict[str, dict]:
    """Live records of a form by their name."""
    return {r["name"]: r for r in leads.rows(form_key)}


def create(leads, values: dict, form_key="lead") -> int:
    with leads.engine.begin() as conn:
        return RecordStore(conn, leads.form(form_key)).create(values)


def flagged_pairs(leads) -> set[tuple[int, int]]:
    with leads.engine.connect() as conn:
        rows = conn.execute(
            sa.select(capture_duplicates.c.record_id, capture_duplicates.c.candidate_id)
        )
        return {(r.record_id, r.candidate_id) for r in rows}
