"""Language choice (zh-CN first, English too) and label helpers for templates."""

from __future__ import annotations

from flask import request, session
from flask_babel import get_locale
from flask_login import current_user

from tessera.widgets import label_text

LOCALES = ("zh_CN", "en")


def select_locale() -> str:
    """The session's choice, else the user's, else the browser's, else zh-CN."""
    chosen = session.get("lang")
    if chosen in LOCALES:
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in LOCALES:
        return user_locale
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"]) if request else None
    if best and best.startswith("en"):
        return "en"
    return "zh_CN"


def current_locale() -> str:
    """``zh_CN`` or ``en`` for the current request."""
    return str(get_locale() or "zh_CN")


def label(value) -> str:
    """A bilingual label in the current language."""
    return label_text(value, current_locale())


def install(app) -> None:
    """Register the template helpers (the language switch itself is
    :mod:`tessera.runtime.web.language`)."""

    @app.context_processor
    def _helpers():
        locale = current_locale()
        return {"label": label, "locale": locale, "html_lang": "en" if locale == "en" else "zh-CN"}
