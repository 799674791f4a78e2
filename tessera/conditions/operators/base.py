"""The operator interface: one class per comparison, carrying BOTH its Python test and its
SQL builder, so the two compilers of the condition language cannot drift apart.

An operator is used in three steps:

1. :meth:`Operator.prepare` — once, when a condition is compiled: normalize the operand
   through the field's widget and check it fits (raise :class:`OperandError`).
2. :meth:`Operator.python` — once: a closure ``test(value, env) -> bool`` for one record;
   :meth:`Operator.python_source` — the same test as a Python expression, for generated code.
3. :meth:`Operator.sql` — per statement: a two-valued SQL expression (never NULL) over the
   field's column.

Which fields an operator applies to is the operator's own declaration (``accepts``: condition
types, see :data:`tessera.widgets.CONDITION_TYPES`); widgets only say what they hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import sqlalchemy as sa

from tessera.registry import Registry
from tessera.widgets import CONDITION_TYPES, FieldError, Widget, WidgetContext


class OperandError(ValueError):
    """The value of a comparison does not fit its operator or field, in English and zh-CN.

    Example::

        raise OperandError("choose at least one value", "请至少选择一个值")
    """

    def __init__(
        self, message: str, message_zh: str | None = None, *, code: str = "bad_value", path=""
    ):
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.message_zh = message_zh or message
        self.code = code
        self.path = path  # within the operand, when the operand is itself a document


def shown(value: Any) -> str:
    """A value as a person reads it in a message (text as is, anything else as JSON)."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        return repr(value)


@dataclass(frozen=True)
class FieldInfo:
    """What an operator may know about the compared field at compile time.

    ``widget`` is None when a condition is compiled without its form (untyped): operators
    then accept the operand as written.
    """

    key: str
    widget: Widget | None = None
    config: Any = None
    schema: Any = None  # the conditions.schema.FormSchema the field belongs to

    @property
    def value_type(self) -> str | None:
        return None if self.widget is None else self.widget.value_type

    @property
    def condition_type(self) -> str | None:
        """What conditions compare (``text``, ``number`` …), or None when untyped."""
        if self.widget is None:
            return None
        return self.widget.condition_type_for(dict(self.config or {}))

    def normalize(self, raw, ctx: WidgetContext):
        """``raw`` as the field stores it (phone → E.164, option label → key …)."""
        if self.widget is None:
            return raw
        try:
            return self.widget.normalize(raw, config=dict(self.config or {}), ctx=ctx)
        except FieldError as exc:
            en, zh = self._messages(raw, ctx, exc)
            raise OperandError(
                f"«{shown(raw)}» is not a valid value for «{self.key}»: {en}",
                f"「{shown(raw)}」不是字段「{self.key}」的有效值：{zh}",
            ) from None

    def _messages(self, raw, ctx: WidgetContext, exc: FieldError) -> tuple[str, str]:
        """The widget's message in English and zh-CN (it speaks the context's locale)."""
        out = []
        for locale in ("en", "zh_CN"):
            try:
                self.widget.normalize(
                    raw, config=dict(self.config or {}), ctx=dataclasses.replace(ctx, locale=locale)
                )
                out.append(exc.message)
            except FieldError as again:
                out.append(again.message)
        return out[0], out[1]


class Operator:
    """Base class of condition operators (subclasses set ``type`` and override methods).

    Capabilities are class attributes:

    - ``type``: persisted key used in condition documents; never renamed.
    - ``accepts``: the condition types (:data:`tessera.widgets.CONDITION_TYPES`) of the
      fields it applies to. A field offers exactly the operators accepting its widget's
      ``condition_type``: adding an operator never means editing a widget.
    - ``takes_value``: False for unary operators (``is_empty``).
    - ``compares_fields``: the operand may be ``{"field": other_key}``.
    - ``needs_schema``: the operator needs the form (option order, linked form, user context)
      and cannot be compiled from the bare document.
    - ``browser``: the condition types on which the form page (``static/js/forms.js``,
      its ``ops[type]``) evaluates it while people type; empty: the page cannot, and a
      visibility condition using it is refused at save.
    - ``label``: how the rule designer names it.
    - ``operand``: the shape of its value, which tells the visual condition builder what to
      ask for: ``value`` (one value of the field's kind), ``values`` (several), ``pair``
      (low and high), ``days`` (a number of days), ``teams`` (team keys), ``pattern`` (a
      regular expression; on a link field, a condition on the linked record). Unary
      operators (``takes_value`` False) ask for nothing.

    Example::

        op = operator_registry.get("gt")
        x = op.prepare(500, field=FieldInfo("company_size"), ctx=WidgetContext())
        op.python(x)(800, None)  # True
    """

    type: ClassVar[str]
    accepts: ClassVar[frozenset[str]] = frozenset()
    takes_value: ClassVar[bool] = True
    compares_fields: ClassVar[bool] = False
    needs_schema: ClassVar[bool] = False
    browser: ClassVar[frozenset[str]] = frozenset()
    label: ClassVar[dict] = {}
    operand: ClassVar[str] = "value"

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

    def python_source(self, operand: Any, value: str, src) -> str:
        """A Python *expression* that is true exactly where :meth:`python` is, testing the
        value held by the generated name ``value`` (``env`` is in scope too). ``src`` is the
        :class:`~tessera.conditions.source.PythonSource` that binds constants: document text
        reaches the expression only through ``src.literal``/``src.bind``.

        This fallback calls :meth:`python`'s closure through a bound constant; operators
        that can be written inline override it.

        Example::

            operator_registry.get("gt").python_source(500, "v0", src)  # "(v0 is not None and v0 > 500)"
        """
        return f"{src.bind(self.python(operand))}({value}, env)"

    def browser_operand(self, operand: Any) -> Any:
        """The prepared operand as JSON for the page's ``ops[type](value, operand)``.

        Example::

            operator_registry.get("in").browser_operand(frozenset({"b", "a"}))  # ["a", "b"]
        """
        return page_json(operand)

    def sql(self, col: sa.ColumnElement, operand: Any, *, scope, field: FieldInfo):
        """A SQL expression that is TRUE exactly where :meth:`python` is, and never NULL.

        Example::

            operator_registry.get("gt").sql(table.c.company_size, 500, scope=scope, field=f)
        """
        raise NotImplementedError


operator_registry: Registry[Operator] = Registry("operator")


def register(cls: type[Operator]) -> type[Operator]:
    """Class decorator: instantiate and register an operator (its module is named by its key).

    Example::

        @register
        class GtOperator(OrderedOperator):
            type = "gt"
    """
    unknown = set(cls.accepts) - set(CONDITION_TYPES)
    if unknown:
        raise ValueError(f"operator {cls.type!r} accepts unknown condition types {unknown}")
    operator_registry.register(cls())
    return cls


def page_json(value: Any) -> Any:
    """A prepared operand as JSON: sets sorted, dates and instants in ISO form, amounts as
    numbers (what the page's inputs and the API's values look like)."""
    if isinstance(value, (set, frozenset)):
        return [page_json(v) for v in sorted(value, key=str)]
    if isinstance(value, (list, tuple)):
        return [page_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def as_list(raw) -> list:
    """``raw`` as a list (a single value becomes a one-item list)."""
    return list(raw) if isinstance(raw, (list, tuple, set, frozenset)) else [raw]


def require_number(raw, what: str = "value", what_zh: str = "值") -> float:
    """A finite number operand, or :class:`OperandError`."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise OperandError(f"the {what} must be a number", f"{what_zh}必须是数字")
    return raw
