"""The runtime's answers to widgets' questions (users, linked records), per request."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.auth.scope import scope_for
from tessera.runtime.auth.users import find_user
from tessera.runtime.store.records import RecordStore
from tessera.widgets import WidgetContext


class DbLookups:
    """``Lookups`` backed by the database, for one app and one caller (``user``: None for the
    system, which sees everything); caches within one request."""

    def __init__(self, conn: sa.Connection, app, *, user=None):
        self.conn = conn
        self.app = app
        self.user = user
        self._users: dict = {}

    def find_user(self, ref):
        key = ref if isinstance(ref, (int, str)) else repr(ref)
        if key not in self._users:
            user = find_user(self.conn, ref)
            self._users[key] = None if user is None else user.as_ref()
        return self._users[key]

    def _table(self, form_key: str):
        form = self.app.form(form_key) if self.app else None
        return None if form is None else form

    def record_exists(self, form, record_id):
        target = self._table(form)
        if target is None or isinstance(record_id, bool) or not isinstance(record_id, int):
            return False
        t = target.table
        return (
            self.conn.execute(
                sa.select(t.c.id).where((t.c.id == record_id) & t.c.deleted_at.is_(None))
            ).first()
            is not None
        )

    def record_in_scope(self, form, record_id) -> bool:
        """Whether the caller may see record ``record_id`` of ``form`` (and so link to it).

        No query when the caller is not limited on ``form``.
        """
        target = self._table(form)
        if target is None or isinstance(record_id, bool) or not isinstance(record_id, int):
            return False
        scope = scope_for(self.user, target)
        if scope is None:
            return True
        return RecordStore(self.conn, target, scope=scope).get(record_id) is not None

    def record_title(self, form, record_id):
        target = self._table(form)
        if target is None or record_id is None:
            return None
        title = target.spec.title_field
        t = target.table
        if not title or title not in t.c:
            return None
        # A link to a record out of the caller's scope shows as «#id», never its title.
        scope = scope_for(self.user, target)
        where = t.c.id == record_id if scope is None else (t.c.id == record_id) & scope
        value = self.conn.execute(sa.select(t.c[title]).where(where)).scalar()
        return None if value is None else str(value)


def caller_of(ctx: WidgetContext):
    """The user a context acts for; None for the system (and contexts without a database)."""
    return ctx.lookups.user if isinstance(ctx.lookups, DbLookups) else None


def widget_context(
    conn: sa.Connection, app, *, locale: str, timezone: str, user=None
) -> WidgetContext:
    """A ``WidgetContext`` for one request against one app, as ``user`` (None: the system)."""
    return WidgetContext(locale=locale, timezone=timezone, lookups=DbLookups(conn, app, user=user))
