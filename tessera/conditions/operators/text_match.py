"""What the text operators share (contains, contains_any, starts_with, and event property
filters): case-insensitive matching, with LIKE wildcards in operands taken literally."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, as_list

LIKE_ESCAPE = "\\"


def like_escape(text: str) -> str:
    """``text`` with LIKE wildcards escaped (so «50%» means the characters 5, 0, %)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def lowered(col) -> sa.ColumnElement:
    """``lower(col)``: operands are lower-cased once at compile time, so a plain LIKE over
    the lowered text is a case-insensitive match (cheaper than ILIKE on PostgreSQL)."""
    return sa.func.lower(col)


def words(raw) -> tuple[str, ...]:
    """The non-empty pieces of text of an operand (one text or a list of them)."""
    found = tuple(str(w) for w in as_list(raw) if w is not None and str(w) != "")
    if not found:
        raise OperandError(
            "enter at least one piece of text to look for", "请至少填写一段要查找的文字"
        )
    return found


def one_word(raw, op: str) -> str:
    """The single piece of text ``op`` looks for, lower-cased."""
    if isinstance(raw, (list, dict)):
        raise OperandError(f"{op} looks for one piece of text", f"「{op}」只查找一段文字")
    return words(raw)[0].lower()
