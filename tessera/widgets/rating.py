"""Star ratings."""

import sqlalchemy as sa
from wtforms import RadioField

from tessera.widgets.base import FieldError, refuse_unsafe_text, register, tr
from tessera.widgets.choices import html_options
from tessera.widgets.numeric import NumericWidget, parse_integer

STAR, EMPTY_STAR = "★", "☆"


@register
class RatingWidget(NumericWidget):
    """A whole number of stars from 1 to the field's ``max`` (default 5). Accepts ``3``,
    ``"3"`` or ``"★★★"``; shown as ``★★★☆☆``.

    Example::

        RatingWidget().normalize("4", config={"max": 5}, ctx=WidgetContext())  # 4
    """

    type = "rating"
    kind = "choice"
    label = {"zh-CN": "评分", "en": "Rating"}
    value_type = "integer"
    storage = "integer"
    can_be_dimension = True
    config_schema = {
        "type": "object",
        "properties": {"max": {"type": "integer", "minimum": 1, "maximum": 10}},
        "additionalProperties": False,
    }

    def sql_type(self, config):
        return sa.Integer()

    def value_schema(self, config):
        return {"type": ["integer", "null"], "minimum": 1, "maximum": self._max(config)}

    def normalize(self, raw, *, config, ctx):
        refuse_unsafe_text(raw, ctx=ctx)
        if isinstance(raw, str) and raw.strip() and set(raw.strip()) <= {STAR, EMPTY_STAR}:
            raw = raw.count(STAR) or None  # all stars empty: not rated
        return parse_integer(raw, ctx=ctx)

    def validate(self, value, *, config, ctx):
        top = self._max(config)
        if not 1 <= value <= top:
            raise FieldError(
                tr(ctx.locale, f"评分须在 1 到 {top} 之间", f"Choose a rating from 1 to {top}"),
                code="range",
            )

    def form_field(self, *, label, config, required, description="", ctx):
        stars = [(str(n), STAR * n) for n in range(1, self._max(config) + 1)]
        return RadioField(
            label, description=description, choices=html_options(stars), validate_choice=False
        )

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        top = self._max(config)
        filled = max(0, min(int(value), top))
        return STAR * filled + EMPTY_STAR * (top - filled)

    def default_config(self):
        return {"max": 5}

    @staticmethod
    def _max(config):
        return config.get("max") or 5
