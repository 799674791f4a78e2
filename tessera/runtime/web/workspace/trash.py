"""The recycle bin of a form: its deleted records (within the reader's scope), restorable
until the periodic work erases them 30 days after their deletion."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from tessera.runtime.lists.query import list_columns
from tessera.runtime.lists.recycle import KEEP_DAYS
from tessera.runtime.lists.state import ListState
from tessera.runtime.web.request_input import int_param
from tessera.runtime.web.workspace.common import app_and_form, store_of, widget_ctx

PER_PAGE = 50


@login_required
def trash(app_key, form_key):
    """The form's deleted records, newest deletion first, with when each will be erased."""
    app, form = app_and_form(app_key, form_key)
    page = int_param(request.args, "page", default=1, minimum=1, maximum=1_000_000)
    records, total = store_of(form).deleted(page=page, per_page=PER_PAGE)
    return render_template(
        "record_trash.html",
        app=app,
        form=form,
        records=records,
        total=total,
        page=page,
        pages=max(1, (total + PER_PAGE - 1) // PER_PAGE),
        columns=list_columns(form, ListState())[:4],
        keep=dt.timedelta(days=KEEP_DAYS),
        keep_days=KEEP_DAYS,
        ctx=widget_ctx(app),
    )


@login_required
def restore(app_key, form_key, record_id):
    """Take a record out of the recycle bin, back to its list."""
    app, form = app_and_form(app_key, form_key)
    if not store_of(form).restore(record_id):
        abort(404)
    flash(_("Restored."), "success")
    return redirect(
        url_for(".record_detail", app_key=app.key, form_key=form.key, record_id=record_id),
        code=303,
    )
