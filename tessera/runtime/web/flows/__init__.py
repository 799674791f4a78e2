"""Flows (``/flows``; admins and builders): the app's automations with their recent runs and
an on/off switch (:mod:`.views`), the connections they send to (:mod:`.connections`), each
flow's run history, a run's steps and messages with a retry for a failed one, a test run on
a chosen record that leaves no trace, and the flow designer over the draft
(:mod:`.designer`; its side panel and test run of the draft in :mod:`.designer_panel`)."""

from flask import Blueprint

from tessera.runtime.web.access import designers_only
from tessera.runtime.web.flows import connections, designer, designer_panel, views
from tessera.runtime.web.request_input import BODY_LIMITS

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
bp.add_url_rule("/<app_key>/new", "new_flow", designer.new_flow, methods=["POST"])
bp.add_url_rule("/<app_key>/<flow_key>/enabled", view_func=views.switch, methods=["POST"])
bp.add_url_rule("/<app_key>/<flow_key>/runs", view_func=views.history, methods=["GET"])
bp.add_url_rule("/<app_key>/<flow_key>/test", view_func=views.rehearsal, methods=["GET", "POST"])
bp.add_url_rule("/<app_key>/runs/<int:run_id>", view_func=views.run_page, methods=["GET"])
bp.add_url_rule("/<app_key>/runs/<int:run_id>/retry", view_func=views.retry, methods=["POST"])

DESIGN = "/<app_key>/<flow_key>/design"
bp.add_url_rule(DESIGN, "design", designer.page, methods=["GET"])
bp.add_url_rule(DESIGN + "/save", "design_save", designer.save, methods=["POST"])
bp.add_url_rule(DESIGN + "/check", "design_check", designer.check, methods=["POST"])
bp.add_url_rule(DESIGN + "/publish", "design_publish", designer.publish, methods=["POST"])
bp.add_url_rule(DESIGN + "/panel", "design_panel", designer_panel.panel, methods=["POST"])
bp.add_url_rule(DESIGN + "/test", "design_test", designer_panel.test_run, methods=["POST"])
bp.add_url_rule(DESIGN + "/records", "design_records", designer_panel.records, methods=["GET"])
bp.register_error_handler(413, designer.too_large)


@bp.record_once
def _limit_bodies(state) -> None:
    # The designer posts whole flows as JSON: refused past the limit before anything reads them.
    limits = state.app.config.setdefault(BODY_LIMITS, {})
    for endpoint in ("design_save", "design_check", "design_panel", "design_test"):
        limits[f"flows.{endpoint}"] = designer.BODY_LIMIT


__all__ = ["bp"]
