"""Older app documents brought to the current format when they are loaded.

Format versions (the document's ``"version"``):

- 1 — field roles were fixed keys: a field called ``owner`` owned the record, ``source`` and
  ``campaign`` took a public link's channel and campaign, ``email`` and ``phone`` matched
  behaviour events.
- 2 — a form names its roles (``"roles": {…}``); a role it does not name is not played.

A version-1 form without ``roles`` gets, for each role, the field whose key is the role's
name when the role accepts that field, which is exactly what the fixed keys did. Stored
documents are never rewritten: published versions stay as they were, and every load upgrades.
"""

from __future__ import annotations

import copy
from typing import Any

from tessera.builder.roles import role_registry
from tessera.widgets import widget_registry

CURRENT_VERSION = 2


def upgrade_app_document(doc: Any) -> Any:
    """``doc`` in the current format: a new dict when it was older, else ``doc`` itself.

    Anything that is not a version-1 app document is returned unchanged (validation reports
    what is wrong with it).

    Example::

        upgrade_app_document({"version": 1, "forms": [lead]})["forms"][0]["roles"]
        # {"owner": "owner", "source": "source", "campaign": "campaign", …}
    """
    if not isinstance(doc, dict) or doc.get("version") != 1:
        return doc
    new = copy.deepcopy(doc)
    new["version"] = CURRENT_VERSION
    for form in new.get("forms") or ():
        if isinstance(form, dict) and "roles" not in form:
            roles = legacy_roles(form)
            if roles:
                form["roles"] = roles
    return new


def legacy_roles(form: dict) -> dict[str, str]:
    """The roles a version-1 form played through its fields' keys."""
    widgets = {}
    for section in form.get("sections") or ():
        for field in (section.get("fields") or ()) if isinstance(section, dict) else ():
            key, kind = (field.get("key"), field.get("type")) if isinstance(field, dict) else (0, 0)
            if isinstance(key, str) and isinstance(kind, str) and kind in widget_registry:
                widgets.setdefault(key, widget_registry.get(kind))
    return {
        role.type: role.type
        for role in role_registry
        if role.type in widgets and role.accepts(widgets[role.type])
    }
