"""The condition language compiled to a Python predicate over one record's values.

Compile once (at publish), call per record: the returned function does no dictionary walking
of the condition document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tessera.runtime.rules.operators import operator_registry

Predicate = Callable[[Mapping], bool]


class ConditionError(ValueError):
    """A condition document that cannot be compiled (unknown operator, bad shape)."""


def compile_predicate(cond: dict | None) -> Predicate:
    """A function ``values -> bool`` for a condition document (None → always true).

    Example::

        visible = compile_predicate({"field": "stage", "op": "in", "value": ["lost"]})
        visible({"stage": "lost"})  # True
    """
    if cond is None:
        return lambda values: True
    if not isinstance(cond, dict):
        raise ConditionError("a condition must be an object")
    if "all" in cond:
        parts = [compile_predicate(c) for c in cond["all"]]
        return lambda values: all(p(values) for p in parts)
    if "any" in cond:
        parts = [compile_predicate(c) for c in cond["any"]]
        return lambda values: any(p(values) for p in parts)
    if "not" in cond:
        inner = compile_predicate(cond["not"])
        return lambda values: not inner(values)
    if "field" in cond and "op" in cond:
        key = cond["field"]
        try:
            test = operator_registry.get(cond["op"]).test
        except LookupError as exc:
            raise ConditionError(f"unknown operator {cond['op']!r}") from exc
        operand = cond.get("value")
        return lambda values: test(values.get(key), operand)
    raise ConditionError("a condition needs all, any, not, or field and op")
