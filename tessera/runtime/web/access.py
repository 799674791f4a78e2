"""Who may open a feature's pages: checks the design blueprints run before each request."""

from __future__ import annotations

from flask import abort
from flask_login import current_user, login_required

from tessera.runtime.auth.roles import can_design


@login_required
def designers_only():
    """Sign-in first, then admins and builders only (403 for everyone else).

    Example::

        bp.before_request(designers_only)
    """
    if not can_design(current_user.role):
        abort(403)
