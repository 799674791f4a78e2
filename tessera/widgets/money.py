"""Amounts of money, exact to the cent."""

import re
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from tessera.widgets.base import register
from tessera.widgets.numeric import RANGE_SCHEMA, NumericWidget, parse_decimal

CENT = Decimal("0.01")
# 15 significant digits survive a trip through a JSON float exactly, cents included.
LIMIT = Decimal("1e13")
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}
# What people type around an amount: "¥500,000", "RMB 500000", "500000元", "US$ 20".
_PREFIX = re.compile(r"^(?:(?:CNY|RMB|USD|EUR|GBP|JPY|HKD)\s*)?(?:US\$|HK\$|[¥￥$€£])?", re.I)
_SUFFIX = re.compile(r"(?:元|块|圆|人民币)$")
_WAN = "万"


@register
class MoneyWidget(NumericWidget):
    """An amount in the field's currency, stored as an exact decimal with 2 places
    (rounded half up). Accepts ``"¥500,000"``, ``"500000.5"``, ``500000``, ``"50万"``.

    Example::

        MoneyWidget().normalize("¥500,000", config={}, ctx=WidgetContext())
        # Decimal("500000.00")
    """

    type = "money"
    label = {"zh-CN": "金额", "en": "Money"}
    value_type = "decimal"
    storage = "decimal"
    config_schema = {
        "type": "object",
        "properties": {**RANGE_SCHEMA, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}},
        "additionalProperties": False,
    }

    def sql_type(self, config):
        return sa.Numeric(18, 2)

    def normalize(self, raw, *, config, ctx):
        scale = 1
        if isinstance(raw, str) and raw.strip():
            text = _SUFFIX.sub("", _PREFIX.sub("", raw.strip()).strip()).strip()
            if text.endswith(_WAN):
                text, scale = text[:-1].strip(), 10_000
            raw = text or "?"  # a bare "¥" is not an empty field
        number = parse_decimal(raw, ctx=ctx, limit=LIMIT)
        if number is None:
            return None
        number = parse_decimal(number * scale, ctx=ctx, limit=LIMIT)
        return number.quantize(CENT, rounding=ROUND_HALF_UP)

    def to_json(self, value, *, config, ctx):
        return None if value is None else float(value)

    def to_form_data(self, value, *, config, ctx=None):
        return "" if value is None else f"{Decimal(value).quantize(CENT)}"

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        currency = config.get("currency") or "CNY"
        prefix = SYMBOLS.get(currency, f"{currency} ")
        amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
        sign = "-" if amount < 0 else ""
        return f"{sign}{prefix}{abs(amount):,.2f}"

    def default_config(self):
        return {"currency": "CNY"}
