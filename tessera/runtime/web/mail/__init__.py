"""Links in the emails Tessera sends (``/mail/…``, no login, no cookies: CSRF-exempt; each
is authorized by its signed token): the open pixel, click redirects, the unsubscribe page
and its One-Click POST."""

from flask import Blueprint

from tessera.runtime.web.mail import views

bp = Blueprint("mail", __name__, url_prefix="/mail")
bp.add_url_rule("/open/<token>.gif", view_func=views.opened, methods=["GET"])
bp.add_url_rule("/click/<token>", view_func=views.clicked, methods=["GET"])
bp.add_url_rule("/unsubscribe/<token>", view_func=views.unsubscribe_page, methods=["GET"])
bp.add_url_rule("/unsubscribe/<token>", view_func=views.unsubscribe, methods=["POST"])

__all__ = ["bp"]
