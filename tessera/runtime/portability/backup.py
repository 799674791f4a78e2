"""``tessera backup``: every platform table and every record table of an instance, in one
gzip'd JSON-lines file that :mod:`.restore` loads into an empty database of either engine.

The file: a header line (format, Alembic revision, when), then per table a line naming it
with its columns (generic types), its rows (one line each, values encoded by
:mod:`.encoding`) and a closing line with the row count, which restore checks. Side tables
the store derives (search indexes) are not kept: restore rebuilds them.
"""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import sqlalchemy as sa

from tessera.db import metadata
from tessera.runtime import clock
from tessera.runtime.portability.encoding import encode
from tessera.runtime.tables import form_tables

FORMAT = "tessera-backup"
VERSION = 1
CHUNK = 2000


def write_backup(engine: sa.Engine, path: Path, *, progress=None) -> dict[str, int]:
    """Write the backup of the database behind ``engine`` to ``path``; returns rows per
    table. ``progress(table, rows)`` is called as each table is written. One read
    transaction: what is saved is one consistent moment."""
    counts: dict[str, int] = {}
    with engine.connect() as conn, gzip.open(path, "wt", encoding="utf-8") as out:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        header = {"format": FORMAT, "version": VERSION, "alembic": revision}
        header["created_at"] = clock.now().isoformat()
        header["dialect"] = conn.dialect.name
        _line(out, header)
        for table in metadata.sorted_tables:
            counts[table.name] = _table(out, conn, table, platform=True)
            if progress:
                progress(table.name, counts[table.name])
        for name in conn.execute(sa.select(form_tables.c.table_name)).scalars().all():
            with warnings.catch_warnings():  # expression indexes are the store's to rebuild
                warnings.simplefilter("ignore", sa.exc.SAWarning)
                table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            counts[name] = _table(out, conn, table, platform=False)
            if progress:
                progress(name, counts[name])
    return counts


def _table(out, conn, table: sa.Table, *, platform: bool) -> int:
    columns = [
        {
            "name": c.name,
            "type": _generic(c.type),
            "nullable": c.nullable,
            "primary_key": c.primary_key,
        }
        for c in table.columns
    ]
    _line(out, {"table": table.name, "platform": platform, "columns": columns})
    order = [c for c in table.primary_key.columns] or list(table.columns)[:1]
    rows = 0
    result = conn.execution_options(yield_per=CHUNK).execute(sa.select(table).order_by(*order))
    for row in result:
        _line(out, {"r": [encode(v) for v in row]})
        rows += 1
    _line(out, {"end": table.name, "rows": rows})
    return rows


def _generic(column_type) -> dict:
    """The engine-neutral description of a column's type (what restore creates it as)."""
    if "json" in type(column_type).__name__.lower():
        return {"kind": "json"}
    try:
        generic = column_type.as_generic()
    except NotImplementedError:
        generic = column_type
    if isinstance(generic, sa.Boolean):
        return {"kind": "boolean"}
    if isinstance(generic, sa.BigInteger):
        return {"kind": "biginteger"}
    if isinstance(generic, sa.Integer):
        return {"kind": "integer"}
    if isinstance(generic, sa.Float):
        return {"kind": "float"}
    if isinstance(generic, sa.Numeric):
        return {"kind": "numeric", "precision": generic.precision, "scale": generic.scale}
    if isinstance(generic, sa.DateTime):
        return {"kind": "datetime", "timezone": bool(getattr(column_type, "timezone", False))}
    if isinstance(generic, sa.Date):
        return {"kind": "date"}
    if isinstance(generic, sa.Time):
        return {"kind": "time"}
    if isinstance(generic, sa.LargeBinary):
        return {"kind": "binary"}
    if isinstance(generic, sa.String) and getattr(generic, "length", None):
        return {"kind": "string", "length": generic.length}
    return {"kind": "text"}


def _line(out, data) -> None:
    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")
