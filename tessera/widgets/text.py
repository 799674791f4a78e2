"""Single-line text."""

from tessera.widgets.base import register
from tessera.widgets.textual import TextualWidget


@register
class TextWidget(TextualWidget):
    """One line of text, e.g. a name or a job title.

    Example::

        TextWidget().normalize("  销售总监 ", config={}, ctx=WidgetContext())  # "销售总监"
    """

    type = "text"
    label = {"zh-CN": "单行文本", "en": "Text"}
    joins_parts = True
