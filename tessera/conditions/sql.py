"""The condition language compiled to a SQLAlchemy expression (lists, reports, bulk work).

Operand values are normalized through the field's widget first, so ``phone eq "138 0013
8000"`` compares with the stored E.164 form.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.conditions.compiler import ConditionError, compile_condition
from tessera.conditions.env import EvalEnv
from tessera.conditions.schema import FormSchema
from tessera.widgets import FieldError

__all__ = ["ConditionError", "SqlScope", "compile_sql"]


@dataclass(frozen=True)
class SqlScope:
    """The form a SQL condition runs over (a DeployedForm) and the evaluation env.

    Example::

        compiled.sql(SqlScope(lead_form, EvalEnv(user_id=7)))
    """

    form: object
    env: EvalEnv

    @property
    def table(self) -> sa.Table:
        return self.form.table

    def linked(self, form_key: str) -> SqlScope:
        """The scope of a linked form of the same app."""
        return SqlScope(self.form.app.form(form_key), self.env)


def compile_sql(cond: dict | None, form, ctx, env: EvalEnv | None = None) -> sa.ColumnElement:
    """A WHERE clause for a condition document over ``form``'s table (a DeployedForm).

    Raises :class:`ConditionError` (with ``.path``) for an unknown field, an operator the
    field's widget does not offer, or an operand that does not fit; ``FieldError`` is kept
    for callers that catch it (it is no longer raised: bad operands are ConditionErrors).

    Example::

        compile_sql({"field": "industry", "op": "in", "value": ["finance"]}, lead_form, ctx)
    """
    compiled = compile_condition(cond, schema=FormSchema.of_deployed(form), ctx=ctx)
    return compiled.sql(SqlScope(form, env or EvalEnv(timezone=getattr(ctx, "timezone", "UTC"))))


_ = FieldError
