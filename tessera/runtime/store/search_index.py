"""Text indexes that keep link pickers fast on large forms.

A picker finds records whose search fields (``FormSpec.search_fields``: the title and the
list's text columns) *contain* what was typed: ``lower(col) LIKE '%…%'``, which no B-tree
serves. Measured on 1,000,000 leads (``bench/bench_link_picker.py``), a search that matches
nothing scanned the table: 1.2 s on SQLite, 3 s on PostgreSQL. So each form gets an index
made for substrings, kept in step at every publish (like the dedup indexes):

- PostgreSQL: a trigram GIN index per search field on ``lower(col)`` (``pg_trgm``), named
  ``sx_<table>__<field>``. The planner uses it for the compiled ``LIKE`` itself, so queries do
  not change; when the extension cannot be created (no privilege) there is none, and
  searches stay correct, only slower.
- SQLite: an FTS5 table ``sx_<table>`` (trigram tokenizer, external content: it stores no
  copy of the text) over the search fields, filled by triggers on every insert, update and
  delete, whoever writes. :func:`narrowed` joins it into a search, newest first.

Trigrams need three characters: one or two typed characters search without the index
(common ones find 20 records at once; rare ones scan).
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from tessera.runtime.store.naming import MAX_IDENTIFIER

PREFIX = "sx_"
MIN_INDEXED = 3  # a trigram index helps from three characters on


def index_name(table_name: str, field_key: str | None = None) -> str:
    """``sx_<table>`` (SQLite) or ``sx_<table>__<field>`` (PostgreSQL), hashed when too long.

    Example::

        index_name("r_leads__lead", "name")  # "sx_r_leads__lead__name"
    """
    name = f"{PREFIX}{table_name}" + (f"__{field_key}" if field_key else "")
    if len(name) <= MAX_IDENTIFIER - 3:  # room for the triggers' _ai/_ad/_au
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_IDENTIFIER - 12]}_{digest}"


def sync_search_index(conn: sa.Connection, form, table_name: str) -> None:
    """Give ``form``'s table (``form`` is a FormSpec) the text index of its search fields,
    replacing one built over other fields. Never touches a column or a row."""
    if conn.dialect.name == "sqlite":
        _sync_fts(conn, table_name, form.search_fields)
    elif conn.dialect.name == "postgresql":
        _sync_trigrams(conn, table_name, form.search_fields)


def narrowed(conn: sa.Connection, query: sa.Select, table: sa.Table, text: str | None):
    """``query`` (over ``table``) restricted to rows whose search fields may contain
    ``text``, newest first, through the SQLite index; None when the index cannot help
    (the caller then orders by id itself). The caller's own condition still decides."""
    if conn.dialect.name != "sqlite" or not text or len(text) < MIN_INDEXED:
        return None
    name = index_name(table.name)
    found = conn.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}
    ).first()
    if found is None:  # published before search indexes existed: republish to add it
        return None
    fts = sa.table(name, sa.column("rowid"), sa.column(name))
    phrase = '"' + text.replace('"', '""') + '"'  # one FTS5 string: the trigrams in a row
    return (
        query.join_from(table, fts, fts.c.rowid == table.c.id)
        .where(fts.c[name].op("MATCH")(phrase))
        .order_by(fts.c.rowid.desc())  # FTS5 walks its index newest first, and stops early
    )


# SQLite ------------------------------------------------------------------------------------


FTS_RESERVED = frozenset({"rank", "rowid"})  # FTS5 refuses columns of these names


def _sync_fts(conn, table_name: str, fields: tuple[str, ...]) -> None:
    name = index_name(table_name)
    quote = conn.dialect.identifier_preparer.quote
    if FTS_RESERVED & set(fields):
        fields = ()  # no index rather than one missing a field: searches stay complete
    wanted = _fts_sql(quote, name, table_name, fields) if fields else None
    have = conn.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}
    ).scalar()
    if have == wanted:
        return
    if have is not None:
        for suffix in ("ai", "ad", "au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {quote(f'{name}_{suffix}')}")
        conn.exec_driver_sql(f"DROP TABLE {quote(name)}")
    if wanted is None:
        return
    conn.exec_driver_sql(wanted)
    columns = ", ".join(quote(f) for f in fields)
    new = ", ".join(f"new.{quote(f)}" for f in fields)
    old = ", ".join(f"old.{quote(f)}" for f in fields)
    fts, table = quote(name), quote(table_name)
    remove = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new});"
    for suffix, event, body in (
        ("ai", "INSERT", add),
        ("ad", "DELETE", remove),
        ("au", f"UPDATE OF {columns}", remove + " " + add),
    ):
        trigger = quote(f"{name}_{suffix}")
        conn.exec_driver_sql(f"CREATE TRIGGER {trigger} AFTER {event} ON {table} BEGIN {body} END")
    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # rows already there


def _fts_sql(quote, name: str, table_name: str, fields) -> str:
    columns = ", ".join(quote(f) for f in fields)
    # Written as SQLite stores it, so a republish with the same fields finds it unchanged.
    return (
        f"CREATE VIRTUAL TABLE {quote(name)} USING fts5({columns}, "
        f"content='{table_name}', content_rowid='id', tokenize='trigram')"
    )


# PostgreSQL --------------------------------------------------------------------------------


def _has_trigrams(conn) -> bool:
    present = "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"
    if conn.exec_driver_sql(present).first() is not None:
        return True
    available = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    if conn.exec_driver_sql(available).first() is None:
        return False
    try:
        with conn.begin_nested():  # a refusal must not abort the publish's transaction
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return False
    return True


def _sync_trigrams(conn, table_name: str, fields: tuple[str, ...]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    have = set(
        conn.execute(
            sa.text(
                "SELECT indexname FROM pg_indexes WHERE tablename = :t "
                "AND schemaname = current_schema() AND indexname LIKE 'sx\\_%'"
            ),
            {"t": table_name},
        ).scalars()
    )
    wanted = {index_name(table_name, f): f for f in fields} if fields else {}
    if wanted and not (have >= set(wanted) or _has_trigrams(conn)):
        wanted = {}
    for name in sorted(have - set(wanted)):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {quote(name)}")
    for name, field in sorted(wanted.items()):
        if name not in have:
            conn.exec_driver_sql(
                f"CREATE INDEX {quote(name)} ON {quote(table_name)} "
                f"USING gin (lower({quote(field)}) gin_trgm_ops)"
            )
