"""Where a condition's SQL runs: the form's table, the evaluation env, and the linked forms.

Operand values are normalized through the field's widget at compile time, so ``phone eq
"138 0013 8000"`` compares with the stored E.164 form.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.conditions.env import EvalEnv, PlatformTables

__all__ = ["SqlScope"]


@dataclass(frozen=True)
class SqlScope:
    """The form a SQL condition runs over (a deployed form: ``table``, ``app_key``, ``key``
    and ``app.form(key)``) and the evaluation env (``now``, the user, the platform tables).

    Example::

        compiled.sql(SqlScope(lead_form, EvalEnv(now=now, user_id=7, tables=tables)))
    """

    form: object
    env: EvalEnv

    @property
    def table(self) -> sa.Table:
        return self.form.table

    @property
    def tables(self) -> PlatformTables:
        """The platform tables (events, teams) the runtime put in the env."""
        if self.env.tables is None:
            raise LookupError("this condition reads events or teams: give EvalEnv(tables=…)")
        return self.env.tables

    def linked(self, form_key: str) -> SqlScope:
        """The scope of a linked form of the same app."""
        return SqlScope(self.form.app.form(form_key), self.env)
