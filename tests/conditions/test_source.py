"""Conditions as generated Python source: document text stays data, and the generated code
sees only a few builtins."""

import math
from decimal import Decimal

from tessera.conditions import FormSchema, compile_condition
from tessera.conditions.source import SAFE_BUILTINS, PythonSource, python_predicate
from tessera.widgets import widget_registry

HOSTILE_KEY = "k')\nimport os; os.system('touch pwned') #"
HOSTILE_VALUE = "x'); __import__('os').system('touch pwned'); ('"


def test_only_plain_finite_scalars_are_written_as_literals():
    src = PythonSource()
    assert [src.literal(v) for v in ("a'\n", 3, True, None, 1.5)] == [
        repr("a'\n"),
        "3",
        "True",
        "None",
        "1.5",
    ]
    bound = [src.literal(v) for v in (math.nan, math.inf, Decimal("1"), frozenset({"a"}))]
    assert bound == ["c0", "c1", "c2", "c3"]
    assert src.literal(src.constants[3]) == "c3", "a constant is bound once"


def test_a_hostile_field_key_and_operand_are_read_as_data():
    schema = FormSchema("f", {HOSTILE_KEY: (widget_registry.get("text"), {})})
    cond = {"field": HOSTILE_KEY, "op": "eq", "value": HOSTILE_VALUE}
    compiled = compile_condition(cond, schema=schema)
    generated = python_predicate(compiled)
    for values in ({HOSTILE_KEY: HOSTILE_VALUE}, {HOSTILE_KEY: HOSTILE_KEY}, {}):
        assert generated(values) == compiled.predicate(values)
    assert generated({HOSTILE_KEY: HOSTILE_VALUE}) is True
    assert set(generated.__globals__["__builtins__"]) == set(SAFE_BUILTINS)
