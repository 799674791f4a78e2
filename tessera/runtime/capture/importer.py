"""Bulk import of CSV and XLSX files: stream the rows, map columns to fields, preview the
problems, record each rejected row. Running a job is :mod:`.import_worker`'s; its lease,
resume and cancel are :mod:`.import_jobs`'.

Memory stays flat whatever the file size: rows are read one at a time (``csv`` reader,
openpyxl in read-only mode) and written in batches, each batch in its own transaction; only
the dedup keys of existing records are held in memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.tables import capture_import_jobs as jobs
from tessera.runtime.tables import capture_import_rejects as rejects
from tessera.widgets import label_text

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
                yield number, _storable_header(cells) if number == 1 else cells
        return
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else _cell_text(v) for v in values]
            yield number, _storable_header(cells) if number == 1 else cells
    finally:
        book.close()


def storable(text: str) -> str:
    """``text`` with NULs replaced (U+FFFD): for what the job stores about a file (column
    names in its mapping, a rejected row's cells), which PostgreSQL could not hold."""
    return text.replace("\x00", "\ufffd")


def _storable_header(cells: list[str]) -> list[str]:
    # Column names are shown and kept in the job's mapping, never stored as values.
    return [storable(c) for c in cells]


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


def problems_of(job_id: int, number: int, headers, cells, job, exc: InvalidInput) -> list[dict]:
    """The ``capture_import_rejects`` rows of one refused file row (cells kept storable: a
    NUL in a cell is why the row was refused, and must not fail the report too)."""
    raw = {h: storable(c) for h, c in zip(headers, cells, strict=False)}
    return [
        {
            "job_id": job_id,
            "row_number": p.row,
            "column_name": p.column[:200],
            "message": p.message,
            "raw": raw,
        }
        for p in _problems(number, headers, job.mapping, exc.errors)
    ]


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
