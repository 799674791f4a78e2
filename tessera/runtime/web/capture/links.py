"""Public links in the workspace: the app's links with their counts, a form to add one, and
one link's address, QR code, poster and embed snippet; opening and closing a link."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.runtime.capture import links as link_rows
from tessera.runtime.capture.qr import embed_snippet
from tessera.runtime.web.capture.access import capture_app
from tessera.runtime.web.db import db, settings
from tessera.runtime.web.i18n import current_locale
from tessera.runtime.web.request_input import parse_int


def _campaigns(app, form):
    field = link_rows.campaign_field(form)
    if field is None:
        return []
    target = app.form(field.config.get("form"))
    if target is None:
        return []
    t, title = target.table, target.spec.title_field
    rows = db().execute(
        t.select().where(t.c.deleted_at.is_(None)).order_by(t.c.id.desc()).limit(200)
    )
    return [(r.id, r._mapping.get(title) or f"#{r.id}") for r in rows]


def _local_expiry(text: str):
    if not text:
        return None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return "bad"
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=ZoneInfo(settings().timezone))


@login_required
def links(app_key):
    """The app's public links with their counts, and a form to add one."""
    app = capture_app(app_key)
    errors = {}
    if request.method == "POST":
        f = request.form
        expiry = _local_expiry(f.get("expires_at", "").strip())
        cap_text = f.get("max_submissions", "").strip()
        cap = parse_int(cap_text, minimum=1, maximum=link_rows.MAX_CAP) if cap_text else None
        if expiry == "bad":
            errors["expires_at"] = _("Enter a date and time.")
        if cap_text and cap is None:
            errors["max_submissions"] = _(
                "Enter a whole number from 1 to %(max)s.", max=link_rows.MAX_CAP
            )
        if not errors:
            try:
                link = link_rows.create_link(
                    db(),
                    app,
                    form_key=f.get("form", ""),
                    source=f.get("source") or None,
                    campaign=f.get("campaign") or None,
                    title=f.get("title", "").strip(),
                    expires_at=expiry,
                    max_submissions=cap,
                    thank_you=f.get("thank_you", "").strip(),
                    redirect_url=f.get("redirect_url", "").strip() or None,
                    actor_id=current_user.id,
                    ui_locale=current_locale(),
                )
            except link_rows.LinkError as exc:
                errors = exc.fields
            else:
                flash(_("Link created."), "success")
                return redirect(url_for(".link_detail", app_key=app.key, slug=link.slug), code=303)
    forms = app.navigation()
    lead = next((f for f in forms if link_rows.source_field(f) is not None), forms[0])
    source = link_rows.source_field(lead)
    source_options = source.config.get("options", []) if source is not None else []
    return render_template(
        "capture/links.html",
        app=app,
        links=link_rows.list_links(db(), app.key),
        forms=forms,
        default_form=lead.key,
        source_options=source_options,
        campaigns=_campaigns(app, lead),
        errors=errors,
        values=request.form,
        base_url=settings().base_url,
    ), (422 if errors else 200)


@login_required
def link_detail(app_key, slug):
    """One link: its address, QR code, poster, embed snippet and counts."""
    app = capture_app(app_key)
    link = link_rows.get_link(db(), slug)
    if link is None or link.app_key != app.key:
        abort(404)
    url = link_rows.link_url(settings().base_url, slug)
    return render_template(
        "capture/link_detail.html", app=app, link=link, url=url, embed=embed_snippet(url)
    )


@login_required
def link_active(app_key, slug):
    """Open or close a link."""
    app = capture_app(app_key)
    link = link_rows.get_link(db(), slug)
    if link is None or link.app_key != app.key:
        abort(404)
    link_rows.set_active(db(), link.id, request.form.get("active") == "1")
    return redirect(url_for(".link_detail", app_key=app.key, slug=slug), code=303)
