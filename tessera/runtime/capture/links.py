"""Public links: one published form, one channel. A link sets the record's source and
campaign, may expire or close after a number of submissions, and counts what it receives."""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.catalog import DeployedForm
from tessera.runtime.scoring.engine import model_for
from tessera.runtime.tables import capture_links
from tessera.widgets import FieldError, WidgetContext
from tessera.widgets.base import tr

SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud at a booth
SLUG_LENGTH = 8
MAX_CAP = 2**31 - 1  # max_submissions is an INTEGER column (32-bit on PostgreSQL)
MAX_THANK_YOU = 2000
MAX_REDIRECT = 500  # the column's length


class LinkError(Exception):
    """A link that cannot be made; ``fields`` maps a request key to its message."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


@dataclass(frozen=True)
class Link:
    """One public link (a row of ``capture_links``)."""

    id: int
    slug: str
    app_key: str
    form_key: str
    title: str
    source: str | None
    campaign_id: int | None
    fields: list | None
    locale: str | None
    expires_at: datetime | None
    max_submissions: int | None
    active: bool
    thank_you: str
    redirect_url: str | None
    submission_count: int
    spam_count: int
    limited_count: int
    created_at: Any = None
    created_by: int | None = None

    def closed_reason(self, *, now: datetime | None = None) -> str | None:
        """``inactive``, ``expired`` or ``full`` when the link takes no more submissions."""
        now = now or clock.now()
        if not self.active:
            return "inactive"
        if self.expires_at is not None and _aware(self.expires_at) <= now:
            return "expired"
        if self.max_submissions is not None and self.submission_count >= self.max_submissions:
            return "full"
        return None


def _aware(stamp: datetime) -> datetime:
    # SQLite gives naive datetimes back; every stamp is written in UTC.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def link_url(base_url: str, slug: str) -> str:
    """The public address of a link.

    Example::

        link_url("https://crm.example.com", "k7qm2x9a")  # https://crm.example.com/f/k7qm2x9a
    """
    return f"{base_url.rstrip('/')}/f/{slug}"


def get_link(conn: sa.Connection, slug: str) -> Link | None:
    """The link called ``slug``, or None."""
    row = conn.execute(sa.select(capture_links).where(capture_links.c.slug == slug)).first()
    return None if row is None else Link(**row._mapping)


def list_links(conn: sa.Connection, app_key: str) -> list[Link]:
    """An app's links, newest first."""
    rows = conn.execute(
        sa.select(capture_links)
        .where(capture_links.c.app_key == app_key)
        .order_by(capture_links.c.id.desc())
    )
    return [Link(**r._mapping) for r in rows]


def source_field(form):
    """The FieldSpec a link writes its channel into (the form's ``source`` role), or None."""
    return form.spec.role_field("source")


def campaign_field(form):
    """The link field a link writes its campaign into (the ``campaign`` role), or None."""
    return form.spec.role_field("campaign")


def default_public_fields(form) -> list[str]:
    """Fields a stranger may fill: the form's ``public_fields`` when it names them; else no
    user or record pickers (they would list internal data), nothing the link sets, nothing
    the scoring model writes, nothing with a default or a visibility condition (workflow
    fields such as a stage)."""
    if form.spec.public_fields:
        return list(form.spec.public_fields)
    model = model_for(form.app, form.key)
    written = {model.score_field, model.grade_field} if model is not None else set()
    written |= {form.spec.role("source"), form.spec.role("campaign")}  # the link sets them
    keys = []
    for field in form.input_fields():
        if field.widget.refers_to or field.key in written:
            continue
        if field.default is not None or field.visible_if:
            continue
        keys.append(field.key)
    return keys


def public_fields(form, link: Link) -> list:
    """The FieldSpecs shown on the link's page, in form order (never a user or record
    picker: those would list internal data to strangers)."""
    keys = link.fields if link.fields else default_public_fields(form)
    return [f for f in form.input_fields() if f.key in keys and not f.widget.refers_to]


def public_form(form, link: Link):
    """``form`` narrowed to the link's public fields: a DeployedForm whose spec has only
    those fields and the sections holding them, for rendering and reading the page.

    Example::

        build_form(public_form(lead_form, link), ctx, conn, app)
    """
    keys = [f.key for f in public_fields(form, link)]
    sections = tuple(
        dataclasses.replace(s, fields=tuple(k for k in s.fields if k in keys))
        for s in form.spec.sections
        if any(k in keys for k in s.fields)
    )
    spec = dataclasses.replace(
        form.spec,
        sections=sections,
        fields=tuple(f for f in form.spec.fields if f.key in keys),
        title_field=keys[0] if keys else None,
        list_fields=tuple(keys[:5]),
    )
    # The whole form's sections serve: the page reads only its fields' entries.
    return DeployedForm(form.app_key, spec, form.table, app=form.app, sections=form.sections)


def create_link(
    conn: sa.Connection,
    app,
    *,
    form_key: str,
    source: str | None = None,
    campaign: Any = None,
    title: str = "",
    fields: list | None = None,
    locale: str | None = None,
    expires_at: datetime | None = None,
    max_submissions: int | None = None,
    thank_you: str = "",
    redirect_url: str | None = None,
    actor_id: int | None = None,
    ui_locale: str = "en",
) -> Link:
    """Check the settings against the published form and store a new link.

    ``campaign`` is the id of a record of the form the field playing the ``campaign`` role
    links to; ``source`` is written into the field playing the ``source`` role.
    Raises :class:`LinkError` naming each bad setting.

    Example::

        create_link(conn, app, form_key="lead", source="trade_show", campaign=3)
    """
    errors: dict[str, str] = {}
    form = app.form(form_key) if isinstance(form_key, str) else None
    if form is None:
        raise LinkError({"form": tr(ui_locale, "没有这个表单", "No such published form")})
    if source is not None:
        source = _check_source(form, source, errors, ui_locale)
    if campaign not in (None, ""):
        campaign = _check_campaign(conn, app, form, campaign, errors, ui_locale)
    else:
        campaign = None
    if fields is not None:
        if not isinstance(fields, list) or not all(
            isinstance(k, str) and form.spec.has_field(k) for k in fields
        ):
            errors["fields"] = tr(ui_locale, "字段列表有误", "Unknown field in the list")
    if max_submissions is not None and (
        isinstance(max_submissions, bool)
        or not isinstance(max_submissions, int)
        or not 1 <= max_submissions <= MAX_CAP
    ):
        errors["max_submissions"] = tr(
            ui_locale,
            f"须为 1 到 {MAX_CAP} 之间的整数",
            f"Must be a whole number from 1 to {MAX_CAP}",
        )
    for name, text, limit in (
        ("title", title, None),  # a long title is cut to 200 characters, as it always was
        ("thank_you", thank_you, MAX_THANK_YOU),
        ("redirect_url", redirect_url, MAX_REDIRECT),
    ):
        if text is not None and not isinstance(text, str):
            errors[name] = tr(ui_locale, "须为文本", "Must be text")
        elif text and limit and len(text) > limit:
            errors[name] = tr(ui_locale, f"最多 {limit} 个字符", f"At most {limit} characters")
    if expires_at is not None:
        try:  # stored in UTC; a stamp past year 9999 in UTC cannot be stored or read back
            expires_at = _aware(expires_at).astimezone(UTC)
        except OverflowError:
            expires_at = None
            errors["expires_at"] = tr(ui_locale, "时间超出范围", "The date is out of range")
    if expires_at is not None and expires_at <= clock.now():
        errors["expires_at"] = tr(ui_locale, "须为将来的时间", "Must be in the future")
    if (
        redirect_url
        and "redirect_url" not in errors
        and not redirect_url.startswith(("https://", "http://"))
    ):
        errors["redirect_url"] = tr(ui_locale, "须为 http(s) 地址", "Must be an http(s) address")
    if not isinstance(locale, str | None) or locale not in (None, "", "zh_CN", "en"):
        errors["locale"] = tr(ui_locale, "语言须为 zh_CN 或 en", "Language is zh_CN or en")
    if errors:
        raise LinkError(errors)
    slug = _new_slug(conn)
    conn.execute(
        capture_links.insert().values(
            slug=slug,
            app_key=app.key,
            form_key=form.key,
            title=(title or "")[:200],
            source=source,
            campaign_id=campaign,
            fields=fields,
            locale=locale or None,
            expires_at=expires_at,
            max_submissions=max_submissions,
            thank_you=thank_you or "",
            redirect_url=redirect_url or None,
            created_by=actor_id,
            created_at=clock.now(),
        )
    )
    return get_link(conn, slug)


def set_active(conn: sa.Connection, link_id: int, active: bool) -> None:
    """Open or close a link."""
    conn.execute(capture_links.update().where(capture_links.c.id == link_id).values(active=active))


def count(conn: sa.Connection, link_id: int, column: str) -> None:
    """Add one to a link's ``submission_count``, ``spam_count`` or ``limited_count``."""
    col = capture_links.c[column]
    conn.execute(capture_links.update().where(capture_links.c.id == link_id).values({col: col + 1}))


def _check_source(form, source, errors, ui_locale):
    field = source_field(form)
    if field is None:
        errors["source"] = tr(ui_locale, "表单没有来源字段", "The form has no source field")
        return None
    try:
        value = field.widget.normalize(source, config=field.config, ctx=WidgetContext(ui_locale))
        field.widget.validate(value, config=field.config, ctx=WidgetContext(ui_locale))
    except FieldError as exc:
        errors["source"] = exc.message
        return None
    return value


def _check_campaign(conn, app, form, campaign, errors, ui_locale):
    field = campaign_field(form)
    if field is None:
        errors["campaign"] = tr(ui_locale, "表单没有市场活动字段", "The form has no campaign field")
        return None
    target = app.form(field.config.get("form"))
    if isinstance(campaign, str) and campaign.strip().isascii() and campaign.strip().isdigit():
        campaign = int(campaign.strip())
    if isinstance(campaign, bool) or not isinstance(campaign, int) or not 0 < campaign <= MAX_CAP:
        campaign = None  # not an id a campaign row can have
    found = (
        target is not None
        and campaign is not None
        and conn.execute(
            sa.select(target.table.c.id).where(
                (target.table.c.id == campaign) & target.table.c.deleted_at.is_(None)
            )
        ).first()
    )
    if not found:
        errors["campaign"] = tr(ui_locale, "没有这个市场活动", "No such campaign")
        return None
    return campaign


def _new_slug(conn: sa.Connection) -> str:
    while True:
        slug = "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))
        taken = conn.execute(
            sa.select(capture_links.c.id).where(capture_links.c.slug == slug)
        ).first()
        if not taken:
            return slug
