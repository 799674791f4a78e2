"""``within_last_days``: a date or instant between N days ago and now."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import register
from tessera.conditions.operators.windows import WindowOperator


@register
class WithinLastDaysOperator(WindowOperator):
    """Within the last N days. Example::

    {"field": "next_at", "op": "within_last_days", "value": 7}
    """

    type = "within_last_days"
    label = {"zh-CN": "最近 N 天内", "en": "within the last N days"}

    def python(self, operand):
        bounds, read = self.bounds, self.reader(operand)

        def test(v, env):
            if v is None:
                return False
            since, until = bounds(operand, env)
            return since <= read(v) <= until

        return test

    def sql(self, col, operand, *, scope, field):
        since, until = self.bounds(operand, scope.env)
        return sa.and_(col.isnot(None), col >= since, col <= until)
