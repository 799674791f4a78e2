"""Possible duplicates in the workspace: open pairs, the field-by-field merge view (or
«different people»), recent merges and their undo."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.runtime.capture import merge
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_duplicates, capture_merges
from tessera.runtime.web.capture.access import capture_app
from tessera.runtime.web.db import db, settings
from tessera.runtime.web.i18n import current_locale


def _lead_store(app, form_key):
    form = app.form(form_key)
    if form is None:
        abort(404)
    return RecordStore(db(), form, actor_id=current_user.id)


@login_required
def duplicates(app_key):
    """Open pairs flagged as possible duplicates, and recent merges (undoable)."""
    app = capture_app(app_key)
    pairs = (
        db()
        .execute(
            sa.select(capture_duplicates)
            .where(
                (capture_duplicates.c.app_key == app.key) & (capture_duplicates.c.status == "open")
            )
            .order_by(capture_duplicates.c.id.desc())
            .limit(200)
        )
        .all()
    )
    merges = (
        db()
        .execute(
            sa.select(capture_merges)
            .where(capture_merges.c.app_key == app.key)
            .order_by(capture_merges.c.id.desc())
            .limit(50)
        )
        .all()
    )
    return render_template("capture/duplicates.html", app=app, pairs=pairs, merges=merges)


@login_required
def merge_view(app_key, pair_id):
    """Both records side by side; per field, choose which value the merged record keeps."""
    app = capture_app(app_key)
    pair = (
        db()
        .execute(
            sa.select(capture_duplicates).where(
                (capture_duplicates.c.id == pair_id) & (capture_duplicates.c.app_key == app.key)
            )
        )
        .first()
    )
    if pair is None:
        abort(404)
    store = _lead_store(app, pair.form_key)
    if request.method == "POST":
        if pair.status != "open":
            abort(409)
        if request.form.get("action") == "dismiss":
            merge.dismiss(store, pair_id)
            flash(_("Marked as different people."), "success")
        else:
            choices = {
                k[len("take_") :]: v for k, v in request.form.items() if k.startswith("take_")
            }
            merge.merge_pair(store, pair_id, choices)
            flash(_("Merged."), "success")
        return redirect(url_for(".duplicates", app_key=app.key), code=303)
    record, candidate = store.get(pair.record_id), store.get(pair.candidate_id)
    if record is None or candidate is None:
        abort(404)
    ctx = widget_context(db(), app, locale=current_locale(), timezone=settings().timezone)
    return render_template(
        "capture/merge.html",
        app=app,
        pair=pair,
        form=store.form,
        record=record,
        candidate=candidate,
        fields=[f for f in store.form.input_fields()],
        ctx=ctx,
    )


@login_required
def undo(app_key, merge_id):
    """Reverse a merge."""
    app = capture_app(app_key)
    row = (
        db()
        .execute(
            sa.select(capture_merges.c.form_key).where(
                (capture_merges.c.id == merge_id) & (capture_merges.c.app_key == app.key)
            )
        )
        .first()
    )
    if row is None:
        abort(404)
    try:
        merge.undo_merge(_lead_store(app, row.form_key), merge_id)
    except LookupError:
        abort(409)
    flash(_("Merge undone."), "success")
    return redirect(url_for(".duplicates", app_key=app.key), code=303)
