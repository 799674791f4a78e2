"""The app's email documents (``emails``), compiled once per published version against the
form whose fields they read, and rendered for one record in its language.

Example::

    email = compile_email("welcome", doc["emails"]["welcome"], lead_form)
    email.render(lead_form, record, language=email_language(lead_form, record))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tessera.runtime.templating import TemplateError, compile_template, record_context

LANGUAGES = ("zh-CN", "en")
LOCALES = {"zh-CN": "zh_CN", "en": "en"}  # an email's language → the locale values show in
PARTS = {"subject": ("subject", "主题"), "body": ("body", "正文")}
# What {{ unsubscribe_url }} renders to before sending; tracking puts the signed link there.
UNSUBSCRIBE_MARK = "tessera-unsubscribe:"


class EmailTemplateError(ValueError):
    """A template of an email that cannot be used: ``path`` inside the email
    (``/body/en``) and a message in each language naming the email and part."""

    def __init__(self, path: str, message: str, message_zh: str):
        super().__init__(message)
        self.path, self.message, self.message_zh = path, message, message_zh


@dataclass(frozen=True)
class Rendered:
    """One email for one record: subject, HTML body (links not yet tracked) and language."""

    subject: str
    html: str
    language: str


@dataclass(frozen=True)
class CompiledEmail:
    """An email document with its templates compiled, per language."""

    key: str
    label: Any
    form_key: str
    subjects: dict
    bodies: dict

    def render(self, form, record, *, language: str, conn=None, timezone="Asia/Shanghai"):
        """The email for ``record`` in ``language`` (``zh-CN`` or ``en``): fields shown as the
        record page shows them, in that language."""
        language = language if language in LANGUAGES else "zh-CN"
        values = record_context(
            form, record, locale=LOCALES[language], timezone=timezone, conn=conn
        )
        values["unsubscribe_url"] = UNSUBSCRIBE_MARK
        subject = " ".join(self.subjects[language].render(values).split())
        return Rendered(subject, self.bodies[language].render(values), language)


def compile_email(key: str, doc: dict, form) -> CompiledEmail:
    """Compile every template of an email document against ``form``; raises
    :class:`EmailTemplateError` naming the email, the part and the language."""
    compiled: dict[str, dict] = {"subject": {}, "body": {}}
    for part, (en_word, zh_word) in PARTS.items():
        for language in LANGUAGES:
            where = f"email «{key}», {en_word} ({language})"
            try:
                compiled[part][language] = compile_template(
                    doc[part][language], form, where=where, html=part == "body"
                )
            except TemplateError as exc:
                detail = str(exc).removeprefix(where + ": ")
                raise EmailTemplateError(
                    f"/{part}/{language}",
                    str(exc),
                    f"邮件「{key}」的{zh_word}（{language}）：{detail}",
                ) from None
    return CompiledEmail(key, doc.get("label"), form.key, compiled["subject"], compiled["body"])


def email_language(form, record) -> str:
    """The language ``record`` gets emails in: its language field's (the form's ``language``
    role) when that says English (``en``, ``en-US`` …), else zh-CN."""
    key = form.spec.role("language")
    value = record.values.get(key) if key else None
    if isinstance(value, str) and value.strip().lower().startswith("en"):
        return "en"
    return "zh-CN"
