"""Views of the notifications (routes: :mod:`tessera.runtime.web.notifications`)."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from tessera.runtime import notifications
from tessera.runtime.web.db import db
from tessera.runtime.web.i18n import current_locale


def bell() -> dict:
    """Template globals for the header: ``unread_notifications()``, asked only where the
    header shows the bell (a signed-in user), so other pages make no query."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return notifications.unread_count(db(), current_user.id)

    return {"unread_notifications": unread_notifications}


@login_required
def notification_list():
    """The user's newest notifications, unread first in weight, each in their language."""
    locale = current_locale()
    items = [
        (item, notifications.notification_text(item, locale))
        for item in notifications.recent(db(), current_user.id)
    ]
    return render_template("notifications/list.html", items=items)


@login_required
def open_one(notification_id):
    """Mark one notification read and go to its record (or back to the list)."""
    item = notifications.find(db(), current_user.id, notification_id)
    if item is None:
        abort(404)
    notifications.mark_read(db(), current_user.id, notification_id)
    if item.app_key and item.form_key and item.record_id:
        target = url_for(
            "workspace.record_detail",
            app_key=item.app_key,
            form_key=item.form_key,
            record_id=item.record_id,
        )
        return redirect(target, code=303)
    return redirect(url_for("notifications.notification_list"), code=303)


@login_required
def mark_all_read():
    """Mark every notification of the user read."""
    notifications.mark_read(db(), current_user.id)
    return redirect(url_for("notifications.notification_list"), code=303)
