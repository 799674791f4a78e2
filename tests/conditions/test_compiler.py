"""Type errors in conditions are found at compile time, with the JSON path of the problem."""

import pytest

from tessera.builder import compile_app
from tessera.conditions import ConditionError, FormSchema, compile_condition
from tessera.conditions.operators import Operator, operator_registry
from tests.conditions.agreement_app import APP

SCHEMA = FormSchema.of(compile_app(APP), "item")


@pytest.mark.parametrize(
    ("cond", "path", "code", "words"),
    [
        ({"field": "sise", "op": "eq", "value": 1}, "/field", "unknown_field", "«sise»"),
        (
            {"all": [{"field": "kind", "op": "gt", "value": 1}]},
            "/all/0/op",
            "unsupported_operator",
            "cannot be used with field «kind»",
        ),
        ({"field": "size", "op": "gt", "value": "many"}, "/value", "bad_value", "not a valid"),
        ({"field": "size", "op": "between", "value": [1]}, "/value", "bad_value", "two values"),
        ({"field": "kind", "op": "in", "value": ["zz"]}, "/value", "bad_value", "«zz»"),
        (
            {"not": {"field": "seen", "op": "within_last_days", "value": -3}},
            "/not/value",
            "bad_value",
            "number of days",
        ),
        (
            {"field": "name", "op": "matches", "value": "("},
            "/value",
            "bad_pattern",
            "regular expression",
        ),
        ({"field": "stage", "op": "before_stage", "value": "nope"}, "/value", "bad_value", ""),
        (
            {
                "field": "account",
                "op": "matches",
                "value": {"field": "nope", "op": "eq", "value": 1},
            },
            "/value/field",
            "unknown_field",
            "«nope»",
        ),
        (
            {"field": "size", "op": "eq", "value": {"field": "name"}},
            "/value/field",
            "different_kinds",
            "different kinds",
        ),
        (
            {"event": {"type": "page_view"}, "at_least": 0},
            "/at_least",
            "bad_value",
            "whole number",
        ),
        (
            {"any": [{"event": {"type": "page_view", "where": [{"prop": "page", "op": "zz"}]}}]},
            "/any/0/event/where/0/op",
            "bad_value",
            "use one of",
        ),
        (
            {"field": "size", "op": "telepathy", "value": 1},
            "/op",
            "unknown_operator",
            "not an operator",
        ),
        ({"field": "size", "op": "eq"}, "/value", "bad_value", "needs a value"),
    ],
)
def test_type_errors_name_the_path_in_both_languages(cond, path, code, words):
    with pytest.raises(ConditionError) as exc:
        compile_condition(cond, schema=SCHEMA)
    assert (exc.value.path, exc.value.code) == (path, code)
    assert words in exc.value.message
    assert exc.value.text("zh-CN") != exc.value.text("en")  # zh-CN wording too


def test_untyped_compile_refuses_operators_that_need_the_form():
    with pytest.raises(ConditionError, match="needs the form"):
        compile_condition({"field": "owner", "op": "is_me"})


def test_every_operator_carries_a_python_test_and_a_sql_builder():
    for op in operator_registry.all():
        assert type(op).python is not Operator.python, op.type
        assert type(op).sql is not Operator.sql, op.type


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
