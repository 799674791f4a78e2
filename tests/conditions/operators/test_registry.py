"""The operator registry: one module per operator key, frozen after loading, every operator
declaring the condition types it accepts; a field's operators are asked of the registry."""

import pytest

from tessera.conditions.operators import operator_registry, operators_for
from tessera.widgets import CONDITION_TYPES, widget_registry


@pytest.mark.parametrize("op", operator_registry.all(), ids=lambda op: op.type)
def test_each_operator_lives_in_the_module_named_by_its_key(op):
    module = type(op).__module__
    assert module.rsplit(".", 1)[-1] in (op.type, op.type + "_")  # in_: «in» is a keyword
    assert type(op).__name__.endswith("Operator")
    assert op.accepts and set(op.accepts) <= set(CONDITION_TYPES)
    assert set(op.browser) <= set(op.accepts)
    assert op.label.get("en") and op.label.get("zh-CN")
    assert type(op).__doc__ and "Example::" in type(op).__doc__


def test_the_registry_is_frozen_once_loaded():
    with pytest.raises(RuntimeError, match="frozen"):
        operator_registry.register(operator_registry.get("eq"))


@pytest.mark.parametrize("widget", widget_registry.all(), ids=lambda w: w.type)
def test_every_widget_gets_operators_from_the_registry(widget):
    ops = operators_for(widget, widget.default_config())
    assert ops and {"is_empty", "is_not_empty"} <= set(ops)
    assert not hasattr(widget, "operators")  # widgets no longer list operators


@pytest.mark.parametrize(
    ("widget", "config", "expected"),
    [
        ("text", {}, ["eq", "ne", "contains", "contains_any", "starts_with", "matches"]),
        ("select", {}, ["eq", "ne", "in", "not_in"]),
        ("region", {}, ["eq", "ne", "in", "not_in"]),
        ("stage", {}, ["eq", "ne", "in", "not_in", "before_stage", "after_stage"]),
        ("number", {}, ["eq", "ne", "lt", "le", "gt", "ge", "between"]),
        ("money", {}, ["eq", "ne", "lt", "le", "gt", "ge", "between"]),
        (
            "date",
            {},
            [
                "eq",
                "ne",
                "before",
                "after",
                "between",
                "within_last_days",
                "more_than_days_ago",
            ],
        ),
        ("checkbox", {}, ["eq"]),
        ("tags", {}, ["has_any", "has_all", "not_in"]),
        ("multiselect", {}, ["has_any", "has_all", "not_in"]),
        ("user", {}, ["eq", "ne", "is_me", "in_team"]),
        ("link", {}, ["eq", "ne", "matches"]),
        ("formula", {"expression": "1"}, ["eq", "ne", "lt", "le", "gt", "ge", "between"]),
        (
            "formula",
            {"expression": "'a'", "result": "text"},
            ["eq", "ne", "contains", "contains_any", "starts_with", "matches"],
        ),
    ],
)
def test_the_pickers_offer_what_each_field_holds(widget, config, expected):
    ops = operators_for(widget_registry.get(widget), config)
    assert list(ops) == [*expected, "is_empty", "is_not_empty"]
