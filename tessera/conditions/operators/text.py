"""Text operators, case-insensitive: contains, contains_any, starts_with."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator, as_list

LIKE_ESCAPE = "\\"


def like_escape(text: str) -> str:
    """``text`` with LIKE wildcards escaped (so «50%» means the characters 5, 0, %)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def lowered(col) -> sa.ColumnElement:
    """``lower(col)``: operands are lower-cased once at compile time, so a plain LIKE over
    the lowered text is a case-insensitive match (cheaper than ILIKE on PostgreSQL)."""
    return sa.func.lower(col)


def _words(raw) -> tuple[str, ...]:
    words = tuple(str(w) for w in as_list(raw) if w is not None and str(w) != "")
    if not words:
        raise OperandError("enter at least one piece of text to look for")
    return words


class ContainsOperator(Operator):
    """The text contains the operand, ignoring case. Example::

    {"field": "title", "op": "contains", "value": "总监"}
    """

    type = "contains"
    label = {"zh-CN": "包含", "en": "contains"}

    def prepare(self, raw, *, field, ctx):
        if isinstance(raw, (list, dict)):
            raise OperandError("contains looks for one piece of text")
        return _words(raw)[0].lower()

    def python(self, operand):
        return lambda v, env: v is not None and operand in str(v).lower()

    def sql(self, col, operand, *, scope, field):
        return sa.and_(
            col.isnot(None), lowered(col).like(f"%{like_escape(operand)}%", escape=LIKE_ESCAPE)
        )


class ContainsAnyOperator(Operator):
    """The text contains at least one of the operands, ignoring case. Example::

    {"field": "title", "op": "contains_any", "value": ["经理", "manager"]}
    """

    type = "contains_any"
    label = {"zh-CN": "包含任一", "en": "contains any of"}

    def prepare(self, raw, *, field, ctx):
        return tuple(w.lower() for w in _words(raw))

    def python(self, operand):
        def test(v, env):
            if v is None:
                return False
            text = str(v).lower()
            for word in operand:
                if word in text:
                    return True
            return False

        return test

    def python_values(self, key, operand):
        def predicate(values, env=None):
            v = values.get(key)
            if v is None:
                return False
            text = str(v).lower()
            for word in operand:
                if word in text:
                    return True
            return False

        return predicate

    def sql(self, col, operand, *, scope, field):
        low = lowered(col)
        return sa.and_(
            col.isnot(None),
            sa.or_(*[low.like(f"%{like_escape(w)}%", escape=LIKE_ESCAPE) for w in operand]),
        )


class StartsWithOperator(Operator):
    """The text starts with the operand, ignoring case. Example::

    {"field": "company", "op": "starts_with", "value": "上海"}
    """

    type = "starts_with"
    label = {"zh-CN": "开头是", "en": "starts with"}

    def prepare(self, raw, *, field, ctx):
        if isinstance(raw, (list, dict)):
            raise OperandError("starts_with takes one piece of text")
        return _words(raw)[0].lower()

    def python(self, operand):
        return lambda v, env: v is not None and str(v).lower().startswith(operand)

    def sql(self, col, operand, *, scope, field):
        return sa.and_(
            col.isnot(None), lowered(col).like(f"{like_escape(operand)}%", escape=LIKE_ESCAPE)
        )


OPERATORS = (ContainsOperator(), ContainsAnyOperator(), StartsWithOperator())
