"""Emails (``app["emails"][key]``): the checks their JSON Schema cannot make.

An email names the form whose fields its templates read. Whether the templates compile
against that form is checked by the runtime when the app is published (the template sandbox
lives there, :mod:`tessera.runtime.templating`), with the email and part in the path.
"""

from __future__ import annotations

from typing import Any

from tessera.builder.errors import DocumentError, pointer


def email_errors(doc: Any, form_keys: set[str]) -> list[DocumentError]:
    """Every cross-reference problem of the emails of an app document.

    Example::

        email_errors(doc, {"lead", "campaign"})  # []
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("emails"), dict):
        return []
    out: list[DocumentError] = []
    for key, email in doc["emails"].items():
        if not isinstance(email, dict):
            continue
        form_key = email.get("form")
        if isinstance(form_key, str) and form_key not in form_keys:
            out.append(
                DocumentError(
                    pointer("emails", key) + "/form",
                    f"The email refers to «{form_key}», which is not a form of this app.",
                    f"邮件引用的「{form_key}」不是本应用的表单。",
                    code="unknown_form",
                )
            )
    return out
