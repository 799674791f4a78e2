"""Pipeline stages."""

import jsonschema
import pytest

from tessera.widgets import widget_registry
from tessera.widgets.choices import ChoiceWidget
from tests.widgets.support import refuse

stage = widget_registry.get("stage")
CONFIG = stage.default_config()


def test_is_a_choice_compared_as_a_stage():
    assert isinstance(stage, ChoiceWidget) and isinstance(
        widget_registry.get("select"), ChoiceWidget
    )
    assert stage.condition_type == "stage"
    assert stage.can_be_dimension


def test_normalizes_like_a_select(ctx, en_ctx):
    assert stage.normalize("已赢单", config=CONFIG, ctx=ctx) == "won"
    assert stage.normalize("Qualified", config=CONFIG, ctx=en_ctx) == "qualified"
    assert refuse("stage", "signed", config=CONFIG, ctx=ctx) == "无效的选项：signed"
    assert refuse("stage", 3, config=CONFIG, ctx=ctx) == "请选择一个选项"


def test_meaning_defaults_to_open_and_position_is_pipeline_order():
    assert [stage.meaning(o["key"], config=CONFIG) for o in CONFIG["options"]] == [
        "open", "open", "open", "open", "won", "lost",
    ]  # fmt: skip
    assert (
        stage.meaning("new", config={"options": [{"key": "new", "label": {"en": "New"}}]}) == "open"
    )
    assert stage.meaning("gone", config=CONFIG) is None
    assert stage.position("new", config=CONFIG) == 0 < stage.position("won", config=CONFIG)
    assert stage.position("gone", config=CONFIG) is None


def test_config_requires_options_and_known_meanings():
    validator = jsonschema.Draft202012Validator(stage.config_schema)
    assert not validator.is_valid({})
    bad = {"options": [{"key": "x", "label": {"en": "X"}, "meaning": "maybe"}]}
    assert not validator.is_valid(bad)


@pytest.mark.parametrize("locale_ctx", ["ctx", "en_ctx"])
def test_display(locale_ctx, request):
    ctx = request.getfixturevalue(locale_ctx)
    assert stage.display("won", config=CONFIG, ctx=ctx) in ("已赢单", "Won")
