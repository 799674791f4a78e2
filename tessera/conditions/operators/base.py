"""The operator interface: one class per comparison, carrying BOTH its Python test and its
SQL builder, so the two compilers of the condition language cannot drift apart.

An operator is used in three steps:

1. :meth:`Operator.prepare` — once, when a condition is compiled: type-check the operand
   against the field (raise :class:`OperandError`) and normalize it through the widget.
2. :meth:`Operator.python` — once: a closure ``test(value, env) -> bool`` for one record.
3. :meth:`Operator.sql` — per statement: a two-valued SQL expression (never NULL) over the
   field's column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import sqlalchemy as sa

from tessera.widgets import FieldError, Widget, WidgetContext


class OperandError(ValueError):
    """The value of a comparison does not fit its operator or field (a message for people)."""


@dataclass(frozen=True)
class FieldInfo:
    """What an operator may know about the compared field at compile time.

    ``widget`` is None when a condition is compiled without its form (untyped): operators
    then accept the operand as written.
    """

    key: str
    widget: Widget | None = None
    config: Any = None
    schema: Any = None  # the rules.schema.FormSchema the field belongs to

    @property
    def value_type(self) -> str | None:
        return None if self.widget is None else self.widget.value_type

    def normalize(self, raw, ctx: WidgetContext):
        """``raw`` as the field stores it (phone → E.164, option label → key …)."""
        if self.widget is None:
            return raw
        try:
            return self.widget.normalize(raw, config=dict(self.config or {}), ctx=ctx)
        except FieldError as exc:
            raise OperandError(f"{raw!r} is not a valid value here: {exc.message}") from None


class Operator:
    """Base class of condition operators (subclasses set ``type`` and override methods).

    Capabilities are class attributes:

    - ``type``: persisted key used in condition documents; never renamed.
    - ``takes_value``: False for unary operators (``is_empty``).
    - ``compares_fields``: the operand may be ``{"field": other_key}``.
    - ``needs_schema``: the operator needs the form (option order, linked form, user context)
      and cannot be compiled from the bare document.
    - ``label``: how the rule designer names it.

    Example::

        op = operator_registry.get("gt")
        x = op.prepare(500, field=FieldInfo("company_size"), ctx=WidgetContext())
        op.python(x)(800, None)  # True
    """

    type: ClassVar[str]
    takes_value: ClassVar[bool] = True
    compares_fields: ClassVar[bool] = False
    needs_schema: ClassVar[bool] = False
    label: ClassVar[dict] = {}

    def prepare(self, raw: Any, *, field: FieldInfo, ctx: WidgetContext) -> Any:
        """The operand, type-checked and normalized once. Raises :class:`OperandError`.

        Example::

            operator_registry.get("in").prepare(["制造业"], field=industry, ctx=ctx)  # ["manufacturing"]
        """
        return field.normalize(raw, ctx)

    def python(self, operand: Any):
        """A closure ``test(value, env) -> bool`` with the operand bound.

        Example::

            test = operator_registry.get("contains").python("总监")
            test("销售总监", env)  # True
        """
        raise NotImplementedError

    def python_values(self, key: str, operand: Any):
        """``predicate(values, env=None)`` testing ``values[key]``: :meth:`python` with the
        field read fused in. Hot operators override it to save a call per record.

        Example::

            operator_registry.get("gt").python_values("company_size", 500)({"company_size": 800})
        """
        test = self.python(operand)
        return lambda values, env=None: test(values.get(key), env)

    def sql(self, col: sa.ColumnElement, operand: Any, *, env, field: FieldInfo):
        """A SQL expression that is TRUE exactly where :meth:`python` is, and never NULL.

        Example::

            operator_registry.get("gt").sql(table.c.company_size, 500, env=env, field=f)
        """
        raise NotImplementedError


def as_list(raw) -> list:
    """``raw`` as a list (a single value becomes a one-item list)."""
    return list(raw) if isinstance(raw, (list, tuple, set, frozenset)) else [raw]


def require_number(raw, what: str = "value") -> float:
    """A finite number operand, or :class:`OperandError`."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise OperandError(f"the {what} must be a number")
    return raw
