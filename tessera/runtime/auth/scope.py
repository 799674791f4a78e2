"""Row-level scope: which records of a form a user may see. Applied in one place, the store.

The rule, compiled once per published form (:func:`compile_row_scope`, the form's
``row_scope`` section) and bound to a user per request (:func:`scope_for`):

- roles in ``SEE_ALL`` (and the system, ``user=None``) see every record;
- a form with its own owner (:func:`owner_key`) shows a ``sales`` user the records they own and
  the unowned ones (the public pool, 公海); its links do not matter (a customer follows its
  ``owner``, not the lead it came from);
- a form without an owner inherits through its link fields: a record is visible when every
  scoped record it links to is visible (a follow-up iff its lead is). An empty link restricts
  nothing, like an unowned lead. Chains are followed through forms without an owner until a
  form with one (follow-up → lead, or note → follow-up → lead); a link back to a form already
  on the chain adds nothing (cycles stop there). Links to forms nobody is limited on (e.g. a
  campaign) add nothing; a form with no owner and no such link is not limited.

Ownership is what counts, not deletion: a follow-up of one's own deleted lead stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime.auth.roles import SEE_ALL


def owner_key(form) -> str | None:
    """The key of the user field that owns ``form``'s records, or None (no owner): the field
    playing the form's ``owner`` role (the builder checked it is a user field)."""
    key = form.spec.role("owner")
    return key if key is not None and key in form.table.c else None


@dataclass(frozen=True)
class LinkScope:
    """One link column of the referring table and the scope of the (aliased) linked table."""

    column: sa.Column
    target: sa.FromClause
    scope: RowScope


@dataclass(frozen=True)
class RowScope:
    """A form's scope rule, independent of the user: an owner column, or links to follow."""

    owner: sa.Column | None
    links: tuple[LinkScope, ...] = ()

    def clause(self, user_id: int) -> sa.ColumnElement:
        """The rule as one SQL clause for ``user_id``.

        A link is ``col IS NULL OR col IN (SELECT id FROM target WHERE <target's rule>)``: an
        uncorrelated subquery, computed once per statement (measured on 100k follow-ups, 20k
        leads: a rep's list page 67 ms on SQLite and 47 ms on PostgreSQL, against 139 and 58
        ms with a correlated EXISTS).
        """
        if self.owner is not None:
            return sa.or_(self.owner == user_id, self.owner.is_(None))
        return sa.and_(
            *(
                sa.or_(
                    link.column.is_(None),
                    link.column.in_(sa.select(link.target.c.id).where(link.scope.clause(user_id))),
                )
                for link in self.links
            )
        )


def compile_row_scope(form, *, table: sa.FromClause | None = None, chain=()) -> RowScope | None:
    """``form``'s rule over ``table`` (default: its own table), or None when nobody is limited.

    ``chain``: the forms already on the way here (cycles stop there).

    Example::

        compile_row_scope(followup).clause(7)  # lead IS NULL OR lead IN (SELECT id FROM …)
    """
    table = form.table if table is None else table
    owner = owner_key(form)
    if owner is not None:
        return RowScope(owner=table.c[owner])
    app = getattr(form, "app", None)
    if app is None:
        return None
    chain = (*chain, form.key)
    links = []
    for field in form.spec.fields:
        if field.widget.refers_to != "record" or field.key not in table.c:
            continue
        target = app.form(field.config.get("form") or "")
        if target is None or target.key in chain:
            continue
        alias = target.table.alias()
        rule = compile_row_scope(target, table=alias, chain=chain)
        if rule is not None:
            links.append(LinkScope(table.c[field.key], alias, rule))
    return RowScope(owner=None, links=tuple(links)) if links else None


def scope_for(user, form) -> sa.ColumnElement | None:
    """A SQL clause limiting ``form``'s records for ``user`` (None: no limit).

    Example::

        RecordStore(conn, form, actor_id=user.id, scope=scope_for(user, form))
    """
    if user is None or user.role in SEE_ALL:
        return None
    rule = form.section("row_scope")
    return None if rule is None else rule.clause(user.id)
