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


def test_extensions_are_kept_and_shown_as_such(ctx, en_ctx):
    for raw in ("027-8765 0000 ext. 8001", "027-87650000 转 8001", "027-8765 0000 分机：8001",
                "027-87650000-8001", "(027) 8765 0000 x8001"):  # fmt: skip
        assert phone.normalize(raw, config={}, ctx=ctx) == "+862787650000;ext=8001", raw
    assert phone.display("+862787650000;ext=8001", config={}, ctx=ctx) == "027 8765 0000 分机 8001"
    assert phone.display("+862787650000;ext=8001", config={}, ctx=en_ctx) == (
        "027 8765 0000 ext. 8001"
    )
    # Different extensions of one switchboard are different lines.
    assert phone.normalize("010-12345678-8002", config={}, ctx=ctx) == "+861012345678;ext=8002"


def test_notes_are_dropped_and_placeholders_are_empty(ctx):
    for raw in ("13805901234(微信同号)", "13805901234（微信同号）", "13805901234 微信同号"):
        assert phone.normalize(raw, config={}, ctx=ctx) == "+8613805901234"
    for raw in ("无", "-", "--", "暂无", "N/A", "/"):
        assert phone.normalize(raw, config={}, ctx=ctx) is None


def test_foreign_numbers_are_never_made_chinese(ctx, en_ctx):
    # With its country code written, a North American number is stored as one.
    assert phone.normalize("1-800-555-0199", config={}, ctx=ctx) == "+18005550199"
    assert phone.normalize("+1 (415) 555-2671", config={}, ctx=ctx) == "+14155552671"
    # Without one, it is refused with a message saying what to do — not +864155552671.
    assert refuse("phone", "(415) 555-2671", ctx=ctx).startswith("这不是中国的电话号码")
    assert "country code" in refuse("phone", "415-555-2671", ctx=en_ctx)
    # A Chinese landline is written with its trunk 0; ten bare digits are not one.
    assert refuse("phone", "4155552671", ctx=ctx) == "请输入有效的电话号码"
    assert phone.normalize("021-6888 8888", config={}, ctx=ctx) == "+862168888888"
    assert phone.normalize("+852 2345 6789", config={}, ctx=ctx) == "+85223456789"
