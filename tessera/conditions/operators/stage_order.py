"""What ``before_stage`` and ``after_stage`` share: the stages earlier or later than the
operand, by the order of the stage field's options (new → contacted → … → won)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator


class StageOrderOperator(Operator):
    """Membership in the stages on one side of the operand (subclasses set ``later``)."""

    accepts = frozenset({"stage"})
    browser = frozenset({"stage"})  # the page gets the set of stages on that side
    needs_schema = True
    later = False

    def prepare(self, raw, *, field, ctx):
        order = [o["key"] for o in (field.config or {}).get("options", [])]
        key = field.normalize(raw, ctx)
        if key not in order:
            raise OperandError(
                f"«{raw}» is not a stage of «{field.key}»", f"「{raw}」不是「{field.key}」的阶段"
            )
        at = order.index(key)
        return frozenset(order[at + 1 :] if self.later else order[:at])

    def python(self, operand):
        return lambda v, env: v in operand

    def python_source(self, operand, value, src):
        return f"({value} in {src.bind(operand)})"

    def sql(self, col, operand, *, scope, field):
        if not operand:
            return sa.false()
        return sa.and_(col.isnot(None), col.in_(sorted(operand)))
