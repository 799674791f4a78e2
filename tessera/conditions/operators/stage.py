"""Pipeline position: ``before_stage`` / ``after_stage`` compare by the order of the stage
field's options (new → contacted → … → won)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator


class _StageOrderOperator(Operator):
    needs_schema = True
    later = False

    def prepare(self, raw, *, field, ctx):
        order = [o["key"] for o in (field.config or {}).get("options", [])]
        key = field.normalize(raw, ctx)
        if key not in order:
            raise OperandError(f"{raw!r} is not a stage of this field")
        at = order.index(key)
        return frozenset(order[at + 1 :] if self.later else order[:at])

    def python(self, operand):
        return lambda v, env: v in operand

    def sql(self, col, operand, *, scope, field):
        if not operand:
            return sa.false()
        return sa.and_(col.isnot(None), col.in_(sorted(operand)))


class BeforeStageOperator(_StageOrderOperator):
    """An earlier stage than the operand. Example::

    {"field": "stage", "op": "before_stage", "value": "qualified"}
    """

    type = "before_stage"
    label = {"zh-CN": "早于阶段", "en": "before stage"}


class AfterStageOperator(_StageOrderOperator):
    """A later stage than the operand. Example::

    {"field": "stage", "op": "after_stage", "value": "contacted"}
    """

    type = "after_stage"
    later = True
    label = {"zh-CN": "晚于阶段", "en": "after stage"}


OPERATORS = (BeforeStageOperator(), AfterStageOperator())
