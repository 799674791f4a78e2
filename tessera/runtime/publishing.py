"""Drafts and published versions of apps: save a draft, publish it to an immutable numbered
version (deploying its tables in the same transaction), restore an old version as a draft."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.builder import check_app_document, compile_app
from tessera.runtime import clock
from tessera.runtime.catalog import load_deployed
from tessera.runtime.scoring.decay import rescore_stale
from tessera.runtime.store.deploy import DeployPlan, apply_deploy, plan_deploy
from tessera.runtime.tables import app_versions, apps


class DraftConflict(Exception):
    """The draft changed since the caller loaded it (another tab or user saved first)."""

    def __init__(self, current_revision: int):
        super().__init__(f"the draft was saved elsewhere (now at revision {current_revision})")
        self.current_revision = current_revision


class UnknownApp(LookupError):
    """No app has that key."""


class NothingToPublish(Exception):
    """The draft is the published version already (e.g. a simultaneous publish won)."""

    def __init__(self, version: int):
        super().__init__(f"nothing to publish: the draft is already published as version {version}")
        self.version = version


def _app_row(conn: sa.Connection, app_key: str):
    row = conn.execute(sa.select(apps).where(apps.c.key == app_key)).first()
    if row is None:
        raise UnknownApp(app_key)
    return row


def create_app(conn: sa.Connection, document: dict, *, actor_id: int | None = None) -> int:
    """Register a new app whose draft is ``document`` (validated first)."""
    check_app_document(document)
    position = (
        conn.execute(sa.select(sa.func.coalesce(sa.func.max(apps.c.position), 0))).scalar_one() + 1
    )
    return conn.execute(
        apps.insert().values(
            key=document["key"],
            label=document["label"],
            position=position,
            draft=document,
            draft_revision=1,
            draft_updated_at=clock.now(),
            draft_updated_by=actor_id,
            created_at=clock.now(),
        )
    ).inserted_primary_key[0]


def load_draft(conn: sa.Connection, app_key: str) -> tuple[dict, int]:
    """The app's draft document and its revision (for conflict detection)."""
    row = _app_row(conn, app_key)
    return copy.deepcopy(row.draft), row.draft_revision


# Revisions are 32-bit integer columns: a posted one at the top would overflow when incremented.
MAX_REVISION = 2**31 - 1


def save_draft(
    conn: sa.Connection,
    app_key: str,
    document: dict,
    *,
    expected_revision: int,
    actor_id: int | None = None,
) -> int:
    """Replace the draft if nobody saved since ``expected_revision``; returns the new revision.

    Drafts may be incomplete, so only the document's shape is checked at publish time.
    """
    if not 0 <= expected_revision < MAX_REVISION:  # not one this draft ever had
        raise DraftConflict(_app_row(conn, app_key).draft_revision)
    new_revision = expected_revision + 1
    result = conn.execute(
        apps.update()
        .where((apps.c.key == app_key) & (apps.c.draft_revision == expected_revision))
        .values(
            draft=document,
            draft_revision=new_revision,
            draft_updated_at=clock.now(),
            draft_updated_by=actor_id,
        )
    )
    if result.rowcount == 0:
        raise DraftConflict(_app_row(conn, app_key).draft_revision)
    return new_revision


def preview_publish(conn: sa.Connection, app_key: str) -> DeployPlan:
    """What publishing the current draft would do to stored data (nothing is written),
    after the check :func:`publish` makes first (the document, its conditions included):
    raises ``InvalidDocument`` for a draft that publishing would refuse."""
    draft, _ = load_draft(conn, app_key)
    check_app_document(draft)
    return plan_deploy(conn, compile_app(draft))


@dataclass(frozen=True)
class PublishReport:
    """What a publish did: the new version and, per form, how many stored records a new
    scoring model rescored."""

    version: int
    rescored: dict


def publish(
    conn: sa.Connection,
    app_key: str,
    *,
    note: str = "",
    actor_id: int | None = None,
    expected_revision: int | None = None,
) -> int:
    """Publish the draft as the next version and deploy it; returns the version number.

    Publishes of one app are serialized (its row is locked first), so of two simultaneous
    publishes of one draft the second finds it published and raises
    :class:`NothingToPublish`. ``expected_revision``: the draft revision the caller looked
    at; :class:`DraftConflict` if the draft moved on since. Raises ``InvalidDocument`` or
    ``SchemaChangeRefused`` with nothing written.
    """
    return publish_with_report(
        conn, app_key, note=note, actor_id=actor_id, expected_revision=expected_revision
    ).version


def _lock_app_row(conn: sa.Connection, app_key: str):
    """The app's row, locked until the transaction ends (``FOR UPDATE`` on PostgreSQL; on
    SQLite the writer transaction already holds the database's write lock)."""
    row = conn.execute(sa.select(apps).where(apps.c.key == app_key).with_for_update()).first()
    if row is None:
        raise UnknownApp(app_key)
    return row


def publish_with_report(
    conn: sa.Connection,
    app_key: str,
    *,
    note: str = "",
    actor_id: int | None = None,
    expected_revision: int | None = None,
) -> PublishReport:
    """:func:`publish`, also rescoring stored records whose score the new version changes
    (same transaction), and saying how many moved."""
    row = _lock_app_row(conn, app_key)
    if expected_revision is not None and row.draft_revision != expected_revision:
        raise DraftConflict(row.draft_revision)
    document = row.draft
    if row.current_version is not None and document == version_document(
        conn, app_key, row.current_version
    ):
        raise NothingToPublish(row.current_version)
    check_app_document(document)
    spec = compile_app(document)
    number = (
        conn.execute(
            sa.select(sa.func.max(app_versions.c.number)).where(app_versions.c.app_id == row.id)
        ).scalar()
        or 0
    ) + 1
    with conn.begin_nested():
        apply_deploy(conn, spec, version=number)
        conn.execute(
            app_versions.insert().values(
                app_id=row.id,
                number=number,
                document=document,
                note=note,
                published_by=actor_id,
                published_at=clock.now(),
            )
        )
        conn.execute(
            apps.update()
            .where(apps.c.id == row.id)
            .values(current_version=number, label=document["label"])
        )
        deployed = load_deployed(conn, document, number)
        rescored = {key: rescore_stale(conn, deployed, key) for key in deployed.forms}
    return PublishReport(number, {k: n for k, n in rescored.items() if n})


def list_versions(conn: sa.Connection, app_key: str) -> list[dict]:
    """Published versions, newest first: number, note, who, when."""
    row = _app_row(conn, app_key)
    rows = conn.execute(
        sa.select(
            app_versions.c.number,
            app_versions.c.note,
            app_versions.c.published_by,
            app_versions.c.published_at,
        )
        .where(app_versions.c.app_id == row.id)
        .order_by(app_versions.c.number.desc())
    )
    return [dict(r._mapping) for r in rows]


def version_document(conn: sa.Connection, app_key: str, number: int) -> dict | None:
    """The document of published version ``number``."""
    row = _app_row(conn, app_key)
    return conn.execute(
        sa.select(app_versions.c.document).where(
            (app_versions.c.app_id == row.id) & (app_versions.c.number == number)
        )
    ).scalar()


def restore_version(
    conn: sa.Connection, app_key: str, number: int, *, actor_id: int | None = None
) -> int:
    """Make version ``number`` the draft again (publish it to roll back); returns the revision."""
    document = version_document(conn, app_key, number)
    if document is None:
        raise LookupError(number)
    _, revision = load_draft(conn, app_key)
    return save_draft(conn, app_key, document, expected_revision=revision, actor_id=actor_id)
