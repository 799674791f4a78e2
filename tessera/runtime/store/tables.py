"""SQLAlchemy ``Table`` objects for per-form record tables, derived from field specs."""

from __future__ import annotations

import sqlalchemy as sa

Stamp = sa.DateTime(timezone=True)


def system_columns() -> list[sa.Column]:
    """Columns every record table has, whatever its form. ``revision`` counts the record's
    writes (1 when created; every UPDATE adds one in the same statement), so an edit made
    against an old revision can be refused."""
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.Column("created_by", sa.Integer),
        sa.Column("deleted_at", Stamp),
        revision_column(),
    ]


def revision_column() -> sa.Column:
    """The ``revision`` system column (also added to tables made before it existed)."""
    return sa.Column("revision", sa.Integer, nullable=False, server_default="1")


def field_column(key: str, widget, config) -> sa.Column:
    """The column of one field: named by its immutable key, typed by its widget."""
    return sa.Column(key, widget.sql_type(dict(config)), nullable=True)


def record_table(name: str, fields) -> sa.Table:
    """A Table on a private MetaData (record tables are not platform tables).

    ``fields`` yields ``(key, widget, config)`` for every column, archived ones included.
    """
    columns = system_columns() + [field_column(k, w, c) for k, w, c in fields]
    return sa.Table(name, sa.MetaData(), *columns, sa.Index(f"ix_{name}_created", "created_at"))
