"""``more_than_days_ago``: a date or instant earlier than N days ago."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import register
from tessera.conditions.operators.windows import WindowOperator


@register
class MoreThanDaysAgoOperator(WindowOperator):
    """More than N days ago. Example::

    {"field": "start_date", "op": "more_than_days_ago", "value": 30}
    """

    type = "more_than_days_ago"
    label = {"zh-CN": "早于 N 天前", "en": "more than N days ago"}

    def python(self, operand):
        bounds, read = self.bounds, self.reader(operand)
        return lambda v, env: v is not None and read(v) < bounds(operand, env)[0]

    def sql(self, col, operand, *, scope, field):
        since, _ = self.bounds(operand, scope.env)
        return sa.and_(col.isnot(None), col < since)
