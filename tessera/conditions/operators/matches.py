"""``matches``: for a text field, a regular expression; for a link field, a condition on the
linked record (``{"field": "campaign", "op": "matches", "value": {<condition>}}``)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator, register
from tessera.conditions.pattern_match import UserPatternMatch
from tessera.patterns import PatternError, compile_pattern, pattern_searcher


@register
class MatchesOperator(Operator):
    """Text: ``re.search`` semantics (case-sensitive unless the pattern starts with ``(?i)``),
    run by RE2 (linear time; backreferences and lookaround are refused, see
    :mod:`tessera.patterns`).
    Link: the linked record exists and satisfies the nested condition.

    Example::

        {"field": "email", "op": "matches", "value": "@(qq|163)\\\\.com$"}
        {"field": "campaign", "op": "matches",
         "value": {"field": "region", "op": "eq", "value": "east_china"}}
    """

    type = "matches"
    accepts = frozenset({"text", "record"})
    label = {"zh-CN": "匹配", "en": "matches"}
    operand = "pattern"

    def prepare(self, raw, *, field, ctx):
        if field.condition_type == "record":
            return self._linked(raw, field=field, ctx=ctx)
        if isinstance(raw, dict):
            if field.widget is None:
                raise OperandError(
                    "a condition on a linked record needs the form", "关联记录的条件需要知道表单"
                )
            raise OperandError(
                "only a link field can match a condition", "只有关联字段可以匹配一个条件"
            )
        try:
            return ("regex", compile_pattern(raw))
        except PatternError as exc:
            raise OperandError(
                f"This regular expression cannot be used: {exc.message}.",
                f"此正则表达式无法使用：{exc.message_zh}。",
                code="bad_pattern",
            ) from None

    def _linked(self, raw, *, field, ctx):
        from tessera.conditions.compiler import compile_condition

        target = (field.config or {}).get("form")
        linked = field.schema.linked(target) if field.schema is not None else None
        if linked is None:
            raise OperandError(
                f"the linked form «{target}» is not available", f"关联的表单「{target}」不可用"
            )
        if not isinstance(raw, dict):
            raise OperandError(
                "a link matches a condition object {…}", "关联字段须匹配一个条件对象 {…}"
            )
        return ("link", target, compile_condition(raw, schema=linked, ctx=ctx, path="/value"))

    def python(self, operand):
        if operand[0] == "regex":
            search = pattern_searcher(operand[1])
            return lambda v, env: isinstance(v, str) and search(v)
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
        search = pattern_searcher(operand[1])

        def predicate(values, env=None):
            v = values.get(key)
            return isinstance(v, str) and search(v)

        return predicate

    def python_source(self, operand, value, src):
        if operand[0] != "regex":  # a linked record: the closure asks the env
            return super().python_source(operand, value, src)
        search = src.bind(pattern_searcher(operand[1]))
        return f"(isinstance({value}, str) and {search}({value}))"

    def sql(self, col, operand, *, scope, field):
        if operand[0] == "regex":
            return sa.and_(col.isnot(None), UserPatternMatch(col, operand[1].pattern))
        _, target, inner = operand
        linked_scope = scope.linked(target)
        table = linked_scope.table
        ids = sa.select(table.c.id).where(table.c.deleted_at.is_(None), inner.sql(linked_scope))
        return sa.and_(col.isnot(None), col.in_(ids))
