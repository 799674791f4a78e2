"""A flow edited in the draft (the flow designer): what a save refuses, what publishing the
draft with it would say, and its test run against the published form.

- :func:`save_refusal`: a flow the draft must not hold at all — not the shape of a flow
  document, a trigger or action type that does not exist, a form the app lacks. Anything
  else (an empty title, a branch without a condition yet) is a draft still being built: it
  is saved, and :func:`check_flow` says what is missing.
- :func:`check_flow`: the checks a publish runs (the app document's schema and checks, then
  the flow compiled with its trigger and actions against the draft's form), split into the
  flow's own problems (paths relative to the flow) and the rest of the draft's.
- :func:`compile_for_test`: the flow compiled against the *published* form, for
  :func:`~tessera.runtime.flows.rehearsal.rehearse`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from tessera.builder import InvalidDocument
from tessera.builder.documents import compile_app
from tessera.builder.errors import DocumentError, pointer
from tessera.builder.frozen import FrozenDict
from tessera.builder.schema_check import document_validator, schema_errors
from tessera.builder.validation import validate_app_document
from tessera.runtime.catalog import DeployedApp, DeployedForm
from tessera.runtime.flows.actions import action_registry
from tessera.runtime.flows.compiled import CompiledFlow, compile_flow
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers import trigger_registry
from tessera.runtime.sections import section_registry
from tessera.runtime.store.deploy import table_names
from tessera.runtime.store.tables import record_table
from tessera.runtime.wiring import standard_bus

FLOW_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED_KEYS = frozenset({"connections", "new", "runs"})  # words of the pages' addresses


@dataclass(frozen=True)
class FlowCheck:
    """``mine``: the flow's problems (paths relative to it, ``/steps/0/config/title``);
    ``elsewhere``: problems of the rest of the draft that would refuse the publish too."""

    mine: list[DocumentError] = field(default_factory=list)
    elsewhere: list[DocumentError] = field(default_factory=list)


def new_flow_key(draft: dict, label: str) -> str:
    """A key for a new flow of ``draft`` from its name: its ASCII words when it has some
    («Welcome mail» → ``welcome_mail``), else ``automation``; numbered past the taken ones.

    Example::

        new_flow_key({"flows": {"automation": {}}}, "欢迎邮件")  # "automation_2"
    """
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:30]
    if not base or not base[0].isalpha():
        base = "automation"
    taken = set(draft.get("flows") or {}) | RESERVED_KEYS
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def with_flow(draft: dict, flow_key: str, flow: dict) -> dict:
    """A copy of ``draft`` holding ``flow`` as ``flows[flow_key]`` (in its place if it was
    there, last otherwise)."""
    doc = copy.deepcopy(draft)
    flows = dict(doc.get("flows") or {})
    flows[flow_key] = flow
    doc["flows"] = flows
    return doc


def save_refusal(draft: dict, flow: object) -> DocumentError | None:
    """Why ``flow`` cannot be kept in the draft at all (path relative to the flow), or None.

    Example::

        save_refusal(draft, {"version": 1, …, "steps": [{"key": "a", "type": "action",
                                                          "action": "launch_rockets"}]})
        # DocumentError("/steps/0/action", "There is no action «launch_rockets».", …)
    """
    shape = schema_errors(flow, document_validator("flow"))
    if shape:
        return shape[0]
    forms = {f.get("key") for f in draft.get("forms") or [] if isinstance(f, dict)}
    if flow["form"] not in forms:
        return DocumentError(
            "/form",
            f"«{flow['form']}» is not a form of this app.",
            f"「{flow['form']}」不是本应用的表单。",
            code="unknown_form",
        )
    if flow["trigger"]["type"] not in trigger_registry:
        return _unknown("/trigger/type", "trigger", "触发条件", flow["trigger"]["type"])
    return _unknown_action(flow["steps"], "/steps")


def _unknown_action(steps: list, path: str) -> DocumentError | None:
    for i, step in enumerate(steps):
        here = f"{path}/{i}"
        if step["type"] == "action" and step.get("action", "") not in action_registry:
            return _unknown(here + "/action", "action", "动作", step.get("action", ""))
        for lane in ("then", "else", "on_timeout"):
            found = _unknown_action(step.get(lane) or [], f"{here}/{lane}")
            if found is not None:
                return found
    return None


def _unknown(path: str, kind: str, kind_zh: str, key: str) -> DocumentError:
    return DocumentError(
        path, f"There is no {kind} «{key}».", f"没有「{key}」这种{kind_zh}。", code="unknown_type"
    )


def check_flow(conn, draft: dict, flow_key: str, flow: dict) -> FlowCheck:
    """What publishing ``draft`` with ``flow`` would refuse (see the module docstring)."""
    doc = with_flow(draft, flow_key, flow)
    base = pointer("flows", flow_key)
    errors = validate_app_document(doc)
    mine = [_relative(e, base) for e in errors if _within(e.path, base)]
    elsewhere = [e for e in errors if not _within(e.path, base)]
    if mine:
        return FlowCheck(mine, elsewhere)
    try:
        app = draft_app(conn, doc)
        compile_flow(flow_key, flow, app.form(flow["form"]))
    except FlowConfigError as exc:
        mine = [DocumentError(exc.path, exc.message, exc.message_zh, code="config")]
    except InvalidDocument as exc:  # another part of the draft (its scoring …) is refused
        elsewhere = elsewhere or list(exc.errors)
    except Exception:  # a draft broken elsewhere may not even compile: its errors say why
        if not elsewhere:
            raise
    return FlowCheck(mine, elsewhere)


def draft_app(conn, doc: dict) -> DeployedApp:
    """``doc`` compiled as a publish would compile it, in memory, without its flows (each
    flow is compiled by whoever asks); a form not deployed yet gets a table that exists
    nowhere, which is enough to compile against. Raises ``InvalidDocument``."""
    spec = compile_app(doc, checked=True)
    names = table_names(conn, spec.key)
    forms = {}
    for form in spec.forms:
        name = names.get(form.key) or f"draft_{spec.key}_{form.key}"
        table = record_table(name, [(f.key, f.widget, f.config) for f in form.fields])
        forms[form.key] = DeployedForm(spec.key, form, table)
    app = DeployedApp(spec, 0, forms, standard_bus())
    for deployed in forms.values():
        object.__setattr__(deployed, "app", app)
    built: dict[str, dict] = {key: {} for key in forms}
    for section in section_registry:
        for key, form in forms.items():
            built[key][section.type] = () if section.type == "flows" else section.compile(form)
            object.__setattr__(form, "sections", FrozenDict(built[key]))
    return app


def compile_for_test(flow_key: str, flow: dict, form) -> CompiledFlow:
    """``flow`` compiled against the published ``form`` (a DeployedForm) for a test run.
    Raises :class:`FlowConfigError` (path relative to the flow)."""
    return compile_flow(flow_key, flow, form)


def _within(path: str, base: str) -> bool:
    return path == base or path.startswith(base + "/")


def _relative(error: DocumentError, base: str) -> DocumentError:
    return DocumentError(error.path[len(base) :], error.message, error.message_zh, error.code)
