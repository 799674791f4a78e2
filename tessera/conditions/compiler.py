"""Compile a condition document once into a :class:`CompiledCondition` holding its Python
predicate, its SQL builder and the form the page evaluates (forms.js). Every type error is
found here, with a JSON path: this is the one checker of conditions.

Document shapes (see ``builder/schemas/condition.schema.json``)::

    {"all": [c, …]}   {"any": [c, …]}   {"not": c}
    {"field": k, "op": o, "value": v}          # v may be {"field": other} for eq/ne/lt/…
    {"event": {"type": t, "where": […], "within_days": d}, "at_least": n}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tessera.conditions.comparison import compile_comparison
from tessera.conditions.errors import ConditionError
from tessera.conditions.event_filter import parse_event_filter
from tessera.conditions.operators import OperandError
from tessera.conditions.schema import design_context
from tessera.widgets import WidgetContext

MAX_DEPTH = 12

__all__ = ["MAX_DEPTH", "CompiledCondition", "ConditionError", "compile_condition"]


@dataclass(frozen=True)
class CompiledCondition:
    """``predicate(values, env=None) -> bool`` and ``sql(scope) -> ColumnElement``, which
    agree on every record (tests/conditions/test_agreement.py proves it), and
    :meth:`python_source`, the same test as a Python expression for generated code.

    ``page`` is the condition as the form page evaluates it (static/js/forms.js): operands
    normalized to JSON, or None when some part of it the page cannot evaluate, which
    ``not_in_page`` then names (a :class:`ConditionError` with its path).
    """

    predicate: Callable[..., bool]
    sql: Callable[..., sa.ColumnElement]
    uses_events: bool = False
    page: Any = None
    not_in_page: ConditionError | None = None
    source: Callable[..., str] | None = None  # (PythonSource) -> expression; None: call predicate

    def python_source(self, src) -> str:
        """A Python expression over the names ``values`` and ``env`` that is true exactly
        where :attr:`predicate` is; constants and field reads go through ``src`` (a
        :class:`~tessera.conditions.source.PythonSource`).

        Example::

            src = PythonSource()
            compile_condition({"field": "industry", "op": "in", "value": ["finance"]},
                              schema=schema).python_source(src)
            # "(v0 is not None and not isinstance(v0, list) and v0 in c0)"
        """
        if self.source is None:
            return f"{src.bind(self.predicate)}(values, env)"
        return self.source(src)


def compile_condition(
    cond, *, schema=None, ctx: WidgetContext | None = None, path: str = ""
) -> CompiledCondition:
    """Type-check ``cond`` against ``schema`` (a FormSchema, or None for untyped use) and
    compile it. Raises :class:`ConditionError` with the JSON path of the first problem.

    Example::

        c = compile_condition({"field": "company_size", "op": "gt", "value": 500},
                              schema=FormSchema.of(app_spec, "lead"))
        c.predicate({"company_size": 800})  # True
    """
    return _compile(cond, schema, ctx or design_context(), path, 0)


def _always(values, env=None):
    return True


def _compile(cond, schema, ctx, path, depth) -> CompiledCondition:
    if depth > MAX_DEPTH:
        raise ConditionError(
            f"conditions nest at most {MAX_DEPTH} levels",
            path=path,
            message_zh=f"条件最多嵌套 {MAX_DEPTH} 层",
            code="too_deep",
        )
    if cond is None:
        return CompiledCondition(
            _always, lambda scope: sa.true(), page={"all": []}, source=lambda src: "True"
        )
    if not isinstance(cond, dict):
        raise ConditionError(
            "a condition must be an object {…}", path=path, message_zh="条件必须是一个对象 {…}"
        )
    for group in ("all", "any"):
        if group in cond:
            return _group(cond, group, schema, ctx, path, depth)
    if "not" in cond:
        return _not(_compile(cond["not"], schema, ctx, f"{path}/not", depth + 1))
    if "event" in cond:
        return _event(cond, path)
    if "field" in cond and "op" in cond:
        return compile_comparison(cond, schema, ctx, path)
    raise ConditionError(
        "a condition needs all, any, not, event, or field and op",
        path=path,
        message_zh="条件需要 all、any、not、event，或 field 和 op",
    )


def _not(inner: CompiledCondition) -> CompiledCondition:
    p = inner.predicate
    return CompiledCondition(
        lambda values, env=None: not p(values, env),
        lambda scope: sa.not_(inner.sql(scope)),
        inner.uses_events,
        None if inner.page is None else {"not": inner.page},
        inner.not_in_page,
        lambda src: f"(not {inner.python_source(src)})",
    )


def _group(cond, group, schema, ctx, path, depth) -> CompiledCondition:
    members = cond[group]
    if not isinstance(members, list):
        raise ConditionError(
            f"«{group}» takes a list of conditions",
            path=f"{path}/{group}",
            message_zh=f"「{group}」需要一个条件列表",
        )
    parts = [
        _compile(c, schema, ctx, f"{path}/{group}/{i}", depth + 1) for i, c in enumerate(members)
    ]
    joiner = sa.and_ if group == "all" else sa.or_
    empty = sa.true() if group == "all" else sa.false()
    refusal = next((p.not_in_page for p in parts if p.not_in_page is not None), None)
    return CompiledCondition(
        _joined(group, tuple(p.predicate for p in parts)),
        lambda scope: joiner(*[p.sql(scope) for p in parts]) if parts else empty,
        any(p.uses_events for p in parts),
        None if refusal is not None else {group: [p.page for p in parts]},
        refusal,
        lambda src: _joined_source(group, [p.python_source(src) for p in parts]),
    )


def _joined_source(group: str, parts: list[str]) -> str:
    if not parts:
        return "True" if group == "all" else "False"
    return "(" + (" and " if group == "all" else " or ").join(parts) + ")"


def _joined(group: str, preds: tuple) -> Callable[..., bool]:
    """One predicate for all/any of ``preds``, unrolled for the common small groups."""
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        if group == "all":
            return lambda values, env=None: first(values, env) and second(values, env)
        return lambda values, env=None: first(values, env) or second(values, env)
    if group == "all":

        def every(values, env=None):
            for p in preds:
                if not p(values, env):
                    return False
            return True

        return every

    def some(values, env=None):
        for p in preds:
            if p(values, env):
                return True
        return False

    return some


def _event(cond, path) -> CompiledCondition:
    try:
        flt = parse_event_filter(cond["event"], f"{path}/event")
    except OperandError as exc:
        raise ConditionError(
            exc.message, path=exc.path, message_zh=exc.message_zh, code=exc.code
        ) from None
    at_least = cond.get("at_least", 1)
    if isinstance(at_least, bool) or not isinstance(at_least, int) or not 1 <= at_least <= 10000:
        raise ConditionError(
            "at_least must be a whole number from 1",
            path=f"{path}/at_least",
            message_zh="at_least 必须是不小于 1 的整数",
            code="bad_value",
        )

    def predicate(values, env=None):
        return env is not None and flt.count(env.events, now=env.now) >= at_least

    def sql(scope):
        events = scope.tables.events
        table = scope.table
        count = (
            sa.select(sa.func.count())
            .where(
                events.c.app_key == scope.form.app_key,
                events.c.form_key == scope.form.key,
                events.c.record_id == table.c.id,
                *flt.sql_where(events, now=scope.env.now),
            )
            .scalar_subquery()
        )
        return count >= at_least

    refusal = ConditionError(
        "The form page cannot count behaviour events while people type.",
        path=f"{path}/event",
        message_zh="表单页面无法在填写时统计行为事件。",
        code="not_in_page",
    )
    return CompiledCondition(predicate, sql, uses_events=True, not_in_page=refusal)
