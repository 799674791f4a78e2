"""``matches``: for a text field, a regular expression; for a link field, a condition on the
linked record (``{"field": "campaign", "op": "matches", "value": {<condition>}}``)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tessera.runtime.rules.operators.base import OperandError, Operator

MAX_PATTERN = 500


class MatchesOperator(Operator):
    """Text: ``re.search`` semantics (case-sensitive unless the pattern starts with ``(?i)``).
    Link: the linked record exists and satisfies the nested condition.

    Example::

        {"field": "email", "op": "matches", "value": "@(qq|163)\\\\.com$"}
        {"field": "campaign", "op": "matches",
         "value": {"field": "region", "op": "eq", "value": "east_china"}}
    """

    type = "matches"
    label = {"zh-CN": "匹配", "en": "matches"}

    def prepare(self, raw, *, field, ctx):
        if field.widget is not None and field.widget.refers_to == "record":
            return self._linked(raw, field=field, ctx=ctx)
        if isinstance(raw, dict):
            if field.widget is None:
                raise OperandError("a condition on a linked record needs the form")
            raise OperandError("only a link field can match a condition")
        if not isinstance(raw, str) or not raw or len(raw) > MAX_PATTERN:
            raise OperandError(f"matches needs a regular expression (1–{MAX_PATTERN} characters)")
        try:
            return ("regex", re.compile(raw))
        except re.error as exc:
            raise OperandError(f"not a valid regular expression: {exc}") from None

    def _linked(self, raw, *, field, ctx):
        from tessera.runtime.rules.compiler import compile_condition

        target = (field.config or {}).get("form")
        linked = field.schema.linked(target) if field.schema is not None else None
        if linked is None:
            raise OperandError(f"the linked form {target!r} is not available")
        if not isinstance(raw, dict):
            raise OperandError("a link matches a condition object {…}")
        return ("link", target, compile_condition(raw, schema=linked, ctx=ctx, path="/value"))

    def python(self, operand):
        if operand[0] == "regex":
            search = operand[1].search
            return lambda v, env: isinstance(v, str) and search(v) is not None
        _, target, inner = operand
        predicate = inner.predicate

        def test(v, env):
            if v is None or env is None:
                return False
            values = env.linked_values(target, v)
            return values is not None and predicate(values, env)

        return test

    def python_values(self, key, operand):
        if operand[0] != "regex":
            return super().python_values(key, operand)
        search = operand[1].search

        def predicate(values, env=None):
            v = values.get(key)
            return isinstance(v, str) and search(v) is not None

        return predicate

    def sql(self, col, operand, *, scope, field):
        if operand[0] == "regex":
            return sa.and_(col.isnot(None), col.regexp_match(operand[1].pattern))
        _, target, inner = operand
        linked_scope = scope.linked(target)
        table = linked_scope.table
        ids = sa.select(table.c.id).where(table.c.deleted_at.is_(None), inner.sql(linked_scope))
        return sa.and_(col.isnot(None), col.in_(ids))


OPERATORS = (MatchesOperator(),)
