"""Phone numbers in E.164."""

from tessera.widgets import WidgetContext, widget_registry
from tests.widgets.support import refuse

phone = widget_registry.get("phone")


def test_chinese_mobile_numbers_in_any_spelling(ctx):
    for raw in ("138 0013 8000", "13800138000", "+86 138-0013-8000", "(+86) 138 0013 8000"):
        assert phone.normalize(raw, config={}, ctx=ctx) == "+8613800138000"


def test_region_from_config_or_context():
    us = WidgetContext(region="US")
    assert phone.normalize("(201) 555-0123", config={}, ctx=us) == "+12015550123"
    assert (
        phone.normalize("(201) 555-0123", config={"region": "US"}, ctx=WidgetContext())
        == "+12015550123"
    )


def test_invalid_numbers_are_refused(ctx, en_ctx):
    assert refuse("phone", "12345", ctx=ctx) == "请输入有效的电话号码"
    assert refuse("phone", "not a phone", ctx=en_ctx) == "Enter a valid phone number"
    assert refuse("phone", "<script>", ctx=ctx) == "请输入有效的电话号码"
    assert refuse("phone", ["13800138000"], ctx=ctx) == "请输入文本"


def test_display_is_national_at_home_international_abroad(ctx):
    assert phone.display("+8613800138000", config={}, ctx=ctx) == "138 0013 8000"
    assert phone.display("+12015550123", config={}, ctx=ctx) == "+1 201-555-0123"
