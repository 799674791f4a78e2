"""Checks of a form's ``roles`` that its JSON Schema cannot express: each names a field of the
same form that the role accepts (its widget is asked, never its type name)."""

from __future__ import annotations

from tessera.builder.errors import DocumentError
from tessera.builder.roles import role_registry
from tessera.widgets import label_text


def check_roles(form: dict, base: str, fields: dict, out: list[DocumentError]) -> None:
    """Report roles naming no field of ``form``, or a field of a kind the role refuses.

    ``fields`` maps a field key to its checker entry (with ``widget`` when its type is known).

    Example::

        check_roles({"roles": {"owner": "name"}}, "/forms/0", fields, out)
        # /forms/0/roles/owner: The owner must be a user field; «name» is not one.
    """
    roles = form.get("roles")
    if not isinstance(roles, dict):
        return
    for name, key in roles.items():
        if name not in role_registry or not isinstance(key, str):
            continue  # the schema names unknown roles and non-string keys
        role, path = role_registry.get(name), f"{base}/roles/{name}"
        entry = fields.get(key)
        if entry is None:
            known = ", ".join(fields) or "—"
            out.append(
                DocumentError(
                    path,
                    f"The {role.label['en'].lower()} is «{key}», which is not a field of this form. "
                    f"Its fields are: {known}.",
                    f"{role.label['zh-CN']}字段「{key}」不是本表单中的字段。本表单的字段有：{known}。",
                    code="unknown_field",
                )
            )
        elif entry.widget is not None and not role.accepts(entry.widget):
            out.append(
                DocumentError(
                    path,
                    f"The {role.label['en'].lower()} must be {role.wants['en']}; «{key}» "
                    f"({label_text(entry.widget.label, 'en')}) is not one.",
                    f"{role.label['zh-CN']}必须是{role.wants['zh-CN']}；「{key}」"
                    f"（{label_text(entry.widget.label, 'zh-CN')}）不是。",
                    code="bad_role_field",
                )
            )
