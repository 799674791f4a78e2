"""The composition root of record writes: which engines hear of them. The app factory and the
command line build their catalogs with this bus; nothing registers itself by being imported.

Example::

    catalog = AppCatalog(bus=standard_bus())
"""

from __future__ import annotations

import functools

from tessera.runtime.flows.starting import start_triggered
from tessera.runtime.scoring import subscribers as scoring
from tessera.runtime.store.bus import WriteBus
from tessera.runtime.store.write_events import EventReceived, RecordChanged, RecordCreated


@functools.cache
def standard_bus() -> WriteBus:
    """The one frozen bus of this process: scoring first (a new score is part of the write),
    then the flows whose triggers hear the writes."""
    bus = WriteBus()
    scoring.subscribe(bus)
    for event_type in (RecordCreated, RecordChanged, EventReceived):
        bus.subscribe(event_type, start_triggered)
    return bus.freeze()
