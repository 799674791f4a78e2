"""Values computed from the record's other fields by an expression."""

import math
from decimal import Decimal

import sqlalchemy as sa
from wtforms import StringField

from tessera.widgets.base import FieldError, Widget, register
from tessera.widgets.formula_eval import (
    MAX_LENGTH,
    MAX_TEXT,
    FormulaError,
    compile_formula,
    text_of,
)
from tessera.widgets.numeric import MAX_MAGNITUDE, plain_number


@register
class FormulaWidget(Widget):
    """A value the system computes on every save from the record's other fields, e.g.
    ``est_amount * 0.1`` or ``concat(name, " / ", company)`` (see
    :mod:`tessera.widgets.formula_eval` for the language). Whatever a user sends for it is
    discarded. ``result`` says whether it is a number (a float column) or text.

    Example::

        ctx = WidgetContext(record={"est_amount": 5000})
        FormulaWidget().normalize(None, config={"expression": "est_amount * 0.1"}, ctx=ctx)
        # 500.0
    """

    type = "formula"
    kind = "system"
    label = {"zh-CN": "公式", "en": "Formula"}
    value_type = "number"  # "string" when result is "text": see value_schema()
    storage = "float"  # "text" when result is "text": see storage_for()
    computed = True
    recomputes = True
    can_be_dimension = False
    can_be_measure = True
    condition_type = "number"  # "text" when result is "text": see condition_type_for()
    config_schema = {
        "type": "object",
        "required": ["expression"],
        "properties": {
            "expression": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
            "result": {"enum": ["number", "text"]},
            "decimals": {"type": "integer", "minimum": 0, "maximum": 6},
        },
        "additionalProperties": False,
    }

    def storage_for(self, config):
        return "text" if _is_text(config) else "float"

    def condition_type_for(self, config):
        return "text" if _is_text(config) else "number"

    def sql_type(self, config):
        return sa.Text() if _is_text(config) else sa.Float()

    def value_schema(self, config):
        return {"type": ["string", "null"]} if _is_text(config) else {"type": ["number", "null"]}

    def normalize(self, raw, *, config, ctx):
        """Compute from ``ctx.record``; ``raw`` (user input) is ignored."""
        try:
            formula = compile_formula(config.get("expression", ""))
        except FormulaError as exc:
            raise FieldError(exc.message(ctx.locale), code="formula") from None
        value = formula.evaluate(ctx.record or {})
        if _is_text(config):
            return text_of(value)[:MAX_TEXT] or None
        if isinstance(value, (bool, int, float, Decimal)):
            number = float(value)
            if math.isfinite(number) and abs(number) <= MAX_MAGNITUDE:
                decimals = config.get("decimals")
                return round(number, decimals) if decimals is not None else number
        return None

    def validate(self, value, *, config, ctx):
        pass

    def to_form_data(self, value, *, config, ctx=None):
        if value is None:
            return ""
        return value if _is_text(config) else plain_number(value, decimals=config.get("decimals"))

    def form_field(self, *, label, config, required, description="", ctx):
        return StringField(label, description=description, render_kw={"readonly": True})

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        if _is_text(config) or isinstance(value, str):
            return str(value)
        return plain_number(value, decimals=config.get("decimals"), grouped=True)

    def default_config(self):
        return {"expression": "0", "result": "number"}


def _is_text(config):
    return config.get("result") == "text"
