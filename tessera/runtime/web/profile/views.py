"""The availability switch's view (route: :mod:`tessera.runtime.web.profile`)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.runtime.auth.users import set_available, set_notify_email
from tessera.runtime.web.db import db
from tessera.runtime.web.redirects import safe_next

CHOICES = {"yes": True, "no": False}


@login_required
def switch_availability():
    """Switch the user's own availability for assignment and go back; anything but
    ``available=yes|no`` is a 400."""
    choice = request.form.get("available", "")
    if choice not in CHOICES:
        abort(400, description=_("Choose whether you are available: yes or no."))
    set_available(db(), current_user.id, CHOICES[choice])
    if CHOICES[choice]:
        flash(_("You are available: you will get new assignments."), "success")
    else:
        flash(_("You are away: you get no new assignments until you switch back."), "success")
    return redirect(safe_next(request.form.get("next"), url_for("workspace.home")), code=303)


@login_required
def switch_notify_email():
    """Email me too (``email=yes``) or only in the app (``email=no``); anything else is 400."""
    choice = request.form.get("email", "")
    if choice not in CHOICES:
        abort(400, description=_("Choose whether to get emails: yes or no."))
    set_notify_email(db(), current_user.id, CHOICES[choice])
    if CHOICES[choice]:
        flash(_("You will also get an email for each notification."), "success")
    else:
        flash(_("Notifications stay in the app; no emails."), "success")
    return redirect(
        safe_next(request.form.get("next"), url_for("notifications.notification_list")), code=303
    )
