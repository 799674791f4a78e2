"""What the record writer tells its subscribers: one typed event per write, delivered in the
writer's transaction (:class:`~tessera.runtime.store.bus.WriteBus`).

Every event names the connection, the DeployedForm (``form.app`` is its DeployedApp), the
record and the actor (None: the system, a visitor or an import without a user). Scoring
subscribes here; flow triggers will too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa


@dataclass(frozen=True)
class WriteEvent:
    """The base of every write event."""

    conn: sa.Connection
    form: Any  # DeployedForm
    record_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class RecordCreated(WriteEvent):
    """A record was inserted; ``values`` are its stored field values (with derived ones such
    as its first score); ``origin`` is where it came from (``{"via": "link", …}``, its
    «created» timeline entry)."""

    values: dict = field(default_factory=dict)
    origin: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RecordChanged(WriteEvent):
    """Fields of a record changed: ``changes`` maps a field key to ``[from, to]`` (only what
    really changed). ``cause`` is the timeline kind of the write (``updated``, ``scored`` …)."""

    changes: dict = field(default_factory=dict)
    cause: str = "updated"


@dataclass(frozen=True)
class RecordDeleted(WriteEvent):
    """A record went to the recycle bin (soft delete)."""


@dataclass(frozen=True)
class RecordRestored(WriteEvent):
    """A record came back from the recycle bin."""


@dataclass(frozen=True)
class RecordMerged(WriteEvent):
    """Another record or submission was merged into this one (``record_id``, the survivor);
    ``merged_id`` is the merged record (None: a submission that never became one). The
    survivor's field changes came as their own :class:`RecordChanged`."""

    merged_id: int | None = None
    merge_id: int | None = None


@dataclass(frozen=True)
class EventReceived(WriteEvent):
    """A behaviour event (page view, email click …) was recorded for the record."""

    event_id: int = 0
    type: str = ""
    props: dict = field(default_factory=dict)
    occurred_at: dt.datetime | None = None


@dataclass(frozen=True)
class Inserting:
    """A record about to be inserted: ``values`` (cleaned field values, which insert
    subscribers may extend, e.g. with its first score, so a create needs no second write)
    and ``system`` (``created_at``, ``updated_at``, ``created_by``)."""

    conn: sa.Connection
    form: Any  # DeployedForm
    values: dict
    system: dict = field(default_factory=dict)
    actor_id: int | None = None
