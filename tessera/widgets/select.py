"""A single choice from a list of options."""

from tessera.widgets.base import register
from tessera.widgets.choices import OPTIONS_SCHEMA, ChoiceWidget


@register
class SelectWidget(ChoiceWidget):
    """One option key out of the field's options; written as a key or a label.

    Example::

        cfg = {"options": [{"key": "finance", "label": {"zh-CN": "金融", "en": "Finance"}}]}
        SelectWidget().normalize("金融", config=cfg, ctx=WidgetContext())  # "finance"
    """

    type = "select"
    label = {"zh-CN": "下拉单选", "en": "Select"}
    config_schema = {
        "type": "object",
        "required": ["options"],
        "properties": {"options": OPTIONS_SCHEMA, "placeholder": {"type": "object"}},
        "additionalProperties": False,
    }

    def default_config(self):
        return {
            "options": [
                {"key": "option_1", "label": {"zh-CN": "选项 1", "en": "Option 1"}},
                {"key": "option_2", "label": {"zh-CN": "选项 2", "en": "Option 2"}},
            ]
        }
