"""After-write hooks: what must happen in the same transaction whenever a record is written
(scores recomputed, flows triggered …). Registered by the packages that need them.

The store calls :func:`run_after_write` after every create and every update that changed
something; a hook may write the record again (e.g. its score), which runs the hooks once
more only if that write changed a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import sqlalchemy as sa

# Modules that register hooks on import; loaded once, on the first write.
HOOK_MODULES: tuple[str, ...] = ("tessera.runtime.scoring.hooks",)


@dataclass(frozen=True)
class WriteEvent:
    """One record write: ``kind`` is ``created`` or ``updated``; ``changes`` maps a field key
    to ``[old, new]`` (for ``created``: every stored value as ``[None, new]``)."""

    conn: sa.Connection
    form: Any  # DeployedForm; ``form.app`` is its DeployedApp
    record_id: int
    kind: str
    changes: dict = field(default_factory=dict)
    actor_id: int | None = None


Hook = Callable[[WriteEvent], None]
_hooks: list[Hook] = []
_loaded = False


def register_after_write(hook: Hook) -> Hook:
    """Run ``hook`` after every record write (decorator-friendly).

    Example::

        @register_after_write
        def rescore(event: WriteEvent) -> None: ...
    """
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def run_after_write(event: WriteEvent) -> None:
    """Call every registered hook, in registration order, in the writer's transaction."""
    global _loaded
    if not _loaded:
        for name in HOOK_MODULES:
            import_module(name)
        _loaded = True
    for hook in list(_hooks):
        hook(event)
