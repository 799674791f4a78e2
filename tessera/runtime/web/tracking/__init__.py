"""Page views a website's snippet reports (``/t/…``, no cookies: CSRF-exempt, CORS-open)."""

from flask import Blueprint

from tessera.runtime.web.tracking import views

bp = Blueprint("tracking", __name__, url_prefix="/t")
bp.add_url_rule("/track.js", view_func=views.snippet, methods=["GET"])
bp.add_url_rule("/page-view", view_func=views.page_view_preflight, methods=["OPTIONS"])
bp.add_url_rule("/page-view", view_func=views.page_view, methods=["POST"])

__all__ = ["bp"]
