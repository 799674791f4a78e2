"""Scores written by the rules engine (lead scoring)."""

import sqlalchemy as sa
from wtforms import StringField

from tessera.widgets.base import register
from tessera.widgets.numeric import NumericWidget, parse_integer


@register
class ScoreWidget(NumericWidget):
    """A whole-number score computed by a scoring model; users never type it.

    ``normalize`` accepts what the system writes (an int or a numeric string) and refuses
    anything else; the runtime keeps user input away from computed fields.

    Example::

        ScoreWidget().normalize("85", config={}, ctx=WidgetContext())  # 85
    """

    type = "score"
    kind = "system"
    label = {"zh-CN": "评分卡得分", "en": "Score"}
    value_type = "integer"
    storage = "integer"
    computed = True
    config_schema = {"type": "object", "properties": {}, "additionalProperties": False}

    def sql_type(self, config):
        return sa.Integer()

    def value_schema(self, config):
        return {"type": ["integer", "null"]}

    def normalize(self, raw, *, config, ctx):
        return parse_integer(raw, ctx=ctx)

    def validate(self, value, *, config, ctx):
        pass

    def form_field(self, *, label, config, required, description="", ctx):
        return StringField(label, description=description, render_kw={"readonly": True})

    def display(self, value, *, config, ctx):
        return "" if value is None else str(value)
