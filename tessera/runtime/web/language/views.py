"""The language switch's view (route: :mod:`tessera.runtime.web.language`)."""

from __future__ import annotations

from flask import redirect, request, session, url_for

from tessera.runtime.web.i18n import LOCALES
from tessera.runtime.web.redirects import safe_next


def switch_language():
    """Remember the chosen language in the session and go back."""
    lang = request.form.get("lang", "")
    if lang in LOCALES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("workspace.home")), code=303)
