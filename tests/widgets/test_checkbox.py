"""Yes/no."""

import pytest

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

checkbox = widget_registry.get("checkbox")


@pytest.mark.parametrize("raw", [True, 1, "1", "y", "Y", "yes", "on", "true", "TRUE", "是"])
def test_yes(raw, ctx):
    assert checkbox.normalize(raw, config={}, ctx=ctx) is True


@pytest.mark.parametrize("raw", [False, 0, "0", "n", "no", "off", "false", "否", ""])
def test_no_including_an_unchecked_html_box(raw, ctx):
    assert checkbox.normalize(raw, config={}, ctx=ctx) is False


def test_missing_is_none(ctx):
    assert checkbox.normalize(None, config={}, ctx=ctx) is None


@pytest.mark.parametrize("raw", ["maybe", 2, -1, 0.5, [True], {"$ne": 1}, "<script>"])
def test_refuses_anything_else(raw, ctx, en_ctx):
    assert refuse("checkbox", raw, ctx=ctx) == "请选择是或否"
    assert refuse("checkbox", raw, ctx=en_ctx) == "Choose yes or no"


def test_false_is_a_value_not_empty(ctx, en_ctx):
    assert not checkbox.is_empty(False)
    assert checkbox.display(False, config={}, ctx=ctx) == "否"
    assert checkbox.display(True, config={}, ctx=en_ctx) == "Yes"
    assert checkbox.display(None, config={}, ctx=ctx) == ""
    assert checkbox.to_form_data(None, config={}) is False
