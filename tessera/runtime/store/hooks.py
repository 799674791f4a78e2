"""Write hooks: what must happen in the same transaction whenever a record is written
(scores computed, flows triggered …). Registered by the packages that need them.

The store calls :func:`run_before_insert` on a new record's values just before its INSERT
(a hook may add derived values, e.g. the first score and grade, so the create needs no
second write), and :func:`run_after_write` after every create and every update that changed
something; an after-write hook may write the record again (e.g. its score), which runs the
hooks once more only if that write changed a value.
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


@dataclass(frozen=True)
class InsertEvent:
    """A record about to be inserted: ``values`` (cleaned field values, which before-insert
    hooks may extend) and ``system`` (``created_at``, ``updated_at``, ``created_by``)."""

    conn: sa.Connection
    form: Any  # DeployedForm
    values: dict
    system: dict = field(default_factory=dict)
    actor_id: int | None = None


Hook = Callable[[WriteEvent], None]
InsertHook = Callable[[InsertEvent], None]
_hooks: list[Hook] = []
_insert_hooks: list[InsertHook] = []
_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in HOOK_MODULES:
            import_module(name)
        _loaded = True


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
    _load()
    for hook in list(_hooks):
        hook(event)


def register_before_insert(hook: InsertHook) -> InsertHook:
    """Run ``hook`` on every new record's values just before its INSERT (decorator-friendly).

    Example::

        @register_before_insert
        def first_score(event: InsertEvent) -> None:
            event.values["score"] = 10
    """
    if hook not in _insert_hooks:
        _insert_hooks.append(hook)
    return hook


def run_before_insert(event: InsertEvent) -> dict:
    """Call every before-insert hook in registration order; returns ``event.values``."""
    _load()
    for hook in list(_insert_hooks):
        hook(event)
    return event.values
