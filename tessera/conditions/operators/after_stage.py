"""``after_stage``: a stage later in the pipeline than the operand."""

from __future__ import annotations

from tessera.conditions.operators.base import register
from tessera.conditions.operators.stage_order import StageOrderOperator


@register
class AfterStageOperator(StageOrderOperator):
    """A later stage. Example::

    {"field": "stage", "op": "after_stage", "value": "contacted"}
    """

    type = "after_stage"
    later = True
    label = {"zh-CN": "晚于阶段", "en": "after stage"}
