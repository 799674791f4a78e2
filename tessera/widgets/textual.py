"""Shared behaviour of widgets whose value is one line of text (text, email, phone, url)."""

from __future__ import annotations

import math
import re
from typing import Any

from wtforms import StringField

from tessera.patterns import MAX_PATTERN, PatternError, compile_pattern, pattern_fullmatch
from tessera.widgets.base import FieldError, Widget, WidgetContext, refuse_unsafe_text, tr

MAX_TEXT = 10_000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TEXT_RULES_SCHEMA = {
    "min_length": {"type": "integer", "minimum": 0},
    "max_length": {"type": "integer", "minimum": 1, "maximum": MAX_TEXT},
    "pattern": {"type": "string", "maxLength": MAX_PATTERN},
    "pattern_message": {"type": "object"},
    "placeholder": {"type": "object"},
}


def _not_finite(raw: Any) -> bool:
    # NaN and infinities are not text anyone typed; "nan" would be their text.
    return isinstance(raw, float) and not math.isfinite(raw)


def clean_text(raw: Any, *, ctx: WidgetContext, multiline: bool = False) -> str | None:
    """Strip, reject non-strings and control characters; empty → None."""
    if raw is None:
        return None
    refuse_unsafe_text(raw, ctx=ctx)
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)) or _not_finite(raw):
        raise FieldError(tr(ctx.locale, "请输入文本", "Enter text"), code="type")
    text = str(raw).replace("\r\n", "\n")
    if not multiline:
        text = text.replace("\n", " ")
    text = CONTROL_CHARS.sub("", text).strip()
    if len(text) > MAX_TEXT:
        raise FieldError(
            tr(ctx.locale, f"不能超过 {MAX_TEXT} 个字符", f"At most {MAX_TEXT} characters"),
            code="too_long",
        )
    return text or None


def check_length_and_pattern(value: str, *, config: dict, ctx: WidgetContext) -> None:
    """Apply ``min_length``, ``max_length`` and ``pattern`` from a field's config."""
    lo, hi = config.get("min_length"), config.get("max_length")
    if lo is not None and len(value) < lo:
        raise FieldError(
            tr(ctx.locale, f"至少 {lo} 个字符", f"At least {lo} characters"), code="too_short"
        )
    if hi is not None and len(value) > hi:
        raise FieldError(
            tr(ctx.locale, f"最多 {hi} 个字符", f"At most {hi} characters"), code="too_long"
        )
    pattern = config.get("pattern")
    if pattern and not _fullmatch(pattern, value):
        custom = config.get("pattern_message") or {}
        message = custom.get("en" if ctx.locale.startswith("en") else "zh-CN")
        raise FieldError(message or tr(ctx.locale, "格式不正确", "Wrong format"), code="pattern")


def _fullmatch(pattern: str, value: str) -> bool:
    # RE2, linear time: the builder refuses patterns it cannot run (tessera/patterns.py).
    try:
        return pattern_fullmatch(compile_pattern(pattern), value)
    except PatternError:
        return True  # an unchecked document's bad pattern constrains nothing, never crashes


class TextualWidget(Widget):
    """A one-line text value; subclasses refine normalization."""

    value_type = "string"
    storage = "text"
    html_type = "text"
    condition_type = "text"
    config_schema = {
        "type": "object",
        "properties": dict(TEXT_RULES_SCHEMA),
        "additionalProperties": False,
    }

    def normalize(self, raw, *, config, ctx):
        return clean_text(raw, ctx=ctx)

    def validate(self, value, *, config, ctx):
        check_length_and_pattern(value, config=config, ctx=ctx)

    def form_field(self, *, label, config, required, description="", ctx):
        attrs = {"type": self.html_type}
        if config.get("max_length"):
            attrs["maxlength"] = config["max_length"]
        return StringField(label, description=description, render_kw=attrs)
