"""A text index that keeps link pickers fast on large forms (PostgreSQL).

A picker finds the records whose search fields (``FormSpec.search_fields``: the title and
the list's text columns) *contain* what was typed: ``lower(col) LIKE '%…%'``, which no
B-tree serves, so a search that matches little reads the whole table. Measured on 1,000,000
leads (``bench/bench_link_picker.py``, docs/architecture.md): about a second on either engine.

On PostgreSQL each form gets, at every publish, a side table ``sx_<table>`` holding the id
and the search fields of every record, with a trigram GIN index (``pg_trgm``) per field on
``lower(field)``, kept by a trigger that fires on insert, delete and changes of those fields
only. On the record table itself the indexes would make every other update pay too:
rescoring 100,000 leads in one UPDATE took 6× longer with them. :func:`side_matches` gives
a search the ids matching its condition, found through those indexes. Without
``pg_trgm`` (it cannot be created) there is no side table and searches stay correct, slower.

SQLite gets none: its substring index (FTS5 with the trigram tokenizer) made each written
record cost 0.15–0.45 ms more (imports about half as fast), too much for the embedded
default; a search there scans, which the forms big enough to feel it should leave for
PostgreSQL (DESIGN.md, decision 6). Trigrams need three characters: shorter text searches
without the index on both engines.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql import visitors

from tessera.runtime.store.naming import identifier

PREFIX = "sx_"
MIN_INDEXED = 3  # a trigram index helps from three characters on


def index_name(table_name: str, suffix: str = "") -> str:
    """``sx_<table>`` and its parts (``sx_<table>__<field>``, ``…_fn``, ``…_tg``), hashed
    when longer than an identifier may be.

    Example::

        index_name("r_leads__lead", "__name")  # "sx_r_leads__lead__name"
    """
    return identifier(f"{PREFIX}{table_name}{suffix}")


def sync_search_index(conn: sa.Connection, form, table_name: str) -> None:
    """Give ``form``'s table (``form`` is a FormSpec) the side table of its search fields,
    rebuilding one made for other fields. Never touches the record table's rows."""
    if conn.dialect.name != "postgresql":
        return
    fields = form.search_fields
    current = _side_columns(conn, table_name)
    if current == ("id", *fields) and fields:
        return
    if current:
        _drop(conn, table_name)
    if fields and _has_trigrams(conn):
        _create(conn, table_name, fields)


def side_matches(conn: sa.Connection, table: sa.Table, where, text: str | None):
    """The ids of the rows matching ``where`` (a condition on ``table``'s search fields), as
    a materialized CTE that checks the same condition in the side table, by its trigram
    indexes; None when there is no side table, ``where`` reads other columns, or ``text``
    (what was typed) is too short for trigrams. The trigger keeps the side table equal to
    the record table in every transaction, so both select the same rows."""
    if conn.dialect.name != "postgresql" or where is None or len(text or "") < MIN_INDEXED:
        return None
    columns = _side_columns(conn, table.name)
    if not columns:
        return None
    side = sa.table(index_name(table.name), *(sa.column(c) for c in columns))
    outside = []

    def to_side(element):
        if isinstance(element, sa.Column) and element.table is table:
            if element.name in side.c:
                return side.c[element.name]
            outside.append(element.name)
        return None

    side_where = visitors.replacement_traverse(where, {}, to_side)
    if outside:
        return None
    # psycopg prepares a statement run five times, and PostgreSQL may then keep one plan for
    # any text; this one must be planned for what was typed (a rare text scans otherwise).
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
    return sa.select(side.c.id).where(side_where).cte("matches").prefix_with("MATERIALIZED")


def _side_columns(conn, table_name: str) -> tuple[str, ...]:
    rows = conn.execute(
        sa.text(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        ),
        {"t": conn.dialect.identifier_preparer.quote(index_name(table_name))},
    )
    return tuple(rows.scalars())


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


def _drop(conn, table_name: str) -> None:
    quote = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql(
        f"DROP TRIGGER IF EXISTS {quote(index_name(table_name, '_tg'))} ON {quote(table_name)}"
    )
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {quote(index_name(table_name, '_fn'))}()")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {quote(index_name(table_name))}")


def _create(conn, table_name: str, fields: tuple[str, ...]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    side, table = quote(index_name(table_name)), quote(table_name)
    function, trigger = quote(index_name(table_name, "_fn")), quote(index_name(table_name, "_tg"))
    columns = [quote(f) for f in fields]
    listed = ", ".join(columns)
    conn.exec_driver_sql(
        f"CREATE TABLE {side} (id integer PRIMARY KEY, "
        + ", ".join(f"{c} text" for c in columns)
        + ")"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {side} (id, {listed}) SELECT id, {listed} FROM {table}"  # rows so far
    )
    for field, column in zip(fields, columns, strict=True):
        conn.exec_driver_sql(
            f"CREATE INDEX {quote(index_name(table_name, f'__{field}'))} ON {side} "
            f"USING gin (lower({column}) gin_trgm_ops)"
        )
    new = ", ".join(f"NEW.{c}" for c in columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
    conn.exec_driver_sql(
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'DELETE' THEN DELETE FROM {side} WHERE id = OLD.id; RETURN NULL; END IF; "
        f"INSERT INTO {side} (id, {listed}) VALUES (NEW.id, {new}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}; RETURN NULL; END $$"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {trigger} AFTER INSERT OR DELETE OR UPDATE OF {listed} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
    conn.exec_driver_sql(f"ANALYZE {side}")
