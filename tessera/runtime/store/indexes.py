"""Indexes for dedup lookups on per-form tables, derived from each form's ``dedup.match``.

A submission looks for a known record by phone (the stored E.164 value), email (lower-cased)
and name (trimmed and lower-cased); without an index each lookup scans the table. Every
matched field gets one index on exactly the expression its lookup compares, named
``dd_<table>__<field>`` (shortened with a hash when too long). Republishing keeps them in step:
missing ones are created and ``dd_`` indexes no longer wanted are dropped (indexes only —
never a column or a row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import sqlalchemy as sa

from tessera.runtime.store.naming import MAX_IDENTIFIER

PREFIX = "dd_"

# How a widget type's dedup lookup compares the column (see runtime.capture.dedup).
MATCH_EXPRESSIONS: dict[str, Callable] = {
    "phone": lambda column: column,
    "email": lambda column: sa.func.lower(column),
}


def text_expression(column):
    """Text fields match on their trimmed, lower-cased value."""
    return sa.func.lower(sa.func.trim(column))


def index_name_for(table_name: str, field_key: str) -> str:
    """``dd_<table>__<field>``, shortened with a hash suffix when over 63 characters.

    Example::

        index_name_for("r_leads__lead", "phone")  # "dd_r_leads__lead__phone"
    """
    name = f"{PREFIX}{table_name}__{field_key}"
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_IDENTIFIER - 9]}_{digest}"


def match_fields(app, form) -> list:
    """The field specs a form's dedup policy matches on (``app`` is an AppSpec)."""
    keys: list[str] = []
    for raw in (app.document or {}).get("forms", ()):
        if raw.get("key") == form.key:
            keys = list((raw.get("dedup") or {}).get("match") or ())
    return [f for f in form.fields if f.key in keys]


def wanted_indexes(app, form, table_name: str) -> dict[str, sa.Index]:
    """``{index name: Index}`` a deployed form should have."""
    out = {}
    for spec in match_fields(app, form):
        table = sa.Table(table_name, sa.MetaData(), sa.Column(spec.key, sa.String))
        expression = MATCH_EXPRESSIONS.get(spec.type, text_expression)(table.c[spec.key])
        name = index_name_for(table_name, spec.key)
        out[name] = sa.Index(name, expression)
    return out


def existing_indexes(conn: sa.Connection, table_name: str) -> set[str]:
    """Names of the dedup (``dd_``) indexes a table has now."""
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
    else:
        query = (
            "SELECT indexname FROM pg_indexes WHERE tablename = :t "
            "AND schemaname = current_schema()"
        )
    names = conn.execute(sa.text(query), {"t": table_name}).scalars()
    return {n for n in names if n.startswith(PREFIX)}


def sync_indexes(conn: sa.Connection, app, form, table_name: str) -> None:
    """Create the form's missing dedup indexes and drop those it no longer needs."""
    wanted = wanted_indexes(app, form, table_name)
    have = existing_indexes(conn, table_name)
    quote = conn.dialect.identifier_preparer.quote
    for name in sorted(have - set(wanted)):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {quote(name)}")
    for name in sorted(set(wanted) - have):
        wanted[name].create(conn)
