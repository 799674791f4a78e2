"""Bulk import of CSV and XLSX files: stream the rows, map columns to fields, validate,
apply the dedup policy, write in batches, record each rejected row.

Memory stays flat whatever the file size: rows are read one at a time (``csv`` reader,
openpyxl in read-only mode) and written in batches of :data:`BATCH` rows, each batch in its
own transaction; only the dedup keys of existing records are held in memory.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture.batching import BatchWriter
from tessera.runtime.capture.dedup import DedupPolicy, MemoryIndex
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_import_jobs as jobs
from tessera.runtime.tables import capture_import_rejects as rejects
from tessera.widgets import label_text

BATCH = 500
PREVIEW_ROWS = 1000
KINDS = {".csv": "csv", ".xlsx": "xlsx"}


def file_kind(filename: str) -> str | None:
    """``csv`` or ``xlsx`` by the file's extension, else None."""
    return KINDS.get(Path(filename or "").suffix.lower())


def _csv_text(path: Path) -> io.TextIOBase:
    """UTF-8 (with or without BOM) or, failing that, GB18030 — what Chinese Excel saves."""
    with open(path, "rb") as probe:
        head = probe.read(65536)
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        encoding = "utf-8-sig" if exc.start > len(head) - 4 else "gb18030"
    return open(path, encoding=encoding, newline="")


def read_rows(path: Path, kind: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` for every row, the header row (line 1) first.

    Example::

        header = next(read_rows(Path("leads.csv"), "csv"))[1]
    """
    if kind == "csv":
        with _csv_text(path) as handle:
            for number, cells in enumerate(csv.reader(handle), start=1):
                yield number, cells
        return
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else _cell_text(v) for v in values]
    finally:
        book.close()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed as numbers in Excel
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _norm(text) -> str:
    return re.sub(r"[\s_\-()（）:：*]+", "", str(text or "")).lower()


def guess_mapping(form, headers: list[str]) -> dict[str, str]:
    """``{column header: field key}`` guessed by the field's key or label in either language.

    Example::

        guess_mapping(lead_form, ["姓名", "Mobile phone", "email"])
        # {"姓名": "name", "Mobile phone": "phone", "email": "email"}
    """
    names = {}
    for field in form.input_fields():
        for text in (field.key, label_text(field.label, "zh_CN"), label_text(field.label, "en")):
            names.setdefault(_norm(text), field.key)
    mapping, taken = {}, set()
    for header in headers:
        key = names.get(_norm(header))
        if key and key not in taken:
            mapping[header] = key
            taken.add(key)
    return mapping


@dataclass(frozen=True)
class RowProblem:
    """One rejected cell: file line, column header, message."""

    row: int
    column: str
    message: str


def row_input(headers: list[str], cells: list[str], mapping: dict[str, str]) -> dict:
    """The raw field input of one row."""
    raw = {}
    for index, header in enumerate(headers):
        key = mapping.get(header)
        if key:
            value = cells[index].strip() if index < len(cells) else ""
            raw[key] = value or None
    return raw


def _problems(number, headers, mapping, errors: dict) -> list[RowProblem]:
    column_of = {key: header for header, key in mapping.items()}
    return [RowProblem(number, column_of.get(k, k), msg) for k, msg in errors.items()]


def preview(form, path: Path, kind: str, mapping: dict, ctx, *, limit: int = PREVIEW_ROWS):
    """Validate the first ``limit`` rows without writing: ``(rows checked, problems)``."""
    rows = read_rows(path, kind)
    _, headers = next(rows, (1, []))
    checked, problems = 0, []
    for number, cells in rows:
        if checked >= limit:
            break
        if not any(c.strip() for c in cells):
            continue
        checked += 1
        try:
            clean_values(form, row_input(headers, cells, mapping), ctx, strict_keys=False)
        except InvalidInput as exc:
            problems.extend(_problems(number, headers, mapping, exc.errors))
    return checked, problems


def run_import(engine: sa.Engine, job_id: int, *, locale: str, timezone: str) -> None:
    """Import a job's file (call in a background thread; uses its own connections)."""
    with engine.begin() as conn:
        job = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).one()
        conn.execute(
            jobs.update()
            .where(jobs.c.id == job_id)
            .values(status="running", started_at=clock.now())
        )
    try:
        _import_rows(engine, job, locale=locale, timezone=timezone)
    except Exception as exc:  # the job row says what went wrong; the thread must not die silently
        with engine.begin() as conn:
            conn.execute(
                jobs.update()
                .where(jobs.c.id == job_id)
                .values(status="failed", error=str(exc)[:2000], finished_at=clock.now())
            )
        raise
    with engine.begin() as conn:
        conn.execute(
            jobs.update().where(jobs.c.id == job_id).values(status="done", finished_at=clock.now())
        )


def _import_rows(engine, job, *, locale, timezone) -> None:
    with engine.connect() as conn:
        app = AppCatalog().get(conn, job.app_key)
        form = app.form(job.form_key)
        policy = DedupPolicy.of(form)
        index = MemoryIndex.load(conn, form, policy) if policy else None
        conn.rollback()
        rows = read_rows(Path(job.path), file_kind(job.path) or "csv")
        _, headers = next(rows, (1, []))
        counts = {"processed_rows": 0, "created": 0, "merged": 0, "flagged": 0, "rejected": 0}
        batch: list = []
        for number, cells in rows:
            if any(c.strip() for c in cells):
                batch.append((number, cells))
            if len(batch) >= BATCH:
                _write_batch(conn, app, form, job, headers, batch, index, counts, locale, timezone)
                batch = []
        _write_batch(conn, app, form, job, headers, batch, index, counts, locale, timezone)


def _write_batch(conn, app, form, job, headers, batch, index, counts, locale, timezone):
    with conn.begin():
        ctx = widget_context(conn, app, locale=locale, timezone=timezone)
        store = RecordStore(conn, form, actor_id=job.created_by)
        writer = BatchWriter(store, index=index, origin={"via": "import", "job": job.id})
        rejected = []
        for number, cells in batch:
            raw = row_input(headers, cells, job.mapping)
            try:
                values = clean_values(form, raw, ctx, strict_keys=False)
            except InvalidInput as exc:
                counts["rejected"] += 1
                rejected.extend(
                    {
                        "job_id": job.id,
                        "row_number": p.row,
                        "column_name": p.column[:200],
                        "message": p.message,
                        "raw": dict(zip(headers, cells, strict=False)),
                    }
                    for p in _problems(number, headers, job.mapping, exc.errors)
                )
                continue
            counts[writer.save(values)] += 1
        writer.flush()
        if rejected:
            conn.execute(rejects.insert(), rejected)
        counts["processed_rows"] += len(batch)
        conn.execute(
            jobs.update()
            .where(jobs.c.id == job.id)
            .values(
                processed_rows=counts["processed_rows"],
                created_count=counts["created"],
                merged_count=counts["merged"],
                flagged_count=counts["flagged"],
                rejected_count=counts["rejected"],
            )
        )


def start_import(engine: sa.Engine, job_id: int, *, locale: str, timezone: str):
    """Run :func:`run_import` in a daemon thread of this process; returns the thread."""
    thread = threading.Thread(
        target=run_import,
        args=(engine, job_id),
        kwargs={"locale": locale, "timezone": timezone},
        name=f"tessera-import-{job_id}",
        daemon=True,
    )
    thread.start()
    return thread


def count_rows(path: Path, kind: str) -> int:
    """Data rows in a file (header excluded), for the progress bar."""
    return max(0, sum(1 for _ in read_rows(path, kind)) - 1)


def rejected_csv(conn: sa.Connection, job_id: int) -> Iterator[str]:
    """The rejected rows report as CSV lines: row, column, message, then the row's cells."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "message", "data"])
    yield out.getvalue()
    rows = conn.execute(
        sa.select(rejects)
        .where(rejects.c.job_id == job_id)
        .order_by(rejects.c.row_number, rejects.c.id)
        .execution_options(yield_per=1000)
    )
    for r in rows:
        out.seek(0)
        out.truncate()
        cells = "; ".join(f"{k}={v}" for k, v in (r.raw or {}).items())
        writer.writerow([r.row_number, r.column_name, r.message, cells])
        yield out.getvalue()


def create_job(conn, *, app_key, form_key, filename, path, mapping, total_rows, actor_id) -> int:
    """Store a job row for an uploaded file."""
    return conn.execute(
        jobs.insert().values(
            app_key=app_key,
            form_key=form_key,
            filename=filename[:255],
            path=str(path),
            mapping=mapping,
            total_rows=total_rows,
            created_by=actor_id,
            created_at=clock.now(),
        )
    ).inserted_primary_key[0]
