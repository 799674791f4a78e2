"""The one clock. Code reads time only here, so ``tessera tick --at`` and tests can move it."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current instant, timezone-aware UTC (or the frozen instant)."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC)


def frozen_instant() -> dt.datetime | None:
    """The frozen instant, or None when the clock runs."""
    return _frozen


def unfreeze() -> None:
    """Let the clock run again, whatever froze it."""
    global _frozen
    _frozen = None


@contextmanager
def frozen_at(instant: dt.datetime):
    """Within the block, :func:`now` returns ``instant``.

    Example::

        with frozen_at(datetime(2026, 11, 23, tzinfo=UTC)):
            tick()
    """
    global _frozen
    if instant.tzinfo is None:
        raise ValueError("frozen_at needs a timezone-aware instant")
    previous, _frozen = _frozen, instant.astimezone(dt.UTC)
    try:
        yield
    finally:
        _frozen = previous
