"""Turning a published flow on or off at once, without publishing whatever else the draft
holds: the published document with that flow's ``enabled`` flipped becomes the next version,
and the draft gets the same flip (its other changes stay unpublished)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.tables import apps


def set_enabled(conn, app_key: str, flow_key: str, enabled: bool, *, actor_id=None) -> int:
    """Publish the current version with flow ``flow_key`` on or off; returns the version.
    Raises ``LookupError`` when the published app has no such flow."""
    draft, revision = publishing.load_draft(conn, app_key)
    current = conn.execute(sa.select(apps.c.current_version).where(apps.c.key == app_key)).scalar()
    published = publishing.version_document(conn, app_key, current) if current else None
    if not published or flow_key not in (published.get("flows") or {}):
        raise LookupError(flow_key)
    published["flows"][flow_key]["enabled"] = enabled
    note = f"{'enabled' if enabled else 'disabled'} flow {flow_key}"
    revision = publishing.save_draft(
        conn, app_key, published, expected_revision=revision, actor_id=actor_id
    )
    version = publishing.publish(conn, app_key, note=note, actor_id=actor_id)
    if flow_key in (draft.get("flows") or {}):
        draft["flows"][flow_key]["enabled"] = enabled
    publishing.save_draft(conn, app_key, draft, expected_revision=revision, actor_id=actor_id)
    return version
