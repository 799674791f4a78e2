"""The composition root of record writes: which engines hear of them. The app factory and the
command line build their catalogs with this bus; nothing registers itself by being imported.

Example::

    catalog = AppCatalog(bus=standard_bus())
"""

from __future__ import annotations

import functools

from tessera.runtime.scoring import subscribers as scoring
from tessera.runtime.store.bus import WriteBus


@functools.cache
def standard_bus() -> WriteBus:
    """The one frozen bus of this process: scoring (flows will subscribe here too)."""
    bus = WriteBus()
    scoring.subscribe(bus)
    return bus.freeze()
