"""The flow designer's side panel: a trigger's or action's settings as inputs, generated from
its ``config_schema``.

Each property becomes one input, labelled by its ``x-label`` (zh-CN/en): a string is a text
input (``x-input: template`` a text area for a message template), an integer a number input,
an enum a select of labelled choices (``x-enum-labels``), an array of an enum checkboxes, a
boolean a checkbox. ``x-input`` names what a key refers to, so people pick by label: ``field``
(the form's fields; ``x-fields``: ``settable`` or ``list``), ``field_value`` (a value of the
field chosen in ``x-of``: its options when it has some), ``connection`` (set-up connections
of the kinds in ``x-connections``), ``stage``/``stages`` (the stage field's options), ``flow``
(the form's other automations), ``condition`` (the condition builder) and ``kept`` (a
setting too rich for the panel: shown in words and kept as it is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tessera.runtime.flows.triggers.stage_changed import stage_field
from tessera.runtime.web.i18n import current_locale, label

BOOLEAN_CHOICES = ((True, ("Yes", "是")), (False, ("No", "否")))


@dataclass
class ConfigInput:
    """One input of the panel. ``bind`` is where its value goes in the step
    (``config.title``); ``kind`` how the page reads it back (``text``, ``int``, ``number``,
    ``select``, ``checks``, ``bool``, ``condition``, ``kept``)."""

    key: str
    bind: str
    kind: str
    label: str
    value: Any = None
    required: bool = False
    choices: list = field(default_factory=list)  # [(value, label)]
    minimum: Any = None
    maximum: Any = None
    multiline: bool = False
    rerender: bool = False  # other inputs depend on it: the panel is drawn again on change
    note: str = ""


@dataclass(frozen=True)
class PanelContext:
    """What the pickers offer: the flow's form (compiled), the connections set up
    (``[(key, kind, label)]``) and the form's other flows (``[(key, label)]``)."""

    form: Any
    connections: tuple = ()
    flows: tuple = ()


def setting_label(schema: dict, key: str) -> str:
    """The label of setting ``key`` in the request's language (a key without one reads as
    words: ``due_hours`` → «due hours»)."""
    text = schema.get("x-label")
    return label(text) if text else key.replace("_", " ")


def config_inputs(schema: dict, config: dict, ctx: PanelContext) -> list[ConfigInput]:
    """The inputs of ``config`` under ``schema`` (a trigger's or action's ``config_schema``)."""
    required = set(schema.get("required") or ())
    out = []
    for key, prop in (schema.get("properties") or {}).items():
        item = ConfigInput(
            key=key,
            bind=f"config.{key}",
            kind="text",
            label=setting_label(prop, key),
            value=config.get(key, prop.get("default")),
            required=key in required,
        )
        _shape(item, prop, config, ctx)
        out.append(item)
    return out


def _shape(item: ConfigInput, prop: dict, config: dict, ctx: PanelContext) -> None:
    kind = prop.get("x-input")
    if kind == "field":
        item.kind, item.rerender = "select", True
        item.choices = _fields(ctx.form, prop.get("x-fields"))
    elif kind == "field_value":
        _field_value(item, ctx.form, config.get(prop.get("x-of", "field")))
    elif kind == "connection":
        kinds = set(prop.get("x-connections") or ())
        item.kind = "select"
        item.choices = [(k, text or k) for k, kind_, text in ctx.connections if kind_ in kinds]
        if not item.choices:
            item.note = _t("No connection of this kind is set up yet.", "还没有设置这类连接。")
    elif kind in ("stage", "stages"):
        item.kind = "select" if kind == "stage" else "checks"
        key = stage_field(ctx.form)
        item.choices = _options(ctx.form.spec.field(key)) if key else []
    elif kind == "flow":
        item.kind, item.choices = "select", list(ctx.flows)
    elif kind == "condition":
        item.kind = "condition"
    elif kind == "email_document":
        item.kind = "select"
        emails = ctx.form.app.spec.document.get("emails") or {}
        item.choices = [
            (key, label(doc.get("label")) or key)
            for key, doc in emails.items()
            if isinstance(doc, dict) and doc.get("form") == ctx.form.key
        ]
        if not item.choices:
            item.note = _t("This form has no emails yet.", "本表单还没有邮件。")
    elif kind == "kept" and isinstance(item.value, dict):
        item.kind = "kept"
        role = item.value.get("role", "")
        item.note = _t(f"A user with the role {role}.", f"角色为 {role} 的用户。")
    elif kind == "kept" and isinstance(item.value, str):
        item.kind = "kept"
        item.note = _t("The record's owner.", "记录的负责人。")
    elif kind == "kept":
        item.kind = "kept"
        count = len(item.value or [])
        item.note = _t(
            f"{count} rule(s), kept as they are (first match wins).",
            f"共 {count} 条规则，保持不变（按顺序，先匹配者生效）。",
        )
    elif "enum" in prop or "enum" in (prop.get("items") or {}):
        enum = prop.get("enum") or prop["items"]["enum"]
        names = prop.get("x-enum-labels") or {}
        item.kind = "select" if "enum" in prop else "checks"
        item.choices = [(v, label(names[v]) if v in names else str(v)) for v in enum]
    elif prop.get("type") == "integer":
        item.kind, item.minimum, item.maximum = "int", prop.get("minimum"), prop.get("maximum")
    elif prop.get("type") == "number":
        item.kind, item.minimum, item.maximum = "number", prop.get("minimum"), prop.get("maximum")
    elif prop.get("type") == "boolean":
        item.kind = "bool"
    else:
        item.multiline = kind == "template" or (prop.get("maxLength") or 0) > 200


def _fields(form, which: str | None) -> list:
    out = []
    for spec in form.spec.fields:
        if which == "settable" and spec.computed:
            continue
        if which == "list" and spec.widget.condition_type != "list":
            continue
        if which == "text" and spec.widget.condition_type != "text":
            continue
        out.append((spec.key, label(spec.label)))
    return out


def _options(spec) -> list:
    return [
        (o.get("key"), label(o.get("label") or o.get("key")))
        for o in (spec.config or {}).get("options") or []
        if isinstance(o, dict)
    ]


def _field_value(item: ConfigInput, form, field_key) -> None:
    spec = form.spec.field(field_key) if field_key and form.spec.has_field(field_key) else None
    if spec is None:
        item.note = _t("Choose the field first.", "请先选择字段。")
        return
    options = _options(spec)
    kind = spec.widget.condition_type
    if options:
        item.kind, item.choices = "select", options
    elif kind == "boolean":
        yes_no = [
            (v, words[0] if current_locale() == "en" else words[1]) for v, words in BOOLEAN_CHOICES
        ]
        item.kind, item.choices = "select_json", yes_no
    elif kind == "number":
        item.kind = "number"


def _t(en: str, zh: str) -> str:
    return en if current_locale() == "en" else zh
