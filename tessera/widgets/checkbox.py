"""Yes/no checkboxes."""

import sqlalchemy as sa
from wtforms import BooleanField

from tessera.widgets.base import FieldError, Widget, refuse_unsafe_text, register, tr

TRUE_WORDS = frozenset({"true", "1", "y", "yes", "on", "checked", "是", "对", "✓", "√"})
FALSE_WORDS = frozenset({"false", "0", "n", "no", "off", "否", "不是", ""})


@register
class CheckboxWidget(Widget):
    """A yes/no value. Accepts booleans, 0/1 and the words browsers, spreadsheets and people
    use (``"on"``, ``"y"``, ``"true"``, ``"是"``, ``"否"`` …).

    ``None`` (no answer at all, e.g. a key missing from an API call) normalizes to None;
    ``""`` normalizes to False, because a browser's unchecked box and an emptied spreadsheet
    cell both mean "no". An HTML form therefore passes ``""`` (or the BooleanField's
    ``data``) for an unchecked box.

    Example::

        CheckboxWidget().normalize("是", config={}, ctx=WidgetContext())  # True
    """

    type = "checkbox"
    kind = "choice"
    label = {"zh-CN": "勾选", "en": "Checkbox"}
    value_type = "boolean"
    storage = "boolean"
    condition_type = "boolean"
    config_schema = {"type": "object", "properties": {}, "additionalProperties": False}

    def sql_type(self, config):
        return sa.Boolean()

    def value_schema(self, config):
        return {"type": ["boolean", "null"]}

    def normalize(self, raw, *, config, ctx):
        refuse_unsafe_text(raw, ctx=ctx)
        if raw is None or isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str):
            word = raw.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
        raise FieldError(tr(ctx.locale, "请选择是或否", "Choose yes or no"), code="type")

    def to_form_data(self, value, *, config, ctx=None):
        return bool(value)

    def form_field(self, *, label, config, required, description="", ctx):
        return BooleanField(label, description=description)

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        return tr(ctx.locale, "是", "Yes") if value else tr(ctx.locale, "否", "No")
