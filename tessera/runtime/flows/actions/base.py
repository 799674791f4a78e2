"""The interface of a flow action, and what it is given: the run's context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tessera.registry import Registry
from tessera.runtime.flows.triggers.base import check_config
from tessera.runtime.store.records import Record, RecordStore


@dataclass(frozen=True)
class RunContext:
    """One step of one run: the connection (the step's transaction), the form and app, the
    record as it is now, when, and which run and step (the idempotency key of side effects:
    ``f"{run_id}:{step_key}"``)."""

    conn: sa.Connection
    form: Any  # DeployedForm
    record: Record
    run_id: int
    flow_key: str
    step_key: str
    now: Any
    trigger: Any = None  # what started the run ({"type": "no_activity", "quiet_since": …})
    dry_run: bool = False  # a test run: say what would be done, do nothing
    locale: str = "zh_CN"  # the language messages are written in

    @property
    def store(self) -> RecordStore:
        """The record writer, as the system (flows act for nobody in particular)."""
        return RecordStore(self.conn, self.form)

    @property
    def origin(self) -> dict:
        """What a write by this step says on the record's timeline."""
        return {"via": "flow", "flow": self.flow_key, "run_id": self.run_id, "step": self.step_key}

    @property
    def idempotency_key(self) -> str:
        return f"flow:{self.run_id}:{self.step_key}"

    @property
    def message_refs(self) -> dict:
        """Where an outbox message comes from (kept with it for the run history)."""
        return {
            "app_key": self.form.app_key,
            "form_key": self.form.key,
            "record_id": self.record.id,
            "run_id": self.run_id,
        }


class Action:
    """Does one thing to or for a record.

    ``type`` is the persisted key; ``config_schema`` the JSON Schema of its config;
    :meth:`compile` may check the config against the form once, at publish.

    Example::

        class SetFieldAction(Action):
            type = "set_field"

            def run(self, ctx, config):
                return {"changes": ctx.store.update(ctx.record.id, {config["field"]: …})}
    """

    type: str = ""
    label: dict = {}
    config_schema: dict = {"type": "object"}

    def compile(self, config: dict, form, path: str) -> Any:
        """The config checked (``path``: where it sits in the flow), ready for :meth:`run`."""
        check_config(self.config_schema, config, path)
        return config

    def run(self, ctx: RunContext, config) -> dict:
        """Do the work in ``ctx.conn``'s transaction; returns what was done (kept in the
        run's history). Raises :class:`~tessera.runtime.flows.errors.StepFailed` to retry."""
        raise NotImplementedError


action_registry: Registry[Action] = Registry("action")
