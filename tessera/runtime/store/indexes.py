"""Indexes for dedup lookups on per-form tables, derived from each form's compiled ``dedup``.

A submission looks for a known record by phone (the stored E.164 value), email (lower-cased)
and name (trimmed and lower-cased); without an index each lookup scans the table. Every
matched field gets one index on exactly the expression its lookup compares, named
``dd_<table>__<field>`` (shortened with a hash when too long). Republishing keeps them in step:
missing ones are created and ``dd_`` indexes no longer wanted are dropped (indexes only —
never a column or a row).
"""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.store.naming import identifier
from tessera.widgets.matching import fuzzy_anchor

PREFIX = "dd_"


def index_name_for(table_name: str, field_key: str) -> str:
    """``dd_<table>__<field>``, shortened with a hash suffix when over 63 characters.

    Example::

        index_name_for("r_leads__lead", "phone")  # "dd_r_leads__lead__phone"
    """
    return identifier(f"{PREFIX}{table_name}__{field_key}")


def wanted_indexes(form, table_name: str) -> dict[str, sa.Index]:
    """``{index name: Index}`` a form (a FormSpec) should have: one on the expression each exact
    match of its compiled dedup policy compares (:mod:`tessera.widgets.matching`), and one on
    each fuzzy field's anchor expression."""
    policy = form.dedup
    if policy is None:
        return {}
    wanted = [(key, match.indexed) for key, match in policy.exact]
    wanted += [(key, fuzzy_anchor) for key in policy.fuzzy]
    out = {}
    for key, expression_of in wanted:
        column = sa.Table(table_name, sa.MetaData(), sa.Column(key, sa.String)).c[key]
        name = index_name_for(table_name, key)
        out[name] = sa.Index(name, expression_of(column))
    return out


def existing_indexes(conn: sa.Connection, table_name: str, prefix: str = PREFIX) -> set[str]:
    """Names of the indexes a table has now whose name starts with ``prefix`` (default: the
    dedup ``dd_`` ones)."""
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
    else:
        query = (
            "SELECT indexname FROM pg_indexes WHERE tablename = :t "
            "AND schemaname = current_schema()"
        )
    names = conn.execute(sa.text(query), {"t": table_name}).scalars()
    return {n for n in names if n.startswith(prefix)}


def sync_indexes(conn: sa.Connection, form, table_name: str) -> None:
    """Create the form's missing dedup indexes and drop those it no longer needs."""
    wanted = wanted_indexes(form, table_name)
    have = existing_indexes(conn, table_name)
    quote = conn.dialect.identifier_preparer.quote
    for name in sorted(have - set(wanted)):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {quote(name)}")
    for name in sorted(set(wanted) - have):
        wanted[name].create(conn)
