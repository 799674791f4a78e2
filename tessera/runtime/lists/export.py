"""A list exported as a file: every record the view matches (the reader's scope applies), its
columns as the page shows them (labels, not keys), as CSV (UTF-8 with a BOM, so Excel reads
Chinese) or XLSX. Rows are read in batches by id.

Example::

    for chunk in export_csv(store, state, ctx, user_id=user.id, columns=columns): ...
"""

from __future__ import annotations

import csv
import io
import tempfile

from openpyxl import Workbook

from tessera.runtime.lists.query import list_where
from tessera.widgets.base import label_text

BATCH = 1000
MAX_ROWS = 1_000_000


def _rows(store, state, ctx, *, user_id, columns):
    """The header, then each matching record's values as text, oldest first."""
    yield ["ID"] + [label_text(c.label, ctx.locale) or c.key for c in columns]
    where = list_where(store.form, state, ctx, user_id=user_id)
    after, sent = 0, 0
    while sent < MAX_ROWS:
        records = store.records_after(after, where=where, limit=BATCH)
        if not records:
            return
        for record in records:
            yield [record.id] + [
                c.widget.display(record.values.get(c.key), config=c.config, ctx=ctx)
                if record.values.get(c.key) is not None
                else ""
                for c in columns
            ]
        after, sent = records[-1].id, sent + len(records)


def export_csv(store, state, ctx, *, user_id, columns):
    """The list as CSV text, chunk by chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for n, row in enumerate(_rows(store, state, ctx, user_id=user_id, columns=columns)):
        writer.writerow(row)
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_xlsx(store, state, ctx, *, user_id, columns) -> bytes:
    """The list as an XLSX workbook (openpyxl's write-only mode)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(label_text(store.form.spec.label, ctx.locale)[:31] or "records")
    for row in _rows(store, state, ctx, user_id=user_id, columns=columns):
        sheet.append(row)
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        return out.read()
