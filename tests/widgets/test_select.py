"""Single choice."""

from wtforms import Form

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

select = widget_registry.get("select")
CONFIG = {
    "options": [
        {"key": "finance", "label": {"zh-CN": "金融", "en": "Finance"}},
        {"key": "education", "label": {"zh-CN": "教育", "en": "Education"}},
    ]
}


def test_key_or_label_in_either_language(ctx):
    for raw in ("finance", "金融", "Finance", " FINANCE "):
        assert select.normalize(raw, config=CONFIG, ctx=ctx) == "finance"
    assert select.normalize("", config=CONFIG, ctx=ctx) is None


def test_unknown_options_and_wrong_types_are_refused(ctx, en_ctx):
    assert refuse("select", "医疗", config=CONFIG, ctx=ctx) == "无效的选项：医疗"
    assert (
        refuse("select", "<script>", config=CONFIG, ctx=en_ctx)
        == "Not one of the options: <script>"
    )
    assert refuse("select", ["finance"], config=CONFIG, ctx=ctx) == "请选择一个选项"
    assert refuse("select", {"$ne": 1}, config=CONFIG, ctx=en_ctx) == "Choose an option"
    assert len(refuse("select", "x" * 10_000, config=CONFIG, ctx=ctx)) < 100


def test_display_and_value_schema(ctx, en_ctx):
    assert select.display("finance", config=CONFIG, ctx=ctx) == "金融"
    assert select.display("finance", config=CONFIG, ctx=en_ctx) == "Finance"
    assert select.display("removed", config=CONFIG, ctx=ctx) == "removed"
    assert select.value_schema(CONFIG) == {"enum": ["finance", "education", None]}


def test_form_field_lists_options_after_a_blank(ctx):
    class F(Form):
        industry = select.form_field(label="行业", config=CONFIG, required=False, ctx=ctx)

    html = F(data={"industry": "education"}).industry()
    assert '<option value="">—</option>' in html
    assert '<option selected value="education">教育</option>' in html
