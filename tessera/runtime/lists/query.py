"""A list's rows: the state's filter (compiled by the one SQL compiler) and typed text, within
the reader's row scope (the store applies it), in the state's order.

Example::

    page = list_page(store, state, ctx, user_id=user.id, page=1, per_page=50)
    page.records, page.total
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime.condition_env import compile_sql
from tessera.runtime.forms.search import quick_search
from tessera.runtime.lists.state import ListState

DEFAULT_SORT = (("created_at", True),)


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its records, how many match in all, and the columns to show."""

    records: list
    total: int
    columns: tuple


def list_where(form, state: ListState, ctx, *, user_id: int | None) -> sa.ColumnElement | None:
    """The WHERE clause of ``state`` over ``form``'s table (None: every visible record).
    Raises :class:`~tessera.conditions.ConditionError` for a filter that does not fit the
    form (its ``path`` says where)."""
    parts = []
    if state.filter is not None:
        parts.append(compile_sql(state.filter, form, ctx, user_id=user_id))
    search = quick_search(form, state.q, ctx)
    if search is not None:
        parts.append(search)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else sa.and_(*parts)


def list_columns(form, state: ListState) -> tuple:
    """The field specs shown as columns: the state's, else the form's list fields."""
    keys = state.columns or form.spec.list_fields or [f.key for f in form.spec.fields[:6]]
    return tuple(form.spec.field(k) for k in keys if form.spec.has_field(k))


def list_page(store, state: ListState, ctx, *, user_id, page: int, per_page: int) -> ListPage:
    """One page of the list ``state`` describes, as ``store``'s actor may see it."""
    where = list_where(store.form, state, ctx, user_id=user_id)
    records, total = store.list(
        where=where, sort=list(state.sort or DEFAULT_SORT), page=page, per_page=per_page
    )
    return ListPage(records, total, list_columns(store.form, state))


def matching_ids(store, state: ListState, ctx, *, user_id, after: int = 0, limit: int = 500):
    """Ids of the records ``state`` matches, by id above ``after`` (a bulk action's next
    batch), at most ``limit``."""
    where = list_where(store.form, state, ctx, user_id=user_id)
    return store.ids(where=where, after=after, limit=limit)
