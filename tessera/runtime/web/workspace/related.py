"""A record's related records (the 360° page): every record of another form of the app that
links here through a link field (a lead's follow-ups, its customer), each list within the
reader's row scope, with a link to add one with the link filled in; and that prefill."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime.auth.scope import scope_for
from tessera.runtime.store.records import RecordStore

SHOWN = 20  # newest related records shown per form


@dataclass(frozen=True)
class Related:
    """The records of ``form`` whose field ``field`` links to the record: the newest
    ``records``, how many in all, and the columns to show."""

    form: object
    field: object
    records: list
    total: int
    columns: tuple


def related_records(conn: sa.Connection, app, form, record_id: int, user) -> list[Related]:
    """Per link field of another form that points at ``form``: its records linking to
    ``record_id`` that ``user`` may see, newest first."""
    out = []
    for other in app.navigation():
        if other.key == form.key:
            continue
        for field in other.spec.fields:
            if field.widget.refers_to != "record" or (field.config or {}).get("form") != form.key:
                continue
            store = RecordStore(conn, other, scope=scope_for(user, other))
            records, total = store.list(
                where=other.table.c[field.key] == record_id,
                sort=[("created_at", True)],
                per_page=SHOWN,
            )
            keys = [k for k in other.spec.list_fields if k != field.key] or [
                f.key for f in other.spec.fields[:4] if f.key != field.key
            ]
            columns = tuple(other.spec.field(k) for k in keys[:4] if other.spec.has_field(k))
            out.append(Related(other, field, records, total, columns))
    return out


def prefilled_links(form, args, ctx) -> dict:
    """Link fields a new record's page was opened with (``?lead=7``): ``{key: id}`` for each
    link field of ``form`` given a whole number; the form shows them chosen, and saving
    checks them as any input."""
    out = {}
    for field in form.spec.fields:
        raw = args.get(field.key, "")
        if field.widget.refers_to == "record" and raw.isascii() and raw.isdigit() and len(raw) < 10:
            out[field.key] = int(raw)
    return out
