"""Several choices from a list of options."""

from wtforms import SelectMultipleField

from tessera.widgets.base import FieldError, refuse_unsafe_text, register, tr
from tessera.widgets.choices import (
    OPTIONS_SCHEMA,
    choices,
    html_options,
    option_keys,
    option_label,
    option_lookup,
    resolve_option,
)
from tessera.widgets.lists import ListWidget, split_items

SEPARATORS = ",，、"


@register
class MultiselectWidget(ListWidget):
    """Option keys out of the field's options, in the options' order, without duplicates.
    Written as a list of keys or labels, or as one string ``"金融、教育"``.

    Example::

        cfg = {"options": [{"key": "finance", "label": {"zh-CN": "金融"}},
                           {"key": "education", "label": {"zh-CN": "教育"}}]}
        MultiselectWidget().normalize("教育，金融", config=cfg, ctx=WidgetContext())
        # ["finance", "education"]
    """

    type = "multiselect"
    kind = "choice"
    label = {"zh-CN": "多选", "en": "Multi-select"}
    config_schema = {
        "type": "object",
        "required": ["options"],
        "properties": {
            "options": OPTIONS_SCHEMA,
            "min_choices": {"type": "integer", "minimum": 0},
            "max_choices": {"type": "integer", "minimum": 1},
            "placeholder": {"type": "object"},
        },
        "additionalProperties": False,
    }

    def value_schema(self, config):
        return {
            "type": ["array", "null"],
            "items": {"enum": option_keys(config)},
            "uniqueItems": True,
        }

    def normalize(self, raw, *, config, ctx):
        refuse_unsafe_text(raw, ctx=ctx)
        if isinstance(raw, str) and raw.strip().lower() in option_lookup(config):
            raw = [raw]  # a label that itself contains a separator
        items = split_items(raw, separators=SEPARATORS, ctx=ctx, split_list_items=False)
        if items is None:
            return None
        chosen = {resolve_option(item, config=config, ctx=ctx) for item in items}
        return [key for key in option_keys(config) if key in chosen]

    def validate(self, value, *, config, ctx):
        lo, hi = config.get("min_choices"), config.get("max_choices")
        if lo is not None and len(value) < lo:
            raise FieldError(
                tr(ctx.locale, f"至少选择 {lo} 项", f"Choose at least {lo}"), code="min_choices"
            )
        if hi is not None and len(value) > hi:
            raise FieldError(
                tr(ctx.locale, f"最多选择 {hi} 项", f"Choose at most {hi}"), code="max_choices"
            )

    def to_form_data(self, value, *, config, ctx=None):
        return list(value or [])

    def form_field(self, *, label, config, required, description="", ctx):
        return SelectMultipleField(
            label,
            description=description,
            validate_choice=False,
            choices=html_options(choices(config, ctx.locale)),
        )

    def item_labels(self, value, *, config, ctx):
        return [option_label(key, config=config, locale=ctx.locale) for key in value]

    def default_config(self):
        return {
            "options": [
                {"key": "option_1", "label": {"zh-CN": "选项 1", "en": "Option 1"}},
                {"key": "option_2", "label": {"zh-CN": "选项 2", "en": "Option 2"}},
            ]
        }
