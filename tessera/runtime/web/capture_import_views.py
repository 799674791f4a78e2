"""Workspace pages of CSV/XLSX import (on the lead-capture blueprint): upload, column mapping
with a validation preview, the progress of a running import and its rejected-rows report."""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.runtime.capture import importer
from tessera.runtime.lookups import widget_context
from tessera.runtime.tables import capture_import_jobs
from tessera.runtime.web.capture_views import bp, capture_app
from tessera.runtime.web.db import db, settings
from tessera.runtime.web.i18n import current_locale

UPLOAD_LIMIT = 100 * 1024 * 1024


def _job(app, job_id):
    job = (
        db()
        .execute(
            sa.select(capture_import_jobs).where(
                (capture_import_jobs.c.id == job_id) & (capture_import_jobs.c.app_key == app.key)
            )
        )
        .first()
    )
    if job is None:
        abort(404)
    return job


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_upload(app_key):
    """Upload a CSV or XLSX file for one form."""
    app = capture_app(app_key)
    request.max_content_length = UPLOAD_LIMIT
    error = None
    if request.method == "POST":
        upload = request.files.get("file")
        form = app.form(request.form.get("form", ""))
        kind = importer.file_kind(upload.filename if upload else "")
        if form is None:
            error = _("Choose a form.")
        elif upload is None or kind is None:
            error = _("Choose a .csv or .xlsx file.")
        else:
            folder = Path(settings().instance_path) / "imports"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{uuid.uuid4().hex}.{kind}"
            upload.save(path)
            try:
                headers = next(importer.read_rows(path, kind), (1, []))[1]
                total = importer.count_rows(path, kind)
            except Exception:  # a broken file is the user's problem to hear about, not a 500
                path.unlink(missing_ok=True)
                error = _("This file cannot be read as %(kind)s.", kind=kind.upper())
            else:
                job_id = importer.create_job(
                    db(),
                    app_key=app.key,
                    form_key=form.key,
                    filename=upload.filename,
                    path=path,
                    mapping=importer.guess_mapping(form, headers),
                    total_rows=total,
                    actor_id=current_user.id,
                )
                return redirect(url_for(".import_job", app_key=app.key, job_id=job_id), code=303)
    return render_template(
        "capture/import_upload.html", app=app, forms=app.navigation(), error=error
    ), (422 if error else 200)


@bp.route("/import/<int:job_id>", methods=["GET", "POST"])
@login_required
def import_job(app_key, job_id):
    """Map columns to fields and preview the problems; or follow a running import."""
    app = capture_app(app_key)
    job = _job(app, job_id)
    form = app.form(job.form_key)
    path = Path(job.path)
    headers = next(importer.read_rows(path, importer.file_kind(job.path)), (1, []))[1]
    mapping = dict(job.mapping)
    if request.method == "POST" and job.status == "uploaded":
        mapping = {
            h: request.form.get(f"map_{i}")
            for i, h in enumerate(headers)
            if request.form.get(f"map_{i}") and form.spec.has_field(request.form.get(f"map_{i}"))
        }
        db().execute(
            capture_import_jobs.update()
            .where(capture_import_jobs.c.id == job_id)
            .values(mapping=mapping)
        )
        if request.form.get("action") == "start":
            return _start(app, job_id)
    checked, problems = (0, [])
    if job.status == "uploaded":
        ctx = widget_context(db(), app, locale=current_locale(), timezone=settings().timezone)
        checked, problems = importer.preview(form, path, importer.file_kind(job.path), mapping, ctx)
    return render_template(
        "capture/import_job.html",
        app=app,
        job=job,
        form=form,
        headers=headers,
        mapping=mapping,
        checked=checked,
        problems=problems[:200],
        problem_count=len(problems),
    )


def _start(app, job_id):
    # The job row must be committed before the thread (its own connection) reads it.
    txn = g.pop("db_txn", None)
    if txn is not None and txn.is_active:
        txn.commit()
    importer.start_import(
        current_app.extensions["tessera.engine"],
        job_id,
        locale=current_locale(),
        timezone=settings().timezone,
    )
    return redirect(url_for(".import_job", app_key=app.key, job_id=job_id), code=303)


@bp.get("/import/<int:job_id>/progress")
@login_required
def import_progress(app_key, job_id):
    """The progress fragment (polled by htmx while the import runs)."""
    app = capture_app(app_key)
    return render_template("capture/import_progress.html", app=app, job=_job(app, job_id))


@bp.get("/import/<int:job_id>/rejected.csv")
@login_required
def import_rejected(app_key, job_id):
    """The rejected rows as a CSV report (row, column, message, data)."""
    app = capture_app(app_key)
    job = _job(app, job_id)
    body = "".join(importer.rejected_csv(db(), job.id))
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="import-{job.id}-rejected.csv"'},
    )
