"""A flow document compiled once, at publish (the app's ``flows`` section): its trigger and
steps bound to their registered types, conditions compiled, configs checked.

Steps are addressed by a cursor, the path to a step: ``(2,)`` is the third top-level step,
``(1, "then", 0)`` the first step of the yes side of the second step (a branch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tessera.conditions import FormSchema, compile_condition
from tessera.registry import UnknownType
from tessera.runtime.flows.actions import action_registry
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers import trigger_registry

Cursor = tuple


@dataclass(frozen=True)
class Step:
    """One compiled step: an action with its config, a branch with its condition and sides,
    or a wait (``duration`` and/or ``until_field``)."""

    key: str
    kind: str  # action | branch | wait
    label: Any = None
    action: Any = None
    config: Any = None
    condition: Any = None  # CompiledCondition
    then: tuple = ()
    otherwise: tuple = ()
    duration: dt.timedelta | None = None
    until_field: str | None = None
    until: Any = None  # CompiledCondition: wait until it holds, at most ``duration``
    on_timeout: tuple = ()

    def lane(self, name: str) -> tuple:
        """The steps of a branch side (``then``, ``else``) or a wait's ``timeout`` lane."""
        return {"then": self.then, "else": self.otherwise, "timeout": self.on_timeout}[name]


@dataclass(frozen=True)
class CompiledFlow:
    """A published flow of one form."""

    key: str
    label: Any
    form_key: str
    trigger: Any  # Trigger
    trigger_config: Any
    steps: tuple[Step, ...]
    only_if: Any = None  # CompiledCondition the record must match for a run to start
    enabled: bool = True

    def step_at(self, cursor: Cursor) -> Step | None:
        """The step at ``cursor``, or None when there is none."""
        steps, step = self.steps, None
        for part in cursor:
            if isinstance(part, str):
                steps = step.lane(part)
                continue
            if not 0 <= part < len(steps):
                return None
            step = steps[part]
        return step if cursor else None

    def after(self, cursor: Cursor) -> Cursor | None:
        """The cursor of the step that follows ``cursor``'s when it is done (out of a branch
        side, the step after the branch), or None at the end of the flow."""
        path = list(cursor)
        while path:
            *parent, index = path
            siblings = self._children(tuple(parent))
            if index + 1 < len(siblings):
                return (*parent, index + 1)
            path = parent[:-1]  # leave the side: continue after the branch step itself
        return None

    def _children(self, parent: Cursor) -> tuple:
        if not parent:
            return self.steps
        return self.step_at(parent[:-1]).lane(parent[-1])


def cursor_text(cursor: Cursor) -> str:
    """``(1, "then", 0)`` → ``"1/then/0"`` (how a timer stores it)."""
    return "/".join(str(p) for p in cursor)


def parse_cursor(text: str) -> Cursor:
    """``"1/then/0"`` → ``(1, "then", 0)``."""
    return tuple(p if p in ("then", "else", "timeout") else int(p) for p in text.split("/") if p)


def compile_flow(key: str, doc: dict, form) -> CompiledFlow:
    """Compile a flow document of ``form`` (a DeployedForm). Raises :class:`FlowConfigError`
    with a path relative to the flow."""
    trigger_doc = doc["trigger"]
    trigger = _registered(trigger_registry, trigger_doc["type"], "/trigger/type")
    config = trigger.compile(dict(trigger_doc.get("config") or {}), form)
    schema = FormSchema.of_deployed(form)
    only_if = None
    if "if" in trigger_doc:
        only_if = compile_condition(trigger_doc["if"], schema=schema, path="/trigger/if")
    steps = _steps(doc.get("steps") or [], "/steps", form, schema)
    enabled = doc.get("enabled") is not False
    return CompiledFlow(key, doc.get("label"), form.key, trigger, config, steps, only_if, enabled)


def _steps(docs, path, form, schema) -> tuple[Step, ...]:
    return tuple(_step(d, f"{path}/{i}", form, schema) for i, d in enumerate(docs))


def _step(doc, path, form, schema) -> Step:
    kind, key, label = doc["type"], doc["key"], doc.get("label")
    if kind == "action":
        action = _registered(action_registry, doc.get("action", ""), path + "/action")
        config = action.compile(dict(doc.get("config") or {}), form, path + "/config")
        return Step(key, kind, label, action=action, config=config)
    if kind == "branch":
        condition = compile_condition(doc["if"], schema=schema, path=path + "/if")
        then = _steps(doc.get("then") or [], path + "/then", form, schema)
        otherwise = _steps(doc.get("else") or [], path + "/else", form, schema)
        return Step(key, kind, label, condition=condition, then=then, otherwise=otherwise)
    wait = doc.get("wait") or {}
    duration = dt.timedelta(
        minutes=wait.get("minutes", 0), hours=wait.get("hours", 0), days=wait.get("days", 0)
    )
    until = None
    if "until" in wait:
        until = compile_condition(wait["until"], schema=schema, path=path + "/wait/until")
    on_timeout = _steps(doc.get("on_timeout") or [], path + "/on_timeout", form, schema)
    return Step(
        key,
        kind,
        label,
        duration=duration,
        until_field=wait.get("until_field"),
        until=until,
        on_timeout=on_timeout,
    )


def _registered(registry, key: str, path: str):
    try:
        return registry.get(key)
    except UnknownType:
        raise FlowConfigError(
            path, f"There is no {registry.kind} «{key}».", f"没有「{key}」这种{registry.kind}。"
        ) from None
