"""Free-text tags."""

import html

from wtforms import StringField

from tessera.widgets.base import FieldError, register, tr
from tessera.widgets.lists import ListWidget, split_items
from tessera.widgets.textual import CONTROL_CHARS

SEPARATORS = ",，、;；\n"
MAX_TAG = 40
MAX_TAGS = 50


@register
class TagsWidget(ListWidget):
    """Short free-text labels (1–40 characters, at most 50), deduplicated ignoring case
    (the first spelling wins). Written as a list or one string split on ``, ， 、 ;`` and
    new lines.

    Example::

        TagsWidget().normalize("VIP, 展会；vip", config={}, ctx=WidgetContext())
        # ["VIP", "展会"]
    """

    type = "tags"
    label = {"zh-CN": "标签", "en": "Tags"}
    config_schema = {
        "type": "object",
        "properties": {
            "suggestions": {
                "type": "array",
                "maxItems": 200,
                "items": {"type": "string", "minLength": 1, "maxLength": MAX_TAG},
            },
            "placeholder": {"type": "object"},
        },
        "additionalProperties": False,
    }

    def value_schema(self, config):
        return {
            "type": ["array", "null"],
            "maxItems": MAX_TAGS,
            "items": {"type": "string", "minLength": 1, "maxLength": MAX_TAG},
        }

    def normalize(self, raw, *, config, ctx):
        items = split_items(raw, separators=SEPARATORS, ctx=ctx)
        if items is None:
            return None
        tags: dict[str, str] = {}
        for item in items:
            tag = " ".join(CONTROL_CHARS.sub("", item).split())
            if not tag:
                continue
            if len(tag) > MAX_TAG:
                raise FieldError(
                    tr(
                        ctx.locale,
                        f"每个标签最多 {MAX_TAG} 个字符",
                        f"A tag has at most {MAX_TAG} characters",
                    ),
                    code="too_long",
                )
            tags.setdefault(tag.casefold(), tag)
        if len(tags) > MAX_TAGS:
            raise FieldError(
                tr(ctx.locale, f"最多 {MAX_TAGS} 个标签", f"At most {MAX_TAGS} tags"),
                code="too_many",
            )
        return list(tags.values()) or None

    def to_form_data(self, value, *, config, ctx=None):
        return ", ".join(value or [])

    def form_field(self, *, label, config, required, description="", ctx):
        attrs = {"data-widget": "tags"}
        if config.get("suggestions"):
            attrs["data-suggestions"] = "\n".join(config["suggestions"])
        return StringField(label, description=description, render_kw=attrs)

    def display_html(self, value, *, config, ctx):
        return " ".join(f'<span class="tag">{html.escape(tag)}</span>' for tag in value or [])
