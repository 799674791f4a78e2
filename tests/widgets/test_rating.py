"""Star ratings."""

from wtforms import Form

from tessera.widgets import widget_registry
from tests.widgets.support import invalid, refuse

rating = widget_registry.get("rating")


def test_numbers_and_stars(ctx):
    for raw in (3, "3", 3.0, "★★★", "★★★☆☆"):
        assert rating.normalize(raw, config={"max": 5}, ctx=ctx) == 3
    assert rating.normalize("☆☆☆☆☆", config={}, ctx=ctx) is None
    assert rating.normalize("", config={}, ctx=ctx) is None


def test_out_of_range(ctx, en_ctx):
    assert invalid("rating", 6, config={"max": 5}, ctx=ctx) == "评分须在 1 到 5 之间"
    assert invalid("rating", 0, config={}, ctx=en_ctx) == "Choose a rating from 1 to 5"
    rating.validate(10, config={"max": 10}, ctx=ctx)


def test_refusals(ctx):
    assert refuse("rating", 2.5, ctx=ctx) == "请输入整数"
    assert refuse("rating", "good", ctx=ctx) == "请输入数字"
    assert refuse("rating", [3], ctx=ctx) == "请输入数字"


def test_display_as_stars(ctx):
    assert rating.display(3, config={}, ctx=ctx) == "★★★☆☆"
    assert rating.display(2, config={"max": 3}, ctx=ctx) == "★★☆"


def test_radio_buttons(ctx):
    class F(Form):
        stars = rating.form_field(label="评分", config={"max": 3}, required=False, ctx=ctx)

    html = F(data={"stars": "2"}).stars()
    assert html.count('type="radio"') == 3 and "★★★" in html


def test_capabilities():
    assert rating.can_be_measure and rating.storage == "integer"
