"""A link to a record of another form in the same app."""

import sqlalchemy as sa
from wtforms import StringField

from tessera.widgets.base import FieldError, Widget, refuse_unsafe_text, register, tr


@register
class LinkWidget(Widget):
    """The id of a record of the form named in ``config["form"]`` (same app), e.g. a lead's
    customer. Written as ``12``, ``"12"`` or ``{"id": 12}``; the record must exist. The API
    reads ``{"id", "title"}``.

    Example::

        LinkWidget().normalize("12", config={"form": "customer"}, ctx=ctx)  # 12
    """

    type = "link"
    kind = "relation"
    label = {"zh-CN": "关联记录", "en": "Linked record"}
    value_type = "integer"
    storage = "integer"
    refers_to = "record"
    condition_type = "record"
    config_schema = {
        "type": "object",
        "required": ["form"],
        # "" is a link not yet pointed at a form; publishing checks the form exists.
        "properties": {
            "form": {"type": "string", "pattern": "^([a-z][a-z0-9_]{0,30})?$"},
            "placeholder": {"type": "object"},
        },
        "additionalProperties": False,
    }

    def sql_type(self, config):
        return sa.Integer()

    def value_schema(self, config):
        return {"type": ["integer", "null"], "minimum": 1}

    def normalize(self, raw, *, config, ctx):
        refuse_unsafe_text(raw, ctx=ctx)
        if isinstance(raw, dict) and "id" in raw:
            raw = raw["id"]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if (
            isinstance(raw, str)
            and raw.strip().isascii()
            and raw.strip().isdigit()
            and len(raw.strip()) < 10
        ):
            raw = int(raw.strip())
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < 2**31:
            raise FieldError(tr(ctx.locale, "请选择一条记录", "Choose a record"), code="type")
        if not config.get("form") or not ctx.lookups.record_exists(config["form"], raw):
            raise FieldError(
                tr(ctx.locale, "关联的记录不存在", "The linked record does not exist"),
                code="no_such_record",
            )
        return raw

    def to_json(self, value, *, config, ctx):
        if value is None:
            return None
        return value  # CONTRACT.md: a link value is the linked record's id

    def to_form_data(self, value, *, config, ctx=None):
        return "" if value is None else str(value)

    def form_field(self, *, label, config, required, description="", ctx):
        attrs = {"data-widget": "link", "data-form": config.get("form", "")}
        return StringField(label, description=description, render_kw=attrs)

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        return ctx.lookups.record_title(config.get("form"), value) or f"#{value}"

    def default_config(self):
        return {"form": ""}
