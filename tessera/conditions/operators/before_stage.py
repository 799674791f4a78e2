"""``before_stage``: a stage earlier in the pipeline than the operand."""

from __future__ import annotations

from tessera.conditions.operators.base import register
from tessera.conditions.operators.stage_order import StageOrderOperator


@register
class BeforeStageOperator(StageOrderOperator):
    """An earlier stage. Example::

    {"field": "stage", "op": "before_stage", "value": "qualified"}
    """

    type = "before_stage"
    label = {"zh-CN": "早于阶段", "en": "before stage"}
