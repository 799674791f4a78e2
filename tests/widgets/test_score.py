"""Scores written by the rules engine."""

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

score = widget_registry.get("score")


def test_accepts_what_the_system_writes(ctx):
    assert score.normalize(85, config={}, ctx=ctx) == 85
    assert score.normalize("85", config={}, ctx=ctx) == 85
    assert score.normalize(-10, config={}, ctx=ctx) == -10
    assert score.normalize(None, config={}, ctx=ctx) is None


def test_refuses_anything_else(ctx, en_ctx):
    assert refuse("score", "high", ctx=ctx) == "请输入数字"
    assert refuse("score", 85.5, ctx=en_ctx) == "Enter a whole number"
    assert refuse("score", {"$gt": 0}, ctx=ctx) == "请输入数字"
    assert refuse("score", 2**40, ctx=ctx) == "数值过大"


def test_is_computed_read_only_and_a_measure(ctx):
    assert score.computed and not score.recomputes
    assert score.can_be_measure and not score.can_be_dimension
    field = score.form_field(label="得分", config={}, required=False, ctx=ctx)
    assert field.kwargs["render_kw"] == {"readonly": True}
