"""Free-text tags."""

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

tags = widget_registry.get("tags")


def test_split_on_every_separator(ctx):
    raw = "VIP, 展会，老客户、华东;重点；复购\n转介绍"
    assert tags.normalize(raw, config={}, ctx=ctx) == [
        "VIP",
        "展会",
        "老客户",
        "华东",
        "重点",
        "复购",
        "转介绍",
    ]


def test_trimmed_and_deduplicated_ignoring_case_first_spelling_wins(ctx):
    assert tags.normalize(
        ["  VIP ", "vip", "Vip", "big   deal", "Big Deal"], config={}, ctx=ctx
    ) == [
        "VIP",
        "big deal",
    ]


def test_empty_is_none(ctx):
    for raw in (None, "", " , ;", [], [""]):
        assert tags.normalize(raw, config={}, ctx=ctx) is None


def test_limits(ctx, en_ctx):
    assert tags.normalize("x" * 40, config={}, ctx=ctx) == ["x" * 40]
    assert refuse("tags", "x" * 41, ctx=ctx) == "每个标签最多 40 个字符"
    assert refuse("tags", [f"t{i}" for i in range(51)], ctx=en_ctx) == "At most 50 tags"
    assert len(tags.normalize([f"t{i}" for i in range(50)], config={}, ctx=ctx)) == 50


def test_wrong_types(ctx):
    assert refuse("tags", [1, 2], ctx=ctx) == "请提供文本列表"
    assert refuse("tags", {"$ne": 1}, ctx=ctx) == "请提供文本列表"
    assert refuse("tags", 5, ctx=ctx) == "请提供文本列表"


def test_display_and_form_data(ctx):
    value = ["VIP", "<b>x</b>"]
    assert tags.display(value, config={}, ctx=ctx) == "VIP、<b>x</b>"
    html = tags.display_html(value, config={}, ctx=ctx)
    assert html == '<span class="tag">VIP</span> <span class="tag">&lt;b&gt;x&lt;/b&gt;</span>'
    assert tags.normalize(tags.to_form_data(value, config={}), config={}, ctx=ctx) == value


def test_suggestions_reach_the_page(ctx):
    field = tags.form_field(
        label="标签", config={"suggestions": ["VIP", "展会"]}, required=False, ctx=ctx
    )
    assert field.kwargs["render_kw"]["data-suggestions"] == "VIP\n展会"
    assert not tags.can_be_dimension
