"""Ordering text the way Chinese readers expect: by pinyin (李 before 王 before 张), Latin
letters among them by their own spelling.

PostgreSQL orders by its ICU collation for Chinese (``zh-Hans-x-icu``: pinyin order). SQLite
has no such collation: it orders by ``pinyin_key(col)``, a deterministic function this module
registers on every SQLite connection, computed once per row rather than once per comparison
(a collation callback is called about 2·n·log n times per sort). The key is built from
pypinyin's table of the most common reading of each character (no phrase segmentation:
about 2 µs per name, against 170 µs for pypinyin's phrase-aware conversion).

Example::

    query.order_by(text_order(table.c.name, conn.dialect.name))
"""

from __future__ import annotations

import functools
import unicodedata

import sqlalchemy as sa
from pypinyin.pinyin_dict import pinyin_dict

ICU_COLLATION = "zh-Hans-x-icu"
SQLITE_FUNCTION = "pinyin_key"
TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
SEPARATOR = "\x01"  # below every letter: «李» sorts before «李娜»


@functools.lru_cache(maxsize=20_000)
def _syllable(char: str) -> str:
    readings = pinyin_dict.get(ord(char))
    if readings is None:
        return char.lower()
    first = unicodedata.normalize("NFD", readings.split(",")[0])
    letters = "".join("v" if c == "\u0308" else c for c in first if c not in TONE_MARKS)
    letters = letters.replace("uv", "v")
    tone = next((TONE_MARKS[c] for c in first if c in TONE_MARKS), "5")
    return f"{letters}{tone}{char}"


@functools.lru_cache(maxsize=65_536)
def pinyin_key(text: str | None) -> str | None:
    """A text that sorts (by code point) the way ``text`` sorts by pinyin.

    Example::

        sorted(["张伟", "李娜", "王强"], key=pinyin_key)  # ["李娜", "王强", "张伟"]
    """
    if text is None:
        return None
    text = text if isinstance(text, str) else str(text)
    return SEPARATOR.join(_syllable(c) for c in text.strip())


def install_pinyin_order(engine: sa.Engine) -> None:
    """On SQLite, register ``pinyin_key()`` on every new connection of ``engine``."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _register(dbapi_conn, _record):
        dbapi_conn.create_function(SQLITE_FUNCTION, 1, pinyin_key, deterministic=True)


def text_order(column: sa.ColumnElement, dialect: str) -> sa.ColumnElement:
    """``column`` as an ORDER BY expression in pinyin order (use ``.asc()``/``.desc()``)."""
    if dialect == "postgresql":
        return column.collate(ICU_COLLATION)
    if dialect == "sqlite":
        return sa.func.pinyin_key(column)
    return column
