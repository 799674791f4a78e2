"""One-line text."""

import pytest

from tessera.widgets import FieldError, widget_registry
from tessera.widgets.textual import MAX_TEXT
from tests.widgets.support import invalid, refuse

text = widget_registry.get("text")


def test_strips_and_joins_lines(ctx):
    assert text.normalize("  销售总监 ", config={}, ctx=ctx) == "销售总监"
    assert text.normalize("a\nb", config={}, ctx=ctx) == "a b"
    assert text.normalize("a\x07b\x1f", config={}, ctx=ctx) == "ab"


def test_nul_is_refused_not_silently_dropped(ctx):
    # A NUL is no typing slip: the value is refused with a message (PostgreSQL cannot store it).
    with pytest.raises(FieldError) as caught:
        text.normalize("a\x00b", config={}, ctx=ctx)
    assert caught.value.code == "unsafe_text"


def test_numbers_become_text_and_blank_is_none(ctx):
    assert text.normalize(42, config={}, ctx=ctx) == "42"
    assert text.normalize("   ", config={}, ctx=ctx) is None
    assert text.normalize(None, config={}, ctx=ctx) is None


def test_wrong_json_types_are_refused(ctx, en_ctx):
    assert refuse("text", ["a"], ctx=ctx) == "请输入文本"
    assert refuse("text", {"$ne": 1}, ctx=en_ctx) == "Enter text"
    assert refuse("text", True, ctx=ctx) == "请输入文本"
    assert refuse("text", float("nan"), ctx=ctx) == "请输入文本"


def test_huge_strings_are_refused(ctx):
    assert refuse("text", "x" * (MAX_TEXT + 1), ctx=ctx) == f"不能超过 {MAX_TEXT} 个字符"


def test_script_is_kept_as_text_and_escaped(ctx):
    value = text.normalize("<script>alert(1)</script>", config={}, ctx=ctx)
    assert text.display_html(value, config={}, ctx=ctx) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_length_and_pattern_rules(ctx, en_ctx):
    assert invalid("text", "ab", config={"min_length": 3}, ctx=ctx) == "至少 3 个字符"
    assert invalid("text", "abcd", config={"max_length": 3}, ctx=en_ctx) == "At most 3 characters"
    rule = {"pattern": "[A-Z]{3}", "pattern_message": {"zh-CN": "三个大写字母"}}
    assert invalid("text", "abc", config=rule, ctx=ctx) == "三个大写字母"
    assert invalid("text", "abc", config={"pattern": "[A-Z]{3}"}, ctx=en_ctx) == "Wrong format"
    text.validate("ABC", config=rule, ctx=ctx)
