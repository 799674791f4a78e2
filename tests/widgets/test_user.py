"""Users."""

from tessera.widgets import WidgetContext, widget_registry
from tests.widgets.support import refuse

user = widget_registry.get("user")


def test_by_id_numeric_text_email_or_object(ctx):
    for raw in (7, "7", " 7 ", "ann@example.com", "ANN@example.com", {"id": 7}, {"id": "7"}):
        assert user.normalize(raw, config={}, ctx=ctx) == 7
    assert user.normalize("", config={}, ctx=ctx) is None


def test_unknown_users_are_refused(ctx, en_ctx):
    assert refuse("user", 8, ctx=ctx) == "用户不存在"
    assert refuse("user", "bob@example.com", ctx=en_ctx) == "No such user"


def test_wrong_shapes_are_refused(ctx, en_ctx):
    for raw in (True, 7.5, [7], {"$ne": 1}, "bob", "<script>"):
        assert refuse("user", raw, ctx=ctx) == "请选择用户"
    assert refuse("user", {"email": "ann@example.com"}, ctx=en_ctx) == "Choose a user"


def test_ids_past_the_column_range_are_refused_without_a_lookup(ctx):
    # The database cannot compare 2**64 with an INTEGER id (SQLite overflows, PostgreSQL
    # refuses past 2**31): such an id is nobody, and no query is made for it.
    asked = []
    ctx.lookups.find_user = lambda ref: asked.append(ref)
    for raw in (2**31, 2**64, -(2**63) - 1, 0, -7, {"id": 2**70}):
        assert refuse("user", raw, ctx=ctx) == "请选择用户"
    assert asked == []


def test_without_lookups_nobody_exists():
    assert refuse("user", 7, ctx=WidgetContext()) == "用户不存在"


def test_json_and_display(ctx):
    assert user.to_json(7, config={}, ctx=ctx) == {
        "id": 7,
        "email": "ann@example.com",
        "name": "Ann",
    }
    assert user.to_json(99, config={}, ctx=ctx) == {"id": 99}
    assert user.display(7, config={}, ctx=ctx) == "Ann"
    assert user.display(99, config={}, ctx=ctx) == "#99"
    assert user.to_form_data(7, config={}) == "7"


def test_capabilities(ctx):
    assert user.refers_to == "user" and user.condition_type == "user"
    field = user.form_field(label="负责人", config={}, required=False, ctx=ctx)
    assert field.kwargs["render_kw"] == {"data-widget": "user"}
