"""Saved views: a person's own list views of a form, and the ones shared with everyone who
may open the list (the ``saved_views`` table). Sharing is for roles that see every record
(managers, marketing, designers): a rep's view of «my leads» means nothing to others.

Example::

    view_id = save_view(conn, lead_form, user, name="华东 A 级", state=state, shared=False)
    [v.name for v in views_for(conn, lead_form, user)]
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.auth.roles import SEE_ALL
from tessera.runtime.lists.state import ListState
from tessera.runtime.tables import saved_views
from tessera.widgets.base import tr

MAX_NAME = 100
MAX_VIEWS_PER_USER = 100


class ViewRefused(ValueError):
    """A view that cannot be saved; ``field`` names the input, ``message`` says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SavedView:
    """One saved view: its id, name, owner, whether it is shared, and its state."""

    id: int
    name: str
    owner_id: int
    shared: bool
    state: ListState


def may_share(user) -> bool:
    """Whether ``user`` may share views with everyone."""
    return user is not None and user.role in SEE_ALL


def views_for(conn: sa.Connection, form, user) -> list[SavedView]:
    """The user's own views of ``form`` and those shared with everyone, by name."""
    t = saved_views
    rows = conn.execute(
        sa.select(t)
        .where(
            (t.c.app_key == form.app_key)
            & (t.c.form_key == form.key)
            & ((t.c.owner_id == user.id) | t.c.shared)
        )
        .order_by(t.c.shared.desc(), t.c.name, t.c.id)
    )
    return [_view(r, form) for r in rows]


def get_view(conn: sa.Connection, form, user, view_id: int) -> SavedView | None:
    """The view ``view_id`` of ``form`` if ``user`` may use it."""
    return next((v for v in views_for(conn, form, user) if v.id == view_id), None)


def save_view(
    conn: sa.Connection, form, user, *, name: str, state: ListState, shared: bool, locale: str
) -> int:
    """Store a new view; raises :class:`ViewRefused` (nothing stored) for a missing or long
    name, a name the user already uses, or sharing by a role that may not."""
    name = (name or "").strip()
    if not name:
        raise ViewRefused("name", tr(locale, "请填写视图名称。", "Give the view a name."))
    if len(name) > MAX_NAME:
        raise ViewRefused(
            "name",
            tr(
                locale,
                f"视图名称最多 {MAX_NAME} 个字符。",
                f"A view name has at most {MAX_NAME} characters.",
            ),
        )
    if shared and not may_share(user):
        raise ViewRefused(
            "shared",
            tr(locale, "只有经理和管理员可以共享视图。", "Only managers and admins share views."),
        )
    mine = [v for v in views_for(conn, form, user) if v.owner_id == user.id]
    if any(v.name == name for v in mine):
        raise ViewRefused(
            "name",
            tr(locale, f"已有名为「{name}」的视图。", f"You already have a view called «{name}»."),
        )
    if len(mine) >= MAX_VIEWS_PER_USER:
        raise ViewRefused(
            "name",
            tr(
                locale,
                f"每个表单最多保存 {MAX_VIEWS_PER_USER} 个视图。",
                f"At most {MAX_VIEWS_PER_USER} views per form.",
            ),
        )
    now = clock.now()
    return conn.execute(
        saved_views.insert().values(
            app_key=form.app_key,
            form_key=form.key,
            name=name,
            owner_id=user.id,
            shared=bool(shared),
            state=state.to_document(),
            created_at=now,
            updated_at=now,
        )
    ).inserted_primary_key[0]


def delete_view(conn: sa.Connection, form, user, view_id: int) -> bool:
    """Delete a view: its owner may, and an admin may delete a shared one."""
    t = saved_views
    mine = t.c.owner_id == user.id
    if user.role == "admin":
        mine = mine | t.c.shared
    result = conn.execute(
        t.delete().where(
            (t.c.id == view_id) & (t.c.app_key == form.app_key) & (t.c.form_key == form.key) & mine
        )
    )
    return bool(result.rowcount)


def _view(row, form) -> SavedView:
    m = row._mapping
    state = ListState.from_document(dict(m["state"] or {}), form)
    return SavedView(m["id"], m["name"], m["owner_id"], bool(m["shared"]), state)
