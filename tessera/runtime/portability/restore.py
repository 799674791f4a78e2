"""``tessera restore``: load a backup (:mod:`.backup`) into an empty database of either
engine, then bring it to the current Alembic revision.

The platform tables are made by the migrations up to the backup's revision and filled in
dependency order; record tables are made from the columns the backup describes (so fields
a form has retired keep their values); ids are kept, and PostgreSQL's sequences are moved
past them. Then the usual upgrade to head runs, and each deployed form's indexes and search
side table are built again. Everything after the migrations is one transaction: a backup
that fails half-way (a truncated file, a count that does not match) leaves the data tables
empty.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from tessera.builder import compile_app
from tessera.db import metadata
from tessera.runtime.migrate import upgrade
from tessera.runtime.portability.backup import FORMAT, VERSION
from tessera.runtime.portability.encoding import decode
from tessera.runtime.publishing import version_document
from tessera.runtime.store import search_index
from tessera.runtime.store.deploy import table_names
from tessera.runtime.store.indexes import sync_indexes
from tessera.runtime.store.tables import record_table
from tessera.runtime.tables import apps, form_tables, users

BATCH = 1000


class RestoreRefused(Exception):
    """The backup cannot go into this database (not empty, not a backup, damaged)."""


def restore_backup(engine: sa.Engine, path: Path, *, progress=None) -> dict[str, int]:
    """Load the backup at ``path`` into the empty database behind ``engine``; returns rows
    per table. Raises :class:`RestoreRefused` with nothing loaded."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        header = _read_header(lines)
        _refuse_if_not_empty(engine)
        try:
            upgrade(engine, header["alembic"])
        except Exception as exc:  # an unknown revision: a newer Tessera made it
            raise RestoreRefused(
                f"made at revision {header['alembic']!r}, which this Tessera does not know"
                " (restore it with the same or a newer Tessera)"
            ) from exc
        counts = _load(engine, lines, progress)
    upgrade(engine, "head")
    _rebuild_indexes(engine)
    return counts


def _read_header(lines) -> dict:
    try:
        header = json.loads(next(lines))
    except (StopIteration, ValueError, OSError, EOFError):
        raise RestoreRefused("not a Tessera backup (no header)") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise RestoreRefused("not a Tessera backup of a version this Tessera reads")
    return header


def _refuse_if_not_empty(engine) -> None:
    inspector = sa.inspect(engine)
    if not inspector.has_table("apps"):
        return
    with engine.connect() as conn:
        busy = conn.execute(sa.select(sa.func.count()).select_from(apps)).scalar()
        busy += conn.execute(sa.select(sa.func.count()).select_from(users)).scalar()
    if busy:
        raise RestoreRefused("the database is not empty: restore into a new, empty database")


def _load(engine, lines, progress) -> dict[str, int]:
    counts: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            table, names = None, []
            batch: list[dict] = []
            for raw in lines:
                item = json.loads(raw)
                if "r" in item:
                    batch.append(dict(zip(names, (decode(v) for v in item["r"]), strict=True)))
                    if len(batch) >= BATCH:
                        conn.execute(table.insert(), batch)
                        counts[table.name] += len(batch)
                        batch = []
                elif "table" in item:
                    table = _table_for(conn, item)
                    names = [c["name"] for c in item["columns"]]
                    counts[table.name] = 0
                elif "end" in item:
                    if batch:
                        conn.execute(table.insert(), batch)
                        counts[table.name] += len(batch)
                        batch = []
                    if counts[table.name] != item["rows"]:
                        raise RestoreRefused(f"table {table.name}: rows missing from the backup")
                    _move_sequence(conn, table)
                    if progress:
                        progress(table.name, counts[table.name])
                    table = None
            if table is not None:
                raise RestoreRefused(f"the backup ends inside table {table.name} (truncated)")
    except (ValueError, EOFError, OSError, sa.exc.DBAPIError) as exc:
        raise RestoreRefused(f"the backup is damaged: {exc}") from None
    return counts


def _table_for(conn, item) -> sa.Table:
    if item["platform"]:
        table = metadata.tables.get(item["table"])
        if table is None:
            raise RestoreRefused(f"unknown platform table {item['table']!r}")
        return table
    table = _record_table(conn, item)
    table.create(conn)
    return table


def _record_table(conn, item) -> sa.Table:
    """A record table as the store defines it for its form's current version (types, system
    columns and defaults as on this engine), plus, as the backup describes them, columns no
    field of that version has any more (retired fields keep their values)."""
    name = item["table"]
    owner = conn.execute(
        sa.select(form_tables.c.app_key, form_tables.c.form_key).where(
            form_tables.c.table_name == name
        )
    ).first()
    fields = []
    if owner is not None:
        version = conn.execute(
            sa.select(apps.c.current_version).where(apps.c.key == owner.app_key)
        ).scalar()
        document = version_document(conn, owner.app_key, version) if version else None
        spec = compile_app(document, checked=True) if document else None
        form = next((f for f in spec.forms if f.key == owner.form_key), None) if spec else None
        fields = [(f.key, f.widget, f.config) for f in form.fields] if form else []
    table = record_table(name, fields)
    for column in item["columns"]:
        if column["name"] not in table.c:
            table.append_column(sa.Column(column["name"], _type(column["type"]), nullable=True))
    return table


def _type(spec: dict):
    kind = spec["kind"]
    if kind == "json":
        return sa.JSON().with_variant(JSONB(), "postgresql")
    if kind == "numeric":
        return sa.Numeric(spec.get("precision"), spec.get("scale"))
    if kind == "datetime":
        return sa.DateTime(timezone=spec.get("timezone", False))
    if kind == "string":
        return sa.String(spec["length"])
    return {
        "integer": sa.Integer,
        "biginteger": sa.BigInteger,
        "float": sa.Float,
        "boolean": sa.Boolean,
        "date": sa.Date,
        "time": sa.Time,
        "binary": sa.LargeBinary,
    }.get(kind, sa.Text)()


def _move_sequence(conn, table: sa.Table) -> None:
    """On PostgreSQL, the next id after the ones just loaded."""
    if conn.dialect.name != "postgresql" or "id" not in table.c or not table.c.id.primary_key:
        return
    sequence = conn.execute(
        sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}
    ).scalar()
    if sequence:
        conn.execute(
            sa.text(
                f"SELECT setval(:s, COALESCE((SELECT MAX(id) FROM {_quote(conn, table.name)}), 0) + 1, false)"
            ),
            {"s": sequence},
        )


def _quote(conn, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _rebuild_indexes(engine) -> None:
    with engine.begin() as conn:
        rows = conn.execute(sa.select(apps.c.key, apps.c.current_version)).all()
        for app_key, version in rows:
            if version is None:
                continue
            spec = compile_app(version_document(conn, app_key, version), checked=True)
            names = table_names(conn, app_key)
            for form in spec.forms:
                if form.key in names:
                    sync_indexes(conn, form, names[form.key])
                    search_index.sync_search_index(conn, form, names[form.key])
