"""Conditions in assignment configs (a rule's ``when``, what counts as an open or a won
record): compiled once at publish by the condition language, against the flow's form."""

from __future__ import annotations

from tessera.conditions import ConditionError, FormSchema, compile_condition
from tessera.runtime.condition_env import eval_env, sql_scope
from tessera.runtime.flows.errors import FlowConfigError


def compile_when(doc, form, path: str):
    """The :class:`~tessera.conditions.CompiledCondition` of ``doc`` over ``form``'s records;
    a problem refuses the publish with its path (``…/rules/0/when/field``)."""
    try:
        return compile_condition(doc, schema=FormSchema.of_deployed(form), path=path)
    except ConditionError as exc:
        raise FlowConfigError(exc.path, exc.message, exc.message_zh) from None


def where(compiled, form, now):
    """The condition as a WHERE clause over ``form``'s table, as of ``now``."""
    return compiled.sql(sql_scope(form, eval_env(now=now, app_key=form.app_key)))
