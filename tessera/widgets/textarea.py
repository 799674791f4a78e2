"""Multi-line text."""

import html

from wtforms import TextAreaField

from tessera.widgets.base import register
from tessera.widgets.textual import TextualWidget, clean_text


@register
class TextareaWidget(TextualWidget):
    """Several lines of text, e.g. notes on a call; line breaks are kept.

    Example::

        TextareaWidget().normalize("第一行\\r\\n第二行 ", config={}, ctx=WidgetContext())
        # "第一行\\n第二行"
    """

    type = "textarea"
    label = {"zh-CN": "多行文本", "en": "Paragraph"}
    joins_parts = True
    can_be_dimension = False

    def normalize(self, raw, *, config, ctx):
        return clean_text(raw, ctx=ctx, multiline=True)

    def form_field(self, *, label, config, required, description="", ctx):
        attrs = {"rows": 4}
        if config.get("max_length"):
            attrs["maxlength"] = config["max_length"]
        return TextAreaField(label, description=description, render_kw=attrs)

    def display_html(self, value, *, config, ctx):
        return html.escape(self.display(value, config=config, ctx=ctx)).replace("\n", "<br>\n")
