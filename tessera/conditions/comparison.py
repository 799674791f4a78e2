"""Compile one comparison ``{"field", "op", "value"}``: find the field, check the operator
accepts what the field holds, prepare the operand once, and build the three evaluators
(Python, SQL, the page's JSON)."""

from __future__ import annotations

from tessera.conditions.env import utc
from tessera.conditions.errors import ConditionError
from tessera.conditions.operators import FieldInfo, OperandError, Operator, operator_registry
from tessera.registry import UnknownType


def compile_comparison(cond, schema, ctx, path):
    """The :class:`~tessera.conditions.compiler.CompiledCondition` of one comparison."""
    from tessera.conditions.compiler import CompiledCondition

    key, op_key = cond["field"], cond["op"]
    field = resolve_field(key, schema, f"{path}/field")
    op = _operator(op_key, field, path)
    raw = cond.get("value")
    if isinstance(raw, dict) and set(raw) == {"field"} and op.compares_fields:
        right = resolve_field(raw["field"], schema, f"{path}/value/field")
        return _field_to_field(op, field, right, path)
    if op.takes_value and "value" not in cond:
        raise ConditionError(
            f"the operator «{op_key}» needs a value",
            path=f"{path}/value",
            message_zh=f"运算符「{op_key}」需要一个值",
            code="bad_value",
        )
    try:
        operand = op.prepare(raw, field=field, ctx=ctx)
    except OperandError as exc:
        raise ConditionError(
            exc.message, path=f"{path}/value{exc.path}", message_zh=exc.message_zh, code=exc.code
        ) from None
    except ConditionError as exc:  # a nested condition (link matches)
        raise exc.under(path) from None
    predicate = _predicate(op, field, key, operand)
    page, refusal = _page(op, field, operand, path)
    return CompiledCondition(
        predicate,
        lambda scope: op.sql(scope.table.c[key], operand, scope=scope, field=field),
        page=page,
        not_in_page=refusal,
        source=_source(op, field, key, operand),
    )


def resolve_field(key, schema, path) -> FieldInfo:
    """The field a condition names (untyped without a schema); ConditionError otherwise."""
    if not isinstance(key, str):
        raise ConditionError(
            "name a field by its key", path=path, message_zh="请用字段标识指明字段"
        )
    if schema is None:
        return FieldInfo(key)
    if key in schema.unchecked:
        raise ConditionError(
            f"«{key}» has problems of its own; fix them first.",
            path=path,
            message_zh=f"字段「{key}」本身有问题，请先修正。",
            code="unchecked_field",
        )
    if key == schema.excluded:
        raise ConditionError(
            f"«{key}» cannot be used in its own condition; use another field.",
            path=path,
            message_zh=f"字段「{key}」的条件不能依赖它自己，请改用其他字段。",
            code="self_reference",
        )
    field = schema.field(key)
    if field is None:
        known = ", ".join(schema.field_keys()) or "—"
        raise ConditionError(
            f"The condition refers to «{key}», which is not a field of this form. "
            f"Fields you can use: {known}.",
            path=path,
            message_zh=f"条件引用的「{key}」不是本表单中的字段。可用字段：{known}。",
            code="unknown_field",
        )
    return field


def _operator(op_key, field: FieldInfo, path) -> Operator:
    try:
        op = operator_registry.get(op_key)
    except (UnknownType, TypeError):
        known = ", ".join(operator_registry.keys())
        raise ConditionError(
            f"«{op_key}» is not an operator. Operators: {known}.",
            path=f"{path}/op",
            message_zh=f"「{op_key}」不是运算符。可用运算符：{known}。",
            code="unknown_operator",
        ) from None
    kind = field.condition_type
    if kind is not None and kind not in op.accepts:
        allowed = ", ".join(o.type for o in operator_registry if kind in o.accepts)
        raise ConditionError(
            f"The operator «{op_key}» cannot be used with field «{field.key}» "
            f"({field.widget.type}). Operators it supports: {allowed}.",
            path=f"{path}/op",
            message_zh=f"运算符「{op_key}」不能用于字段「{field.key}」（{field.widget.type}）。"
            f"该字段支持的运算符：{allowed}。",
            code="unsupported_operator",
        )
    if kind is None and op.needs_schema:
        raise ConditionError(
            f"the operator «{op_key}» needs the form to be known",
            path=f"{path}/op",
            message_zh=f"运算符「{op_key}」需要知道所在表单",
            code="needs_form",
        )
    return op


def _predicate(op: Operator, field: FieldInfo, key: str, operand):
    test = op.python(operand)
    if field.value_type == "datetime":
        return lambda values, env=None: test(utc(values.get(key)), env)
    if field.widget is None:  # untyped: values may be of any type

        def predicate(values, env=None):
            try:
                return test(values.get(key), env)
            except (TypeError, ValueError):
                return False

        return predicate
    return op.python_values(key, operand)


def _source(op: Operator, field: FieldInfo, key: str, operand):
    """The comparison as generated source, reading the field as :func:`_predicate` does;
    None (call the predicate) when untyped, where any value may come and errors mean false."""
    if field.widget is None:
        return None
    if field.value_type == "datetime":
        return lambda src: op.python_source(
            operand, src.derived(f"{src.bind(utc)}({src.read(key)})", prefix="u"), src
        )
    return lambda src: op.python_source(operand, src.read(key), src)


def _page(op: Operator, field: FieldInfo, operand, path):
    """``(page form, None)``, or ``(None, why not)`` when the page cannot evaluate it."""
    kind = field.condition_type
    if kind is not None and kind in op.browser:
        leaf = {"field": field.key, "op": op.type}
        if op.takes_value:
            leaf["value"] = op.browser_operand(operand)
        return leaf, None
    usable = [o.type for o in operator_registry if kind in o.accepts and kind in o.browser]
    listed = ", ".join(usable) or "—"
    return None, ConditionError(
        f"The form page cannot evaluate «{op.type}» on «{field.key}» while people type. "
        f"A visibility condition on this field can use: {listed}.",
        path=f"{path}/op",
        message_zh=f"表单页面无法在填写时判断字段「{field.key}」的「{op.type}」。"
        f"此字段的显示条件可以使用：{listed}。",
        code="not_in_page",
    )


def _field_to_field(op, left: FieldInfo, right: FieldInfo, path):
    from tessera.conditions.compiler import CompiledCondition

    if left.widget is not None and right.widget is not None:
        if left.widget.storage_for(dict(left.config)) != right.widget.storage_for(
            dict(right.config)
        ):
            raise ConditionError(
                f"«{left.key}» and «{right.key}» hold different kinds of values",
                path=f"{path}/value/field",
                message_zh=f"「{left.key}」和「{right.key}」的值类型不同",
                code="different_kinds",
            )
    a, b, compare = left.key, right.key, op.compare

    def predicate(values, env=None):
        try:
            return compare(utc(values.get(a)), utc(values.get(b)))
        except TypeError:
            return False

    refusal = ConditionError(
        "The form page cannot compare two fields while people type.",
        path=f"{path}/value",
        message_zh="表单页面无法在填写时比较两个字段。",
        code="not_in_page",
    )
    return CompiledCondition(
        predicate,
        lambda scope: op.sql_compare(scope.table.c[a], scope.table.c[b]),
        not_in_page=refusal,
    )
