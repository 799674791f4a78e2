"""Links to records of another form."""

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

link = widget_registry.get("link")
CONFIG = {"form": "customer"}


def test_by_id_numeric_text_or_object(ctx):
    for raw in (3, "3", " 3 ", {"id": 3}, {"id": 3, "title": "ACME"}):
        assert link.normalize(raw, config=CONFIG, ctx=ctx) == 3
    assert link.normalize(None, config=CONFIG, ctx=ctx) is None


def test_missing_records_are_refused(ctx, en_ctx):
    assert refuse("link", 11, config=CONFIG, ctx=ctx) == "关联的记录不存在"
    assert refuse("link", "99", config=CONFIG, ctx=en_ctx) == "The linked record does not exist"
    assert refuse("link", 3, config={"form": ""}, ctx=ctx) == "关联的记录不存在"


def test_wrong_shapes_are_refused(ctx, en_ctx):
    for raw in (0, -1, True, 2.5, "3abc", [3], {"$ne": 1}, "9" * 30):
        assert refuse("link", raw, config=CONFIG, ctx=ctx) == "请选择一条记录"
    assert refuse("link", "abc", config=CONFIG, ctx=en_ctx) == "Choose a record"
    assert link.normalize({"id": None}, config=CONFIG, ctx=ctx) is None


def test_json_and_display(ctx):
    assert link.to_json(3, config=CONFIG, ctx=ctx) == 3, (
        "CONTRACT.md: a link reads as the record's id"
    )
    assert link.display(3, config=CONFIG, ctx=ctx) == "customer 3"
    assert link.display(42, config=CONFIG, ctx=ctx) == "#42"


def test_capabilities():
    assert link.refers_to == "record" and link.condition_type == "record" and link.can_be_dimension
