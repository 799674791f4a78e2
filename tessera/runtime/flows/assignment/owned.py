"""Counting what the pool's members already own (load, wins): one grouped query over the
form's table, by its owner field, restricted by a compiled condition."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.flows.assignment.when import where
from tessera.runtime.flows.errors import FlowConfigError


def owner_column(form, path: str) -> str:
    """The key of the form's owner field (its role); publishing refuses a form without."""
    key = form.spec.role("owner")
    if key is None:
        raise FlowConfigError(path, "This form has no owner field.", "该表单没有负责人字段。")
    return key


def per_owner(ctx, user_ids, *, condition=None, total=None) -> dict[int, float]:
    """``{user id: count}`` of live records each user owns matching ``condition`` (all
    when None); with ``total`` (a number field's key) the sum of that field instead."""
    if not user_ids:
        return {}
    form = ctx.form
    table = form.table
    owner = table.c[form.spec.role("owner")]
    measure = sa.func.count() if total is None else sa.func.coalesce(sa.func.sum(table.c[total]), 0)
    query = (
        sa.select(owner, measure)
        .where(table.c.deleted_at.is_(None), owner.in_(list(user_ids)))
        .group_by(owner)
    )
    if condition is not None:
        query = query.where(where(condition, form, ctx.now))
    return {row[0]: float(row[1]) for row in ctx.conn.execute(query)}
