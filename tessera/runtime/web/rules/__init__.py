"""The rule designer (``/rules``; admins and builders only): the scoring model in the app's
draft (:mod:`.views`, the page's form in :mod:`.form`), its backtest and publish, and a
calibration proposal (:mod:`.calibration`). It also gives other pages the score explanation
and the designer links (:mod:`.template_globals`)."""

from flask import Blueprint

from tessera.runtime.web.access import designers_only
from tessera.runtime.web.rules import calibration, template_globals, views

bp = Blueprint("rules", __name__, url_prefix="/rules")
bp.before_request(designers_only)
bp.add_app_template_global(template_globals.score_explanation)
bp.add_app_template_global(template_globals.rule_designer_links)

bp.add_url_rule("/<app_key>/<form_key>", view_func=views.designer, methods=["GET"])
bp.add_url_rule("/<app_key>/<form_key>", view_func=views.save, methods=["POST"])
bp.add_url_rule("/<app_key>/<form_key>/preview", view_func=views.preview, methods=["POST"])
bp.add_url_rule("/<app_key>/<form_key>/backtest", view_func=views.backtest, methods=["GET"])
bp.add_url_rule("/<app_key>/<form_key>/publish", view_func=views.publish, methods=["POST"])
bp.add_url_rule(
    "/<app_key>/<form_key>/calibrate", view_func=calibration.calibration, methods=["GET"]
)
bp.add_url_rule(
    "/<app_key>/<form_key>/calibrate", view_func=calibration.use_calibration, methods=["POST"]
)

__all__ = ["bp"]
