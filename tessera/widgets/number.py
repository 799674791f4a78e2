"""Numbers: quantities, sizes, percentages."""

import sqlalchemy as sa

from tessera.widgets.base import register
from tessera.widgets.numeric import RANGE_SCHEMA, NumericWidget, parse_decimal, plain_number


@register
class NumberWidget(NumericWidget):
    """A number, stored as a float and rounded to the field's ``decimals``.

    Accepts ``42``, ``"  42 "``, ``"1,200"``; refuses ``"12abc"``, NaN, booleans and
    magnitudes over 1e15.

    Example::

        NumberWidget().normalize("1,200.456", config={"decimals": 2}, ctx=WidgetContext())
        # 1200.46
    """

    type = "number"
    label = {"zh-CN": "数字", "en": "Number"}
    config_schema = {
        "type": "object",
        "properties": {**RANGE_SCHEMA, "decimals": {"type": "integer", "minimum": 0, "maximum": 6}},
        "additionalProperties": False,
    }

    def sql_type(self, config):
        return sa.Float()

    def normalize(self, raw, *, config, ctx):
        number = parse_decimal(raw, ctx=ctx)
        if number is None:
            return None
        decimals = config.get("decimals")
        value = float(number)
        return round(value, decimals) if decimals is not None else value

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        return plain_number(value, decimals=config.get("decimals"), grouped=True)

    def default_config(self):
        return {}
