"""A user of the platform, e.g. a lead's owner."""

import sqlalchemy as sa
from wtforms import StringField

from tessera.widgets.base import FieldError, Widget, refuse_unsafe_text, register, tr

MAX_ID = 2**31 - 1  # user ids are INTEGER (32-bit on PostgreSQL)


@register
class UserWidget(Widget):
    """A platform user, stored as their id. Written as an id (``7`` or ``"7"``), an email
    (``"ann@example.com"``) or ``{"id": 7}``; the API reads ``{"id", "email", "name"}``.

    Example::

        UserWidget().normalize("ann@example.com", config={}, ctx=ctx)  # 7
    """

    type = "user"
    kind = "relation"
    label = {"zh-CN": "成员", "en": "User"}
    value_type = "integer"
    storage = "integer"
    refers_to = "user"
    condition_type = "user"
    list_filtered = True
    config_schema = {
        "type": "object",
        "properties": {"placeholder": {"type": "object"}},
        "additionalProperties": False,
    }

    def sql_type(self, config):
        return sa.Integer()

    def value_schema(self, config):
        return {
            "type": ["object", "null"],
            "required": ["id"],
            "properties": {
                "id": {"type": "integer"},
                "email": {"type": "string"},
                "name": {"type": "string"},
            },
        }

    def normalize(self, raw, *, config, ctx):
        refuse_unsafe_text(raw, ctx=ctx)
        if isinstance(raw, dict) and "id" in raw:
            raw = raw["id"]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, str):
            raw = raw.strip()
            ref = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else raw.lower()
        elif isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= MAX_ID:
            ref = raw  # past MAX_ID no user can have it (and the database cannot compare it)
        else:
            raise FieldError(tr(ctx.locale, "请选择用户", "Choose a user"), code="type")
        if isinstance(ref, str) and ("@" not in ref or len(ref) > 254):
            raise FieldError(tr(ctx.locale, "请选择用户", "Choose a user"), code="type")
        user = ctx.lookups.find_user(ref)
        if not user:
            raise FieldError(tr(ctx.locale, "用户不存在", "No such user"), code="no_such_user")
        return int(user["id"])

    def to_json(self, value, *, config, ctx):
        if value is None:
            return None
        user = ctx.lookups.find_user(value)
        if not user:
            return {"id": value}
        return {"id": user["id"], "email": user.get("email") or "", "name": user.get("name") or ""}

    def to_form_data(self, value, *, config, ctx=None):
        return "" if value is None else str(value)

    def form_field(self, *, label, config, required, description="", ctx):
        # The runtime swaps this for a select of users; the attribute tells it (and the JS).
        return StringField(label, description=description, render_kw={"data-widget": "user"})

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        user = ctx.lookups.find_user(value)
        if not user:
            return f"#{value}"
        return user.get("name") or user.get("email") or f"#{value}"
