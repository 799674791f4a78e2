"""The write bus: who hears of record writes. Built and frozen by the composition root
(:func:`tessera.runtime.wiring.standard_bus`, which the app factory and the CLI use), carried
by every DeployedApp, so the store publishes to it without knowing its subscribers.

Subscribers run in the writer's transaction, in subscription order; one that writes the
record again (e.g. its score) goes through the writer too, and hears of that write only if it
changed something.
"""

from __future__ import annotations

from collections.abc import Callable

from tessera.runtime.store.write_events import Inserting, WriteEvent


class WriteBus:
    """Typed write events to their subscribers.

    Example::

        bus = WriteBus()
        bus.subscribe(RecordChanged, rescore_after_change)
        bus.on_insert(first_score)
        bus.freeze()
    """

    def __init__(self):
        self._subscribers: list[tuple[type, Callable]] = []
        self._inserting: list[Callable[[Inserting], None]] = []
        self._frozen = False

    def subscribe(self, event_type: type[WriteEvent], handler: Callable) -> None:
        """Call ``handler(event)`` for every published event of ``event_type`` (or a subclass)."""
        self._refuse_if_frozen()
        self._subscribers.append((event_type, handler))

    def on_insert(self, handler: Callable[[Inserting], None]) -> None:
        """Call ``handler(inserting)`` on every new record's values just before its INSERT."""
        self._refuse_if_frozen()
        self._inserting.append(handler)

    def freeze(self) -> WriteBus:
        """Refuse further subscriptions; returns the bus."""
        self._frozen = True
        return self

    def publish(self, event: WriteEvent) -> None:
        """Deliver ``event`` to its subscribers, in subscription order."""
        for event_type, handler in self._subscribers:
            if isinstance(event, event_type):
                handler(event)

    def inserting(self, event: Inserting) -> dict:
        """Run the insert subscribers on ``event``; returns its (completed) values."""
        for handler in self._inserting:
            handler(event)
        return event.values

    def _refuse_if_frozen(self) -> None:
        if self._frozen:
            raise RuntimeError("the write bus is frozen: subscribe before the app starts")
