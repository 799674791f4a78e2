"""SQL over list values stored as JSON (SQLite ``json_each``, PostgreSQL jsonb ``?|``/``?&``).

Custom SQL constructs compiled per dialect, so the operators stay dialect-free.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement


class JsonListEmpty(ColumnElement):
    """TRUE when a JSON list column is NULL, JSON null or ``[]``."""

    type = sa.Boolean()
    inherit_cache = False

    def __init__(self, col):
        self.col = col


class JsonListHas(ColumnElement):
    """TRUE when a JSON list column holds any (``mode="any"``) or all of ``items``."""

    type = sa.Boolean()
    inherit_cache = False

    def __init__(self, col, items, mode: str):
        self.col = col
        self.items = tuple(items)
        self.mode = mode


def json_list_empty(col) -> ColumnElement:
    """SQL: the list column is empty. Example:: ``json_list_empty(table.c.tags)``"""
    return JsonListEmpty(col)


def json_list_has(col, items, *, mode: str) -> ColumnElement:
    """SQL: the list holds any/all of ``items``. Example:: ``json_list_has(c, ["vip"], mode="any")``"""
    if not items:
        return sa.false() if mode == "any" else sa.not_(JsonListEmpty(col))
    return JsonListHas(col, items, mode)


@compiles(JsonListEmpty)
def _empty_sqlite(element, compiler, **kw):
    col = compiler.process(element.col, **kw)
    return f"(coalesce(json_array_length({col}), 0) = 0)"


@compiles(JsonListEmpty, "postgresql")
def _empty_pg(element, compiler, **kw):
    col = compiler.process(element.col, **kw)
    return (
        f"(({col}) IS NULL OR jsonb_typeof({col}) <> 'array' "
        f"OR jsonb_array_length(CASE WHEN jsonb_typeof({col}) = 'array' "
        f"THEN {col} ELSE '[]'::jsonb END) = 0)"
    )


@compiles(JsonListHas)
def _has_sqlite(element, compiler, **kw):
    col = compiler.process(element.col, **kw)
    params = ", ".join(compiler.process(sa.literal(str(i)), **kw) for i in element.items)
    found = (
        f"(SELECT count(DISTINCT je.value) FROM json_each(CASE WHEN json_type({col}) = 'array' "
        f"THEN {col} ELSE '[]' END) AS je WHERE je.value IN ({params}))"
    )
    if element.mode == "any":
        return f"({found} > 0)"
    return f"({found} = {len(set(element.items))})"


@compiles(JsonListHas, "postgresql")
def _has_pg(element, compiler, **kw):
    col = compiler.process(element.col, **kw)
    array = compiler.process(
        sa.literal(sorted({str(i) for i in element.items}), sa.ARRAY(sa.Text())), **kw
    )
    symbol = "?|" if element.mode == "any" else "?&"
    return f"coalesce(({col}) {symbol} {array}, false)"
