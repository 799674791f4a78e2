"""The interface of a trigger: which write events start a flow, and with what config."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from tessera.registry import Registry
from tessera.runtime.flows.errors import FlowConfigError


class Trigger:
    """Decides from one write event whether a flow starts.

    ``type`` is the persisted key (``record_created``); ``listens_to`` the write event
    classes it looks at; ``config_schema`` the JSON Schema of its config.

    Example::

        class RecordCreatedTrigger(Trigger):
            type = "record_created"
            listens_to = (RecordCreated,)

            def fires(self, event, config, form):
                return {"via": event.origin.get("via")}
    """

    type: str = ""
    label: dict = {}
    listens_to: tuple[type, ...] = ()
    config_schema: dict = {"type": "object"}
    sweeps: bool = False  # started by the scheduler's sweep (:meth:`due`), not by writes

    def compile(self, config: dict, form) -> Any:
        """The config checked against ``config_schema`` (and the form), ready for
        :meth:`fires`; raises :class:`FlowConfigError`."""
        check_config(self.config_schema, config, "/trigger/config")
        return config

    def fires(self, event, config, form) -> dict | None:
        """What started the run (kept on it, shown in its history), or None: no start."""
        raise NotImplementedError

    def due(self, conn, form, flow, config, now, last) -> tuple | None:
        """For a sweeping trigger: ``(where clause on the form's table, detail)`` selecting
        the records to start a run for as of ``now``, or None: nothing yet. ``last`` is when
        this flow last swept (None: never). The flow's «only when» is the sweeper's to apply.
        """
        raise NotImplementedError

    def describe(self, conn, form, record_id: int, detail: dict) -> dict:
        """What a swept run keeps of its start, for one record (default: ``detail``)."""
        return detail


def check_config(schema: dict, config: Any, path: str) -> None:
    """Raise :class:`FlowConfigError` at the first place ``config`` breaks ``schema``."""
    for error in Draft202012Validator(schema).iter_errors(config):
        where = path + "".join(f"/{p}" for p in error.absolute_path)
        raise FlowConfigError(where, error.message, f"配置有误：{error.message}")


trigger_registry: Registry[Trigger] = Registry("trigger")
