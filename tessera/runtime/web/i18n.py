"""Language choice (zh-CN first, English too) and label helpers for templates."""

from __future__ import annotations

from flask import Blueprint, redirect, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from tessera.runtime.web.redirects import safe_next
from tessera.widgets import label_text

LOCALES = ("zh_CN", "en")
bp = Blueprint("i18n", __name__)


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


@bp.post("/lang")
def switch_language():
    """Remember the chosen language in the session and go back."""
    lang = request.form.get("lang", "")
    if lang in LOCALES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("workspace.home")), code=303)


def install(app) -> None:
    """Register the language route and the template helpers."""
    app.register_blueprint(bp)

    @app.context_processor
    def _helpers():
        locale = current_locale()
        return {"label": label, "locale": locale, "html_lang": "en" if locale == "en" else "zh-CN"}
