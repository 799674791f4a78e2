"""The condition language compiled to a Python predicate over one record's values.

Compile once (at publish), call per record: the returned function does no dictionary walking
of the condition document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tessera.conditions.compiler import ConditionError, compile_condition

Predicate = Callable[[Mapping], bool]

__all__ = ["ConditionError", "Predicate", "compile_predicate"]


def compile_predicate(cond: dict | None, *, schema=None, ctx=None) -> Predicate:
    """A function ``(values, env=None) -> bool`` for a condition document (None → always
    true). Without ``schema`` the document is untyped: operators that need the form (stage
    order, linked records, the signed-in user) are refused with :class:`ConditionError`.

    Example::

        visible = compile_predicate({"field": "stage", "op": "in", "value": ["lost"]})
        visible({"stage": "lost"})  # True
    """
    return compile_condition(cond, schema=schema, ctx=ctx).predicate
