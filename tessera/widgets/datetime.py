"""Points in time: a date with a time of day, stored in UTC."""

import sqlalchemy as sa
from wtforms import StringField

from tessera.widgets.base import WidgetContext, register
from tessera.widgets.temporal import TemporalWidget, local, parse_datetime


@register
class DatetimeWidget(TemporalWidget):
    """A moment, e.g. a meeting. Stored as an aware UTC datetime; read and shown in the
    user's time zone (``ctx.timezone``). Accepts ISO 8601 with an offset
    (``"2026-11-23T10:00:00+08:00"``) or a local time (``"2026-11-23 10:00"``).

    Example::

        DatetimeWidget().normalize("2026-11-23 10:00", config={},
                                   ctx=WidgetContext(timezone="Asia/Shanghai"))
        # datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    """

    type = "datetime"
    label = {"zh-CN": "日期时间", "en": "Date & time"}
    value_type = "datetime"
    storage = "datetime"
    condition_type = "datetime"

    def sql_type(self, config):
        return sa.DateTime(timezone=True)

    def value_schema(self, config):
        return {"type": ["string", "null"], "format": "date-time"}

    def normalize(self, raw, *, config, ctx):
        return parse_datetime(raw, ctx=ctx)

    def local_date(self, value, *, ctx):
        return local(value, ctx).date()

    def to_json(self, value, *, config, ctx):
        return None if value is None else local(value, ctx).isoformat(timespec="seconds")

    def to_form_data(self, value, *, config, ctx=None):
        """``"YYYY-MM-DDTHH:MM"`` in ``ctx.timezone`` (the default context's without one)."""
        if value is None:
            return ""
        return local(value, ctx or WidgetContext()).strftime("%Y-%m-%dT%H:%M")

    def form_field(self, *, label, config, required, description="", ctx):
        return StringField(label, description=description, render_kw={"type": "datetime-local"})

    def display(self, value, *, config, ctx):
        return "" if value is None else local(value, ctx).strftime("%Y-%m-%d %H:%M")
