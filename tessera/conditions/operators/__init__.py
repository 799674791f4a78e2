"""Condition operators, one module per family; each operator carries its Python test AND its
SQL builder. Widgets list the operator keys they support; operators never switch on widgets.

Example::

    from tessera.conditions.operators import operator_registry
    operator_registry.get("gt").python(500)(800, None)  # True
"""

from importlib import import_module

from tessera.conditions.operators.base import FieldInfo, OperandError, Operator
from tessera.registry import Registry

operator_registry: Registry[Operator] = Registry("operator")

OPERATOR_MODULES = (
    "equality",
    "ordered",
    "text",
    "matches",
    "emptiness",
    "choice",
    "windows",
    "user",
    "stage",
)

for _name in OPERATOR_MODULES:
    for _operator in import_module(f"tessera.conditions.operators.{_name}").OPERATORS:
        operator_registry.register(_operator)

__all__ = ["FieldInfo", "OperandError", "Operator", "operator_registry"]
