"""The condition language (one document, two compilers), scoring and explanations."""

from tessera.runtime.rules.compiler import CompiledCondition, ConditionError, compile_condition
from tessera.runtime.rules.conditions import compile_predicate
from tessera.runtime.rules.env import EvalEnv, Event
from tessera.runtime.rules.schema import FormSchema

__all__ = [
    "CompiledCondition",
    "ConditionError",
    "EvalEnv",
    "Event",
    "FormSchema",
    "compile_condition",
    "compile_predicate",
]
