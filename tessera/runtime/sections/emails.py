"""The emails section: the app's email documents whose ``form`` is this form, each with its
templates compiled against the form's fields once per published version. A template that
cannot be used refuses the publish, naming the email, the part and the language."""

from __future__ import annotations

from tessera.builder import InvalidDocument
from tessera.builder.errors import DocumentError, pointer
from tessera.builder.frozen import FrozenDict
from tessera.runtime.mail.emails import EmailTemplateError, compile_email
from tessera.runtime.sections.base import Section


class EmailsSection(Section):
    """``{email key: CompiledEmail}`` of the form (empty when it has none)."""

    type = "emails"

    def compile(self, form) -> FrozenDict:
        compiled = {}
        for key, doc in (form.app.spec.document.get("emails") or {}).items():
            if doc.get("form") != form.key:
                continue
            try:
                compiled[key] = compile_email(key, doc, form)
            except EmailTemplateError as exc:
                path = pointer("emails", key) + exc.path
                raise InvalidDocument([DocumentError(path, exc.message, exc.message_zh)]) from None
        return FrozenDict(compiled)
