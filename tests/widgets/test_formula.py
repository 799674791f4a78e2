"""Formula fields."""

import sqlalchemy as sa

from tessera.widgets import WidgetContext, widget_registry
from tests.widgets.support import refuse

formula = widget_registry.get("formula")
COMMISSION = {"expression": "est_amount * 0.1", "result": "number", "decimals": 2}
TITLE = {"expression": 'concat(name, " / ", company)', "result": "text"}


def test_number_result_from_the_record():
    ctx = WidgetContext(record={"est_amount": 12345.678})
    assert formula.normalize(None, config=COMMISSION, ctx=ctx) == 1234.57


def test_text_result_from_the_record():
    ctx = WidgetContext(record={"name": "张三", "company": "ACME"})
    assert formula.normalize(None, config=TITLE, ctx=ctx) == "张三 / ACME"


def test_user_input_is_discarded():
    ctx = WidgetContext(record={"est_amount": 1000})
    for raw in (999, "<script>", {"$ne": 1}, ["x"]):
        assert formula.normalize(raw, config=COMMISSION, ctx=ctx) == 100.0


def test_missing_values_give_none():
    assert formula.normalize(None, config=COMMISSION, ctx=WidgetContext(record={})) is None
    assert formula.normalize(None, config=COMMISSION, ctx=WidgetContext()) is None
    assert formula.normalize(None, config=TITLE, ctx=WidgetContext(record={})) == " / "
    text_result = {"expression": "a", "result": "number"}
    assert formula.normalize(None, config=text_result, ctx=WidgetContext(record={"a": "x"})) is None


def test_an_invalid_expression_is_a_field_error(en_ctx):
    message = refuse("formula", None, config={"expression": "().__class__"}, ctx=en_ctx)
    assert message == "attribute access (.) is not allowed"
    assert refuse(
        "formula", None, config={"expression": "open('x')"}, ctx=WidgetContext()
    ).startswith("不支持函数")


def test_storage_follows_the_result():
    assert formula.storage_for(COMMISSION) == "float" and isinstance(
        formula.sql_type(COMMISSION), sa.Float
    )
    assert formula.storage_for(TITLE) == "text" and isinstance(formula.sql_type(TITLE), sa.Text)
    assert formula.value_schema(TITLE) == {"type": ["string", "null"]}


def test_display(ctx):
    assert formula.display(1234.5, config=COMMISSION, ctx=ctx) == "1,234.50"
    assert formula.display("张三 / ACME", config=TITLE, ctx=ctx) == "张三 / ACME"


def test_is_computed_and_recomputed(ctx):
    assert formula.computed and formula.recomputes
    field = formula.form_field(label="佣金", config=COMMISSION, required=False, ctx=ctx)
    assert field.kwargs["render_kw"] == {"readonly": True}
