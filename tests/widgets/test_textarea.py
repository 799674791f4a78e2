"""Multi-line text."""

from wtforms import Form

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

textarea = widget_registry.get("textarea")


def test_keeps_line_breaks(ctx):
    assert textarea.normalize(" 第一行\r\n第二行\n ", config={}, ctx=ctx) == "第一行\n第二行"


def test_refuses_lists(ctx):
    assert refuse("textarea", ["a", "b"], ctx=ctx) == "请输入文本"


def test_html_shows_line_breaks_but_escapes_markup(ctx):
    html = textarea.display_html("<b>x</b>\n第二行", config={}, ctx=ctx)
    assert html == "&lt;b&gt;x&lt;/b&gt;<br>\n第二行"


def test_form_field_is_a_textarea(ctx):
    class F(Form):
        notes = textarea.form_field(
            label="备注", config={"max_length": 500}, required=False, ctx=ctx
        )

    rendered = F().notes()
    assert rendered.startswith("<textarea") and 'maxlength="500"' in rendered
