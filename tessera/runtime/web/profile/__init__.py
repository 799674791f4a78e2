"""The signed-in user's own settings: the «available» switch (on holiday, assignment
passes them over) and whether notifications come by email too."""

from flask import Blueprint

from tessera.runtime.web.profile import views

bp = Blueprint("profile", __name__)
bp.add_url_rule("/me/availability", view_func=views.switch_availability, methods=["POST"])
bp.add_url_rule("/me/notify-email", view_func=views.switch_notify_email, methods=["POST"])

__all__ = ["bp"]
