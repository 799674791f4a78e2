"""Sign in and sign out (``/login``, ``/logout``)."""

from flask import Blueprint

from tessera.runtime.web.auth import views

bp = Blueprint("auth", __name__)
bp.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", view_func=views.logout, methods=["POST"])

__all__ = ["bp"]
