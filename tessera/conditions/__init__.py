"""The condition language (one document, two compilers), scoring and explanations."""

from tessera.conditions.compiler import CompiledCondition, ConditionError, compile_condition
from tessera.conditions.conditions import compile_predicate
from tessera.conditions.env import EvalEnv, Event
from tessera.conditions.schema import FormSchema

__all__ = [
    "CompiledCondition",
    "ConditionError",
    "EvalEnv",
    "Event",
    "FormSchema",
    "compile_condition",
    "compile_predicate",
]
