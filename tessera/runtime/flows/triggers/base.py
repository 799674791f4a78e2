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
    """Raise :class:`FlowConfigError` at the first place ``config`` breaks ``schema``, in
    words that name the setting by its label (``x-label`` in the schema) when it has one."""
    for error in Draft202012Validator(schema).iter_errors(config):
        parts = list(error.absolute_path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in (error.instance or {})]
            parts.append(missing[0] if missing else "")
        where = path + "".join(f"/{p}" for p in parts)
        en, zh = _in_words(error, _setting(schema, parts))
        raise FlowConfigError(where, en, zh)


def _setting(schema: dict, parts: list) -> tuple[str, str] | None:
    """``(en, zh)`` label of the top-level setting ``parts`` starts in, if it declares one."""
    if not parts or not isinstance(parts[0], str):
        return None
    label = ((schema.get("properties") or {}).get(parts[0]) or {}).get("x-label")
    return (label.get("en", parts[0]), label.get("zh-CN", parts[0])) if label else None


def _in_words(error, setting) -> tuple[str, str]:
    if setting is None:
        return error.message, f"配置有误：{error.message}"
    en, zh = setting
    kind, limit = error.validator, error.validator_value
    if kind == "required" or (kind == "minLength" and limit == 1):
        return f"Fill in «{en}».", f"请填写「{zh}」。"
    if kind == "minimum":
        return f"«{en}» must be at least {limit}.", f"「{zh}」不能小于 {limit}。"
    if kind == "maximum":
        return f"«{en}» must be at most {limit}.", f"「{zh}」不能大于 {limit}。"
    if kind == "maxLength":
        return (
            f"«{en}» is too long: at most {limit} characters.",
            f"「{zh}」太长：最多 {limit} 个字符。",
        )
    if kind == "type" and limit in ("integer", "number"):
        return f"«{en}» must be a whole number.", f"「{zh}」须为整数。"
    if kind == "pattern":
        return (
            f"«{en}» must be an identifier: lower-case letters, digits and underscores.",
            f"「{zh}」须为标识：小写字母、数字和下划线。",
        )
    return f"«{en}»: {error.message}", f"「{zh}」有误：{error.message}"


trigger_registry: Registry[Trigger] = Registry("trigger")
