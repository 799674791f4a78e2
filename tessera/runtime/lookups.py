"""The runtime's answers to widgets' questions (users, linked records), per request."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.auth.users import find_user
from tessera.widgets import WidgetContext


class DbLookups:
    """``Lookups`` backed by the database, for one app; caches within one request."""

    def __init__(self, conn: sa.Connection, app):
        self.conn = conn
        self.app = app
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

    def record_title(self, form, record_id):
        target = self._table(form)
        if target is None or record_id is None:
            return None
        title = target.spec.title_field
        t = target.table
        if not title or title not in t.c:
            return None
        value = self.conn.execute(sa.select(t.c[title]).where(t.c.id == record_id)).scalar()
        return None if value is None else str(value)


def widget_context(conn: sa.Connection, app, *, locale: str, timezone: str) -> WidgetContext:
    """A ``WidgetContext`` for one request against one app."""
    return WidgetContext(locale=locale, timezone=timezone, lookups=DbLookups(conn, app))
