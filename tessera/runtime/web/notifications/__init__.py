"""In-app notifications: the bell in the header (unread count), the list, opening one (marks
it read and goes to its record) and marking all read."""

from flask import Blueprint

from tessera.runtime.web.notifications import views

bp = Blueprint("notifications", __name__)
bp.add_url_rule("/notifications", view_func=views.notification_list, methods=["GET"])
bp.add_url_rule(
    "/notifications/<int:notification_id>/open", view_func=views.open_one, methods=["POST"]
)
bp.add_url_rule("/notifications/read", view_func=views.mark_all_read, methods=["POST"])
bp.app_context_processor(views.bell)

__all__ = ["bp"]
