"""Workspace pages of CSV/XLSX import: upload, column mapping
with a validation preview, the progress of a running import (cancel; resume after a failure;
a job whose worker is gone resumes when its page is looked at) and its rejected-rows report."""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.runtime.capture import import_jobs, import_worker, importer
from tessera.runtime.capture.columns import ColumnPlan
from tessera.runtime.lookups import widget_context
from tessera.runtime.tables import capture_import_jobs
from tessera.runtime.tables import users as user_table
from tessera.runtime.web.capture.access import capture_app
from tessera.runtime.web.db import db, settings
from tessera.runtime.web.i18n import current_locale


def _engine() -> sa.Engine:
    return current_app.extensions["tessera.engine"]


def lease_s() -> float:
    """Seconds without a heartbeat after which a running job's worker counts as gone
    (``IMPORT_LEASE_S`` in the Flask config)."""
    return float(current_app.config.get("IMPORT_LEASE_S", import_jobs.LEASE_S))


def _job(app, job_id, conn=None):
    jobs, users = capture_import_jobs, user_table
    query = (
        sa.select(
            jobs, users.c.name.label("cancelled_by_name"), users.c.email.label("cancelled_by_email")
        )
        .select_from(jobs.outerjoin(users, users.c.id == jobs.c.cancelled_by))
        .where((jobs.c.id == job_id) & (jobs.c.app_key == app.key))
    )
    job = (conn or db()).execute(query).first()
    if job is None:
        abort(404)
    return job


def _fresh_job(app, job_id):
    # Read after this request's own writes went through other connections: the request's
    # transaction may hold an older snapshot (SQLite keeps one from its first read).
    with _engine().connect() as conn:
        return _job(app, job_id, conn)


def _keep_going(app, job):
    """A job whose worker is gone (server restarted, process killed) is resumed from its
    last committed batch — or, if a cancel was asked meanwhile, cancelled."""
    if not import_jobs.is_abandoned(job, lease_s=lease_s()):
        return job
    # What follows writes through other connections: a POST's own transaction (a writer
    # from its start) would hold SQLite's write lock against them, so it ends here.
    _commit_request()
    if job.cancel_requested_at is not None:
        import_jobs.request_cancel(_engine(), job.id, user_id=job.cancelled_by, lease_s=lease_s())
    else:
        _run(job.id)
    return _fresh_job(app, job.id)


def _run(job_id, *, resume_failed=False):
    import_worker.start_import(
        _engine(),
        job_id,
        locale=current_locale(),
        timezone=settings().timezone,
        lease_s=lease_s(),
        resume_failed=resume_failed,
    )


@login_required
def import_upload(app_key):
    """Upload a CSV or XLSX file for one form."""
    app = capture_app(app_key)  # its body limit is TESSERA_IMPORT_MAX_MB (see app.py)
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


@login_required
def import_job(app_key, job_id):
    """Map columns to fields and preview the problems; or follow, cancel or resume a run."""
    app = capture_app(app_key)
    job = _job(app, job_id)
    form = app.form(job.form_key)
    path = Path(job.path)
    headers = next(importer.read_rows(path, importer.file_kind(job.path)), (1, []))[1]
    mapping = dict(job.mapping)
    action = request.form.get("action")
    if request.method == "POST" and job.status == "failed" and action == "resume":
        return _start(app, job_id, resume_failed=True)
    if request.method == "POST" and job.status == "uploaded":
        mapping = {
            h: request.form.get(f"map_{i}")
            for i, h in enumerate(headers)
            if request.form.get(f"map_{i}") and form.spec.has_field(request.form.get(f"map_{i}"))
        }
        options = {"empty_bad_cells": request.form.get("empty_bad_cells") == "1"}
        db().execute(
            capture_import_jobs.update()
            .where(capture_import_jobs.c.id == job_id)
            .values(mapping=mapping, options=options)
        )
        job = _job(app, job_id)
        if action == "start":
            return _start(app, job_id)
    job = _keep_going(app, job)
    checked, problems = (0, [])
    if job.status == "uploaded":
        ctx = widget_context(db(), app, locale=current_locale(), timezone=settings().timezone)
        checked, problems = importer.preview(form, path, importer.file_kind(job.path), mapping, ctx)
    return render_template(
        "capture/import_job.html",
        app=app,
        job=job,
        emptied=importer.emptied_count(db(), job.id),
        combined=ColumnPlan.build(form, headers, mapping).combined(),
        form=form,
        headers=headers,
        mapping=mapping,
        checked=checked,
        problems=problems[:200],
        problem_count=len(problems),
    )


def _commit_request():
    # The request's writes must be committed before a worker (its own connection) reads them.
    txn = g.pop("db_txn", None)
    if txn is not None and txn.is_active:
        txn.commit()


def _start(app, job_id, *, resume_failed=False):
    _commit_request()
    _run(job_id, resume_failed=resume_failed)
    return redirect(url_for(".import_job", app_key=app.key, job_id=job_id), code=303)


@login_required
def import_cancel(app_key, job_id):
    """Cancel an import: the worker stops at its next batch; rows already imported stay."""
    app = capture_app(app_key)
    _job(app, job_id)
    _commit_request()
    outcome = import_jobs.request_cancel(
        _engine(), job_id, user_id=current_user.id, lease_s=lease_s()
    )
    if outcome == "cancelling":
        flash(_("Cancelling: the import stops after the batch it is writing."), "success")
    elif outcome == "cancelled":
        flash(_("Import cancelled."), "success")
    return redirect(url_for(".import_job", app_key=app.key, job_id=job_id), code=303)


@login_required
def import_progress(app_key, job_id):
    """The progress fragment (polled by htmx while the import runs)."""
    app = capture_app(app_key)
    job = _keep_going(app, _job(app, job_id))
    emptied = importer.emptied_count(db(), job.id)
    return render_template("capture/import_progress.html", app=app, job=job, emptied=emptied)


@login_required
def import_rejected(app_key, job_id):
    """The rejected rows as a CSV report (row, column, message, data)."""
    app = capture_app(app_key)
    job = _job(app, job_id)
    body = "".join(importer.rejected_csv(db(), job.id, locale=current_locale()))
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="import-{job.id}-rejected.csv"'},
    )
