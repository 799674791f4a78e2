"""Calendar dates."""

import datetime as dt

import sqlalchemy as sa
from wtforms import StringField

from tessera.widgets.base import register
from tessera.widgets.temporal import TemporalWidget, parse_date


@register
class DateWidget(TemporalWidget):
    """A calendar day (no time, no time zone), e.g. an expected close date. Accepts
    ``"2026-11-23"``, ``"2026/11/23"``, ``"2026年11月23日"`` or a ``date``; the API reads
    ISO ``"2026-11-23"``.

    Example::

        DateWidget().normalize("2026年11月23日", config={}, ctx=WidgetContext())
        # datetime.date(2026, 11, 23)
    """

    type = "date"
    label = {"zh-CN": "日期", "en": "Date"}
    value_type = "date"
    storage = "date"
    condition_type = "date"

    def sql_type(self, config):
        return sa.Date()

    def value_schema(self, config):
        return {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def normalize(self, raw, *, config, ctx):
        return parse_date(raw, ctx=ctx)

    def local_date(self, value, *, ctx):
        return value

    def to_json(self, value, *, config, ctx):
        return None if value is None else _day(value).isoformat()

    def to_form_data(self, value, *, config, ctx=None):
        return "" if value is None else _day(value).isoformat()

    def form_field(self, *, label, config, required, description="", ctx):
        attrs = {"type": "date"}
        attrs.update({k: config[k] for k in ("min", "max") if config.get(k)})
        return StringField(label, description=description, render_kw=attrs)

    def display(self, value, *, config, ctx):
        return "" if value is None else _day(value).isoformat()


def _day(value):
    # A datetime is a date too; never print its time here.
    return value.date() if isinstance(value, dt.datetime) else value
