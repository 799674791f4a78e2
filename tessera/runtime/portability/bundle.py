"""``tessera export`` / ``import``: an app's metadata as one JSON bundle (its published
document and its draft), to move an app between instances or keep it in version control.
Records are not in it (that is ``tessera backup``); nor are connections' secrets."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.builder import InvalidDocument, check_app_document
from tessera.runtime import clock, publishing
from tessera.runtime.store.deploy import SchemaChangeRefused
from tessera.runtime.tables import apps

FORMAT = "tessera-app"
VERSION = 1


class BundleRefused(Exception):
    """A bundle that cannot be imported; the message says why."""


def export_app(conn, app_key: str) -> dict:
    """The bundle of app ``app_key``. Raises ``publishing.UnknownApp``."""
    draft, _ = publishing.load_draft(conn, app_key)
    current = conn.execute(sa.select(apps.c.current_version).where(apps.c.key == app_key)).scalar()
    published = publishing.version_document(conn, app_key, current) if current else None
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": clock.now().isoformat(),
        "app": app_key,
        "published": published,
        "published_version": current,
        "draft": draft,
    }


def import_app(conn, bundle, *, actor_id=None) -> tuple[str, int | None]:
    """Install a bundle: a new app is created and its published document published; an app
    that exists gets the bundle's document as a new published version (a publish never drops
    data: a change that would is refused). Returns ``(app key, version)``."""
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise BundleRefused("not a Tessera app bundle (tessera export writes one)")
    if bundle.get("version") != VERSION:
        raise BundleRefused(
            f"bundle version {bundle.get('version')!r} is not one this Tessera reads"
        )
    document = bundle.get("published") or bundle.get("draft")
    try:
        check_app_document(document)
    except InvalidDocument as exc:
        raise BundleRefused(f"the bundle's app document is not valid: {exc}") from None
    key = document["key"]
    exists = conn.execute(sa.select(apps.c.id).where(apps.c.key == key)).scalar() is not None
    if not exists:
        publishing.create_app(conn, document, actor_id=actor_id)
    else:
        _, revision = publishing.load_draft(conn, key)
        publishing.save_draft(conn, key, document, expected_revision=revision, actor_id=actor_id)
    try:
        version = publishing.publish(conn, key, note="imported bundle", actor_id=actor_id)
    except (InvalidDocument, SchemaChangeRefused) as exc:
        raise BundleRefused(f"the bundle cannot be published here: {exc}") from None
    except publishing.NothingToPublish as same:
        version = same.version
    return key, version
