"""Who may set a record's owner: the rule every write path (API, workspace) asks.

- Roles in ``ASSIGN_ANYONE`` (admin, builder, manager, marketing) and the system
  (``user=None``: flows, imports) may set any owner.
- Anyone else (``sales``) may take an unowned record (owner: themselves), release their own
  record to the public pool (owner: empty) or keep it; giving a record to another user is for
  a manager. The refusal names the ``owner`` field.
"""

from __future__ import annotations

from collections.abc import Mapping

from tessera.runtime.auth.roles import ASSIGN_ANYONE
from tessera.runtime.auth.scope import owner_key
from tessera.widgets.base import tr


class AssignmentRefused(Exception):
    """The caller may not set this owner; ``errors`` maps the owner field's key to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def check_owner_change(
    user, form, values: Mapping, existing: Mapping | None, *, locale: str
) -> None:
    """Raise :class:`AssignmentRefused` when ``user`` may not write ``values`` (cleaned, about
    to be stored) because of the owner they set; ``existing``: the stored values (None: a new
    record).

    Example::

        check_owner_change(rep, lead_form, {"owner": rep.id}, {"owner": None}, locale="en")
    """
    key = owner_key(form)
    if user is None or user.role in ASSIGN_ANYONE or key is None or key not in values:
        return
    old = (existing or {}).get(key)
    new = values[key]
    if new == old or (new == user.id and old is None) or (new is None and old == user.id):
        return
    raise AssignmentRefused(
        {
            key: tr(
                locale,
                "只能领取公海中的记录或释放自己的记录；分配给他人请联系经理",
                "You can take an unowned record or release your own; "
                "ask a manager to assign it to someone else",
            )
        }
    )
