"""Condition operators, one module per operator key (``gt.py`` holds ``gt``); each carries
its Python test AND its SQL builder, and declares the condition types it accepts. A field's
operators are asked of the registry (:func:`operators_for`), never listed by its widget.

Example::

    from tessera.conditions.operators import operator_registry, operators_for
    operator_registry.get("gt").python(500)(800, None)  # True
    operators_for(widget_registry.get("number"), {})     # ("eq", "ne", "lt", …)
"""

from importlib import import_module

from tessera.conditions.operators.base import (
    FieldInfo,
    OperandError,
    Operator,
    operator_registry,
)
from tessera.widgets import Widget

# Registration order is the order pickers show a field's operators in.
OPERATOR_MODULES = (
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "before",
    "after",
    "between",
    "contains",
    "contains_any",
    "starts_with",
    "matches",
    "has_any",
    "has_all",
    "in_",
    "not_in",
    "before_stage",
    "after_stage",
    "within_last_days",
    "more_than_days_ago",
    "is_me",
    "in_team",
    "is_empty",
    "is_not_empty",
)

for _name in OPERATOR_MODULES:
    import_module(f"tessera.conditions.operators.{_name}")
operator_registry.freeze()


def operators_for(widget: Widget, config=None, *, in_page: bool = False) -> tuple[str, ...]:
    """Keys of the operators accepting what a field of ``widget`` (with ``config``) holds,
    in registration order; ``in_page``: only those the form page evaluates (visibility).

    Example::

        operators_for(widget_registry.get("stage"))  # ("eq", "ne", "in", "not_in", …)
    """
    kind = widget.condition_type_for(dict(config or {}))
    allowed = (op for op in operator_registry if kind in op.accepts)
    return tuple(op.type for op in allowed if not in_page or kind in op.browser)


__all__ = ["FieldInfo", "OperandError", "Operator", "operator_registry", "operators_for"]
