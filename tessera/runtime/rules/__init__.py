"""Conditions, scoring and explanations (the condition language compiles to Python and SQL)."""

from tessera.runtime.rules.conditions import ConditionError, compile_predicate

__all__ = ["ConditionError", "compile_predicate"]
