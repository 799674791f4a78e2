"""REST API v1 (``/api/v1``, CONTRACT.md): bearer tokens, the user's scope on every call,
JSON errors (:mod:`.common`). Apps (:mod:`.apps`), their design (:mod:`.design`), records
(:mod:`.records`), behaviour events and scores (:mod:`.events`) and public links
(:mod:`.links`). CSRF-exempt: no cookies, a token on every call."""

from flask import Blueprint

from tessera.runtime.web.api import apps, design, events, links, records
from tessera.runtime.web.api.common import ApiError, answer_api_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(ApiError, answer_api_error)

APP = "/apps/<app_key>"
RECORDS = APP + "/forms/<form_key>/records"
RECORD = RECORDS + "/<int:record_id>"

bp.add_url_rule("/apps", view_func=apps.list_apps, methods=["GET"])
bp.add_url_rule(APP, view_func=apps.get_app, methods=["GET"])

bp.add_url_rule(APP + "/draft", view_func=design.get_draft, methods=["GET"])
bp.add_url_rule(APP + "/draft", view_func=design.put_draft, methods=["PUT"])
bp.add_url_rule(APP + "/publish", view_func=design.publish_app, methods=["POST"])
bp.add_url_rule(APP + "/publish-plan", view_func=design.publish_plan, methods=["GET"])
bp.add_url_rule(APP + "/versions", view_func=design.list_versions, methods=["GET"])
bp.add_url_rule(
    APP + "/versions/<int:number>/restore", view_func=design.restore_version, methods=["POST"]
)

bp.add_url_rule(RECORDS, view_func=records.list_records, methods=["GET"])
bp.add_url_rule(RECORDS, view_func=records.create_record, methods=["POST"])
bp.add_url_rule(RECORD, view_func=records.get_record, methods=["GET"])
bp.add_url_rule(RECORD, view_func=records.patch_record, methods=["PATCH"])
bp.add_url_rule(RECORD, view_func=records.delete_record, methods=["DELETE"])
bp.add_url_rule(RECORD + "/timeline", view_func=records.record_timeline, methods=["GET"])

bp.add_url_rule("/events", view_func=events.post_event, methods=["POST"])
bp.add_url_rule(RECORD + "/score", view_func=events.record_score, methods=["GET"])

bp.add_url_rule(APP + "/links", view_func=links.create_public_link, methods=["POST"])

__all__ = ["bp"]
