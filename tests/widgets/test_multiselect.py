"""Several choices."""

from wtforms import Form

from tessera.widgets import widget_registry
from tests.widgets.support import invalid, refuse

multi = widget_registry.get("multiselect")
CONFIG = {
    "options": [
        {"key": "finance", "label": {"zh-CN": "金融", "en": "Finance"}},
        {"key": "education", "label": {"zh-CN": "教育", "en": "Education"}},
        {"key": "health", "label": {"zh-CN": "医疗，健康", "en": "Health"}},
    ]
}


def test_keys_in_option_order_without_duplicates(ctx):
    assert multi.normalize(["education", "finance", "金融"], config=CONFIG, ctx=ctx) == [
        "finance",
        "education",
    ]


def test_separated_strings(ctx):
    for raw in ("教育,金融", "教育，金融", "教育、金融", " education , Finance "):
        assert multi.normalize(raw, config=CONFIG, ctx=ctx) == ["finance", "education"]


def test_a_label_containing_a_separator(ctx):
    assert multi.normalize("医疗，健康", config=CONFIG, ctx=ctx) == ["health"]
    assert multi.normalize(["医疗，健康"], config=CONFIG, ctx=ctx) == ["health"]


def test_empty_is_none(ctx):
    for raw in (None, "", [], ["", " "], " , "):
        assert multi.normalize(raw, config=CONFIG, ctx=ctx) is None


def test_refusals(ctx, en_ctx):
    assert refuse("multiselect", "金融、房地产", config=CONFIG, ctx=ctx) == "无效的选项：房地产"
    assert refuse("multiselect", [1, 2], config=CONFIG, ctx=ctx) == "请提供文本列表"
    assert refuse("multiselect", {"$ne": 1}, config=CONFIG, ctx=en_ctx) == "Give a list of text"
    assert refuse("multiselect", ["finance"] * 1000, config=CONFIG, ctx=ctx) == "项目过多"


def test_min_and_max_choices(ctx, en_ctx):
    assert invalid("multiselect", ["finance"], config={**CONFIG, "min_choices": 2}, ctx=ctx) == (
        "至少选择 2 项"
    )
    many = ["finance", "education"]
    assert invalid("multiselect", many, config={**CONFIG, "max_choices": 1}, ctx=en_ctx) == (
        "Choose at most 1"
    )


def test_display_and_html_form(ctx, en_ctx):
    assert multi.display(["finance", "education"], config=CONFIG, ctx=ctx) == "金融、教育"
    assert (
        multi.display(["finance", "education"], config=CONFIG, ctx=en_ctx) == "Finance, Education"
    )

    class F(Form):
        industries = multi.form_field(label="行业", config=CONFIG, required=False, ctx=ctx)

    form = F(data={"industries": multi.to_form_data(["education"], config=CONFIG)})
    html = form.industries()
    assert "multiple" in html and '<option selected value="education">' in html
