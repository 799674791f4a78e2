"""Flows (``app["flows"][key]``): the checks their JSON Schema cannot make.

A flow must name a form of the app; its step keys are unique within the flow; an action step
names its action, a branch has a condition the condition language compiles against the flow's
form (:mod:`.condition_check`, the one checker), a wait says how long or until which date
field. Whether a trigger or action type exists and its config fits is checked by the runtime
when the app is published (those types are registered there).
"""

from __future__ import annotations

from typing import Any

from tessera.builder.condition_check import condition_problem
from tessera.builder.errors import DocumentError, pointer
from tessera.conditions import FormSchema

DATE_TYPES = frozenset({"date", "datetime"})


def flow_errors(doc: Any, schemas: dict[str, FormSchema]) -> list[DocumentError]:
    """Every cross-reference problem of the flows of an app document.

    Example::

        flow_errors(doc, schemas)  # []
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("flows"), dict):
        return []
    out: list[DocumentError] = []
    for key, flow in doc["flows"].items():
        if not isinstance(flow, dict):
            continue
        base = pointer("flows", key)
        form_key = flow.get("form")
        if isinstance(form_key, str) and form_key not in schemas:
            out.append(
                DocumentError(
                    base + "/form",
                    f"The flow refers to «{form_key}», which is not a form of this app.",
                    f"流程引用的「{form_key}」不是本应用的表单。",
                    code="unknown_form",
                )
            )
            continue
        trigger = flow.get("trigger")
        if isinstance(trigger, dict) and "if" in trigger and schemas.get(form_key) is not None:
            problem = condition_problem(trigger["if"], schemas[form_key], base + "/trigger/if")
            if problem is not None:
                out.append(problem)
        steps = flow.get("steps")
        if isinstance(steps, list):
            _check_steps(steps, base + "/steps", schemas.get(form_key), set(), out)
    return out


def _check_steps(steps, path, schema, seen: set, out) -> None:
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        here = f"{path}/{i}"
        key = step.get("key")
        if isinstance(key, str):
            if key in seen:
                out.append(
                    _error(
                        here + "/key",
                        f"Two steps are called «{key}».",
                        f"有两个步骤都叫「{key}」。",
                        "duplicate_key",
                    )
                )
            seen.add(key)
        kind = step.get("type")
        if kind == "action" and not isinstance(step.get("action"), str):
            out.append(
                _error(
                    here,
                    "An action step needs an action.",
                    "动作步骤需要指定动作。",
                    "missing_action",
                )
            )
        elif kind == "branch":
            _check_branch(step, here, schema, seen, out)
        elif kind == "wait":
            _check_wait(step.get("wait"), here, schema, out)
            if isinstance(step.get("on_timeout"), list):
                _check_steps(step["on_timeout"], f"{here}/on_timeout", schema, seen, out)


def _check_branch(step, here, schema, seen, out) -> None:
    if "if" not in step:
        out.append(_error(here, "A branch needs a condition.", "分支需要一个条件。", "missing_if"))
    elif schema is not None:
        problem = condition_problem(step["if"], schema, here + "/if")
        if problem is not None:
            out.append(problem)
    for side in ("then", "else"):
        if isinstance(step.get(side), list):
            _check_steps(step[side], f"{here}/{side}", schema, seen, out)


def _check_wait(wait, here, schema, out) -> None:
    wait = wait if isinstance(wait, dict) else {}
    duration = sum(int(wait.get(k) or 0) for k in ("minutes", "hours", "days"))
    field = wait.get("until_field")
    if not duration and not field:
        out.append(
            _error(
                here,
                "A wait needs a duration or a date field to wait for.",
                "等待需要时长或要等到的日期字段。",
                "empty_wait",
            )
        )
    if "until" in wait:
        if not duration:
            out.append(
                _error(
                    here + "/wait",
                    "Waiting until a condition holds needs a longest time to wait.",
                    "等待条件满足需要设置最长等待时间。",
                    "no_timeout",
                )
            )
        elif schema is not None:
            problem = condition_problem(wait["until"], schema, here + "/wait/until")
            if problem is not None:
                out.append(problem)
    if field and schema is not None:
        info = schema.field(field)
        if info is None or info.widget is None or info.widget.condition_type not in DATE_TYPES:
            out.append(
                _error(
                    here + "/wait/until_field",
                    f"«{field}» is not a date field of this form.",
                    f"「{field}」不是本表单的日期字段。",
                    "not_a_date",
                )
            )


def _error(path: str, en: str, zh: str, code: str) -> DocumentError:
    return DocumentError(path, en, zh, code=code)
