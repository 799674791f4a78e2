"""Flows (``/flows``; admins and builders): the app's automations with their recent runs and
an on/off switch (:mod:`.views`), the connections they send to (:mod:`.connections`), each flow's run history, a run's steps and messages with a
retry for a failed one, and a test run on a chosen record that leaves no trace."""

from flask import Blueprint

from tessera.runtime.web.access import designers_only
from tessera.runtime.web.flows import connections, views

bp = Blueprint("flows", __name__, url_prefix="/flows")
bp.before_request(designers_only)

bp.add_url_rule("/connections", "connections", connections.index, methods=["GET"])
bp.add_url_rule("/connections", "connections_save", connections.save, methods=["POST"])
bp.add_url_rule(
    "/connections/<key>/remove", "connection_remove", connections.remove, methods=["POST"]
)
bp.add_url_rule(
    "/connections/<key>/test", "connection_test", connections.send_test, methods=["POST"]
)
bp.add_url_rule("/<app_key>", view_func=views.index, methods=["GET"])
bp.add_url_rule("/<app_key>/<flow_key>/enabled", view_func=views.switch, methods=["POST"])
bp.add_url_rule("/<app_key>/<flow_key>/runs", view_func=views.history, methods=["GET"])
bp.add_url_rule("/<app_key>/<flow_key>/test", view_func=views.rehearsal, methods=["GET", "POST"])
bp.add_url_rule("/<app_key>/runs/<int:run_id>", view_func=views.run_page, methods=["GET"])
bp.add_url_rule("/<app_key>/runs/<int:run_id>/retry", view_func=views.retry, methods=["POST"])

__all__ = ["bp"]
