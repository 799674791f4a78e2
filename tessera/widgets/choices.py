"""Shared behaviour of widgets whose values are keys of configured options."""

from __future__ import annotations

from typing import Any

from wtforms import SelectChoice, SelectField

from tessera.widgets.base import (
    FieldError,
    Widget,
    WidgetContext,
    label_text,
    refuse_unsafe_text,
    tr,
)

OPTION_KEY = "^[a-zA-Z0-9_][a-zA-Z0-9_\\-]{0,62}$"

OPTIONS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["key", "label"],
        "properties": {
            "key": {"type": "string", "pattern": OPTION_KEY},
            "label": {
                "type": "object",
                "properties": {"zh-CN": {"type": "string"}, "en": {"type": "string"}},
                "additionalProperties": False,
                "minProperties": 1,
            },
            "color": {"type": "string"},
        },
        "additionalProperties": True,
    },
}


def option_lookup(config: dict) -> dict[str, str]:
    """Map every accepted spelling (key, zh-CN label, English label, lower-cased) to the key."""
    lookup: dict[str, str] = {}
    for option in config.get("options", []):
        key = option["key"]
        for spelling in (key, *(option.get("label") or {}).values()):
            lookup.setdefault(str(spelling).strip().lower(), key)
    return lookup


def resolve_option(raw: Any, *, config: dict, ctx: WidgetContext) -> str:
    """The option key for ``raw`` (a key or a label in either language)."""
    refuse_unsafe_text(raw, ctx=ctx)
    if not isinstance(raw, str):
        raise FieldError(tr(ctx.locale, "请选择一个选项", "Choose an option"), code="type")
    key = option_lookup(config).get(raw.strip().lower())
    if key is None:
        raise FieldError(
            tr(ctx.locale, f"无效的选项：{raw[:50]}", f"Not one of the options: {raw[:50]}"),
            code="invalid_choice",
        )
    return key


def option_label(key: str, *, config: dict, locale: str) -> str:
    """The option's label in ``locale`` (its key if the option was removed)."""
    for option in config.get("options", []):
        if option["key"] == key:
            return label_text(option.get("label"), locale) or key
    return key


def choices(config: dict, locale: str) -> list[tuple[str, str]]:
    """``(key, label)`` pairs for an HTML select."""
    return [
        (o["key"], label_text(o.get("label"), locale) or o["key"])
        for o in config.get("options", [])
    ]


def html_option(
    value: str, label: str, render_kw: dict | None = None, *, optgroup: str | None = None
):
    """One ``<option>`` for a WTForms select, optionally inside an ``<optgroup>``."""
    return SelectChoice(value, label, render_kw=render_kw or {}, optgroup=optgroup)


def html_options(pairs, *, blank: bool = False) -> list:
    """``(value, label)`` pairs as WTForms options, after a blank ``—`` one if ``blank``."""
    options = [html_option("", "—")] if blank else []
    return options + [html_option(value, label) for value, label in pairs]


def option_keys(config: dict) -> list[str]:
    """The option keys in their configured order."""
    return [o["key"] for o in config.get("options", [])]


class ChoiceWidget(Widget):
    """One option key out of the field's options, written as a key or a label; subclasses
    (select, stage) set the type and config schema."""

    kind = "choice"
    value_type = "string"
    storage = "text"
    condition_type = "choice"
    list_filtered = True

    def value_schema(self, config):
        return {"enum": [*option_keys(config), None]}

    def normalize(self, raw, *, config, ctx):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return resolve_option(raw, config=config, ctx=ctx)

    def form_field(self, *, label, config, required, description="", ctx):
        return SelectField(
            label,
            description=description,
            validate_choice=False,
            choices=html_options(choices(config, ctx.locale), blank=True),
        )

    def display(self, value, *, config, ctx):
        return "" if value is None else option_label(value, config=config, locale=ctx.locale)
