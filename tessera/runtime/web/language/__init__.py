"""The language switch (``POST /lang``). The blueprint keeps its first name, ``i18n``, so
its endpoint stays ``i18n.switch_language``; choosing the locale of a request is the shared
plumbing's (:mod:`tessera.runtime.web.i18n`)."""

from flask import Blueprint

from tessera.runtime.web.language import views

bp = Blueprint("i18n", __name__)
bp.add_url_rule("/lang", view_func=views.switch_language, methods=["POST"])

__all__ = ["bp"]
