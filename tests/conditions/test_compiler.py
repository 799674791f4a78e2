"""Type errors in conditions are found at compile time, with the JSON path of the problem."""

import pytest

from tessera.builder import compile_app
from tessera.conditions import ConditionError, FormSchema, compile_condition
from tessera.conditions.operators import operator_registry
from tests.conditions.agreement_app import APP

SCHEMA = FormSchema.of(compile_app(APP), "item")


@pytest.mark.parametrize(
    ("cond", "path", "words"),
    [
        ({"field": "sise", "op": "eq", "value": 1}, "/field", "unknown field 'sise'"),
        (
            {"all": [{"field": "kind", "op": "gt", "value": 1}]},
            "/all/0/op",
            "does not support operator 'gt'",
        ),
        ({"field": "size", "op": "gt", "value": "many"}, "/value", "not a valid value"),
        ({"field": "size", "op": "between", "value": [1]}, "/value", "two values"),
        ({"field": "kind", "op": "in", "value": ["zz"]}, "/value", "not a valid value"),
        (
            {"not": {"field": "seen", "op": "within_last_days", "value": -3}},
            "/not/value",
            "number of days",
        ),
        ({"field": "name", "op": "matches", "value": "("}, "/value", "regular expression"),
        ({"field": "stage", "op": "before_stage", "value": "nope"}, "/value", ""),
        (
            {
                "field": "account",
                "op": "matches",
                "value": {"field": "nope", "op": "eq", "value": 1},
            },
            "/value/field",
            "unknown field",
        ),
        (
            {"field": "size", "op": "eq", "value": {"field": "name"}},
            "/value/field",
            "different kinds",
        ),
        ({"event": {"type": "page_view"}, "at_least": 0}, "/at_least", "whole number"),
        (
            {"any": [{"event": {"type": "page_view", "where": [{"prop": "page", "op": "zz"}]}}]},
            "/any/0/event/where/0/op",
            "use one of",
        ),
        ({"field": "size", "op": "telepathy", "value": 1}, "/op", "unknown operator"),
    ],
)
def test_type_errors_name_the_path(cond, path, words):
    with pytest.raises(ConditionError) as exc:
        compile_condition(cond, schema=SCHEMA)
    assert exc.value.path == path or str(exc.value).startswith(path)
    assert words in str(exc.value)


def test_untyped_compile_refuses_operators_that_need_the_form():
    with pytest.raises(ConditionError, match="needs the form"):
        compile_condition({"field": "owner", "op": "is_me"})


def test_every_operator_carries_a_python_test_and_a_sql_builder():
    for op in operator_registry.all():
        assert type(op).python is not type(op).__mro__[-2].python, op.type
        assert type(op).sql is not type(op).__mro__[-2].sql, op.type
        assert op.label.get("en") and op.label.get("zh-CN"), op.type


def test_operators_declared_by_widgets_are_all_registered():
    from tessera.widgets import widget_registry

    for widget in widget_registry.all():
        for key in widget.operators:
            assert key in operator_registry, (widget.type, key)


def test_a_condition_compiles_once_and_runs_per_record():
    compiled = compile_condition(
        {
            "all": [
                {"field": "size", "op": "gt", "value": "500"},
                {"field": "kind", "op": "in", "value": ["A"]},
            ]
        },
        schema=SCHEMA,
    )
    assert compiled.predicate({"size": 800.0, "kind": "a"})
    assert not compiled.predicate({"size": 800.0, "kind": "b"})
    assert not compiled.predicate({"size": None, "kind": "a"})
