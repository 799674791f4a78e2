"""Row-level scope: which records of a form a user may see. Applied in one place, the store."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.auth.roles import SEE_ALL

OWNER_FIELD = "owner"


def scope_for(user, form) -> sa.ColumnElement | None:
    """A SQL clause limiting ``form``'s records for ``user`` (None: no limit).

    Sales reps see the records they own and the unowned ones (the public pool, 公海) of forms
    that have an ``owner`` user field; everyone else sees all records.
    """
    if user is None or user.role in SEE_ALL:
        return None
    table = form.table
    if OWNER_FIELD not in table.c:
        return None
    if (
        not form.spec.has_field(OWNER_FIELD)
        or form.spec.field(OWNER_FIELD).widget.refers_to != "user"
    ):
        return None
    return sa.or_(table.c[OWNER_FIELD] == user.id, table.c[OWNER_FIELD].is_(None))
