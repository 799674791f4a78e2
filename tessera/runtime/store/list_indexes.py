"""Indexes that keep record lists fast on large forms, derived from the form and its views.

A list page runs two statements: the total (``COUNT(*)`` of the filter, within the reader's
row scope) and one page in the list's order. Without indexes both read the whole table
(measured on 1,000,000 leads, SQLite: 270–740 ms a page). Two kinds, named ``li_<table>__…``
and kept in step at every publish like the dedup indexes (created when wanted, dropped when
not; never a column or a row):

- **filter indexes**, one per field whose widget says lists filter on it
  (``Widget.list_filtered``: choices, stages, users): ``(field, owner)`` on a form with an
  owner, so both an admin's count and a rep's («mine or the pool») read the index alone;
- **sort indexes**, one per order a list is likely to ask for: the title field (in pinyin
  order: ``pinyin_key(col)`` on SQLite, the ICU collation on PostgreSQL, the expressions
  :func:`~tessera.runtime.collation.text_order` sorts by) and every field a view of the app
  document sorts on. ``created_at`` has its index from the table itself.

Both are partial (``WHERE deleted_at IS NULL``): lists never show the recycle bin's rows.
Every index costs each write a little; fields nobody filters or sorts on get none.
"""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.collation import text_order
from tessera.runtime.store.indexes import existing_indexes
from tessera.runtime.store.naming import identifier

PREFIX = "li_"


def sort_index_name(table_name: str, key: str) -> str:
    """The name of the sort index on ``key`` (``created_at``: the table's own index).

    Example::

        sort_index_name("r_leads__lead", "name")  # "li_r_leads__lead__name__sort"
    """
    if key == "created_at":
        return f"ix_{table_name}_created"
    return identifier(f"{PREFIX}{table_name}__{key}__sort")


def filter_index_name(table_name: str, key: str) -> str:
    """The name of the filter index on ``key``."""
    return identifier(f"{PREFIX}{table_name}__{key}")


def sorted_keys(form, views) -> tuple[str, ...]:
    """Keys of ``form``'s fields (a FormSpec) that get a sort index: the title field and what
    the views (the app document's ``views`` of this form) sort on, in that order.

    Example::

        sorted_keys(lead, [{"sort": [{"field": "score", "desc": True}]}])  # ("name", "score")
    """
    keys = [form.title_field] if form.title_field else []
    for view in views or ():
        keys += [part.get("field") for part in view.get("sort") or ()]
    return tuple(k for k in dict.fromkeys(keys) if k and form.has_field(k))


def filtered_keys(form) -> tuple[str, ...]:
    """Keys of the fields lists filter on (their widget's ``list_filtered``)."""
    return tuple(f.key for f in form.fields if f.widget.list_filtered)


def wanted_list_indexes(form, table_name: str, views, dialect: str) -> dict[str, sa.Index]:
    """``{name: Index}`` the form's table should have for lists on ``dialect``."""
    columns = {f.key: sa.Column(f.key, sa.Text) for f in form.fields}
    table = sa.Table(table_name, sa.MetaData(), sa.Column("deleted_at", sa.Text), *columns.values())
    live = table.c.deleted_at.is_(None)
    owner = form.role("owner")
    out = {}
    for key in filtered_keys(form):
        parts = [table.c[key]] + ([table.c[owner]] if owner and owner != key else [])
        name = filter_index_name(table_name, key)
        out[name] = sa.Index(name, *parts, sqlite_where=live, postgresql_where=live)
    for key in sorted_keys(form, views):
        field = form.field(key)
        column = table.c[key]
        if field.widget.condition_type_for(field.config) == "text":
            column = text_order(column, dialect)
        name = sort_index_name(table_name, key)
        out[name] = sa.Index(name, column, sqlite_where=live, postgresql_where=live)
    return out


def sync_list_indexes(conn: sa.Connection, form, table_name: str, views) -> None:
    """Create the list indexes the form lacks and drop the ``li_`` ones it no longer wants."""
    wanted = wanted_list_indexes(form, table_name, views, conn.dialect.name)
    have = existing_indexes(conn, table_name, PREFIX)
    quote = conn.dialect.identifier_preparer.quote
    for name in sorted(have - set(wanted)):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {quote(name)}")
    for name in sorted(set(wanted) - have):
        wanted[name].create(conn)
