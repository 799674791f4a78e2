"""The condition language: one document, type-checked against a form's fields and compiled
once to a Python predicate and a SQL expression.

It sits below the builder and imports only ``tessera.widgets``, ``tessera.registry``,
``tessera.patterns`` and libraries: never the builder or the runtime. What it needs at
evaluation time (the instant, the user, the platform tables) the caller passes in an
:class:`EvalEnv`.
"""

from tessera.conditions.compiler import CompiledCondition, ConditionError, compile_condition
from tessera.conditions.env import EvalEnv, Event, PlatformTables
from tessera.conditions.predicate import compile_predicate
from tessera.conditions.schema import DesignLookups, FormSchema, design_context
from tessera.conditions.sql import SqlScope

__all__ = [
    "CompiledCondition",
    "ConditionError",
    "DesignLookups",
    "EvalEnv",
    "Event",
    "FormSchema",
    "PlatformTables",
    "SqlScope",
    "compile_condition",
    "compile_predicate",
    "design_context",
]
