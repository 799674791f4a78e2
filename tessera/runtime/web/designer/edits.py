"""The designer's edits: one small function per edit name, turning the posted form into a
call of a pure :mod:`tessera.builder.editing` function.

Each handler takes ``(doc, form_key, data, *, db, app_key)`` and returns an
:class:`EditResult`; it raises :class:`EditError` for an edit that cannot apply.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from tessera.builder import editing, editing_layout
from tessera.builder import editing_conditions as conditions
from tessera.builder.editing import EditError, find_field, form_of
from tessera.runtime.web.designer import model
from tessera.runtime.web.designer.conditions import posted_rows
from tessera.runtime.web.i18n import current_locale
from tessera.runtime.web.request_input import parse_int
from tessera.widgets import FieldError, WidgetContext, widget_registry

FIELD_EDITS: dict = {}
SMALL = 100_000  # indexes, widths and column counts: anything larger is not a layout


@dataclass
class EditResult:
    """The edited document, the field to show in the panel, and a note for the user."""

    doc: dict
    selected: str | None = None
    message: str | None = None


def edit(name: str):
    """Register a handler under the edit ``name`` used in the URL."""

    def decorate(fn):
        FIELD_EDITS[name] = fn
        return fn

    return decorate


def _label(data, prefix: str) -> dict:
    return {"zh-CN": data.get(f"{prefix}_zh", ""), "en": data.get(f"{prefix}_en", "")}


def _index(data) -> int | None:
    return parse_int(data.get("index", ""), minimum=-SMALL, maximum=SMALL)


@edit("add_field")
def add_field(doc, form_key, data, **_):
    if data.get("type", "") not in widget_registry:
        raise EditError("unknown field type", "未知的字段类型")
    widget = widget_registry.get(data["type"])
    key = editing.new_field_key(doc, form=form_key, label=widget.label, widget_type=widget.type)
    section = data.get("section") or form_of(doc, form_key)["sections"][0]["key"]
    new = editing.add_field(
        doc, form=form_key, section=section, index=_index(data), widget_type=widget.type, key=key
    )
    return EditResult(new, selected=key)


@edit("restore_field")
def restore_field(doc, form_key, data, *, db, app_key):
    key = data.get("key", "")
    found = {r["key"]: r for r in model.restorable_fields(db, app_key, form_of(doc, form_key))}
    if key not in found:
        raise EditError(f"no archived field «{key}»", f"没有已归档的字段「{key}」")
    item = found[key]
    definition = item["field"] or {}
    section = data.get("section") or form_of(doc, form_key)["sections"][0]["key"]
    new = editing.add_field(
        doc,
        form=form_key,
        section=section,
        index=_index(data),
        widget_type=item["type"],
        key=key,
        label=item["label"],
        config=definition.get("config") if definition.get("type") == item["type"] else None,
    )
    return EditResult(new, selected=key)


@edit("move_field")
def move_field(doc, form_key, data, **_):
    key = data.get("key", "")
    section, index, _field = find_field(doc, form=form_key, key=key)
    target, position = data.get("section") or section["key"], _index(data)
    direction = data.get("direction")
    if direction in ("up", "down"):
        sections = form_of(doc, form_key)["sections"]
        s = next(i for i, sec in enumerate(sections) if sec["key"] == section["key"])
        step = -1 if direction == "up" else 1
        if 0 <= index + step < len(section["fields"]):
            position = index + step
        elif 0 <= s + step < len(sections):  # past the edge: into the neighbouring section
            target = sections[s + step]["key"]
            position = len(sections[s + step].get("fields", [])) if step < 0 else 0
        else:
            position = index
    if position is None:
        position = 10_000  # the end of the target section
    new = editing.move_field(doc, form=form_key, key=key, section=target, index=position)
    return EditResult(new, selected=key)


@edit("remove_field")
def remove_field(doc, form_key, data, **_):
    return EditResult(editing.remove_field(doc, form=form_key, key=data.get("key", "")))


def _number(raw: str, step):
    try:
        number = int(raw) if step == 1 else float(raw)
    except ValueError:
        return raw  # kept as typed: validation names the property
    # inf and nan are no JSON numbers (PostgreSQL refuses them in the draft); ints past 64
    # bits cannot be compared in SQL: both are kept as typed, for validation to name.
    if not math.isfinite(number) or abs(number) >= 2**63:
        return raw
    return number


@edit("update_field")
def update_field(doc, form_key, data, **_):
    key = data.get("key", "")
    _section, _index, field = find_field(doc, form=form_key, key=key)
    widget = widget_registry.get(field["type"])
    config = dict(field.get("config") or {})
    fields = {f["key"]: f for s in form_of(doc, form_key)["sections"] for f in s["fields"]}
    changes = {
        "label": _label(data, "label"),
        "help": _label(data, "help"),
        "required": data.get("required") == "on",
        "width": parse_int(data.get("width", ""), maximum=SMALL),
    }
    placeholder = _label(data, "placeholder")
    message = None
    raw_default = data.get("default", "").strip()
    if raw_default:
        ctx = WidgetContext(locale=current_locale())
        try:
            value = widget.normalize(raw_default, config=config, ctx=ctx)
            changes["default"] = widget.to_json(value, config=config, ctx=ctx)
        except (FieldError, ValueError) as exc:
            message = getattr(exc, "message", str(exc))
    else:
        changes["default"] = None
    new = editing.update_field(doc, form=form_key, key=key, changes=changes)
    rules = {r["name"]: r for r in model.rule_inputs(widget)}
    config_changes = {}
    for name, rule in rules.items():
        if f"rule_{name}" in data:
            raw = data.get(f"rule_{name}", "").strip()
            config_changes[name] = (
                _number(raw, rule["step"]) if rule["input"] == "number" and raw else raw
            )
    if "placeholder" in (widget.config_schema.get("properties") or {}):
        config_changes["placeholder"] = editing.clean_label(placeholder) or None
        new = editing.update_field(new, form=form_key, key=key, changes={"placeholder": None})
    else:
        new = editing.update_field(
            new, form=form_key, key=key, changes={"placeholder": placeholder}
        )
    new = editing.update_field_config(new, form=form_key, key=key, changes=config_changes)
    for option in config.get("options") or []:
        prefix = f"option_{option['key']}"
        if f"{prefix}_zh" in data or f"{prefix}_en" in data:
            new = editing.update_option(
                new, form=form_key, key=key, option=option["key"], label=_label(data, prefix)
            )
    new = _visibility(new, form_key, key, data, fields)
    if "role" in data and (data["role"] or None) != model.role_of(new, form_key, key):
        new = editing.set_role(new, form=form_key, key=key, role=data["role"] or None)
    return EditResult(new, selected=key, message=message)


def _visibility(doc, form_key, key, data, fields):
    """The condition rows of the panel: edited, a row added or removed, or a condition the
    rows cannot show replaced. Without rows posted (a read-only condition) it is kept."""
    action = data.get("cond_action", "")
    if action == "replace":
        row = conditions.default_row(doc, form=form_key, key=key)
        return conditions.set_condition(doc, form=form_key, key=key, mode="all", rows=[row])
    if "cond_rows" not in data:
        return doc
    rows = posted_rows(data, fields)
    if action == "add":
        rows.append(conditions.default_row(doc, form=form_key, key=key))
    elif action.startswith("remove:") and parse_int(action[7:], maximum=SMALL) is not None:
        index = parse_int(action[7:], maximum=SMALL)
        rows = [r for i, r in enumerate(rows) if i != index]
    mode = data.get("cond_mode", "all")
    return conditions.set_condition(doc, form=form_key, key=key, mode=mode, rows=rows)


@edit("add_option")
def add_option(doc, form_key, data, **_):
    key = data.get("key", "")
    label = _label(data, "new_option")
    if not editing.clean_label(label):
        raise EditError("give the new option a name", "请填写新选项的名称")
    return EditResult(editing.add_option(doc, form=form_key, key=key, label=label), selected=key)


@edit("remove_option")
def remove_option(doc, form_key, data, **_):
    key = data.get("key", "")
    new = editing.remove_option(doc, form=form_key, key=key, option=data.get("option", ""))
    return EditResult(new, selected=key)


@edit("reorder_options")
def reorder_options(doc, form_key, data, **_):
    key = data.get("key", "")
    _s, _i, field = find_field(doc, form=form_key, key=key)
    order = [o["key"] for o in field.get("config", {}).get("options", [])]
    if data.get("order"):
        order = (
            json.loads(data["order"]) if data["order"].startswith("[") else data.getlist("order")
        )
    elif data.get("option") in order and data.get("direction") in ("up", "down"):
        i = order.index(data["option"])
        j = i - 1 if data["direction"] == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    return EditResult(
        editing.reorder_options(doc, form=form_key, key=key, order=order), selected=key
    )


@edit("add_section")
def add_section(doc, form_key, data, **_):
    label = _label(data, "label")
    if not editing.clean_label(label):
        label = {"zh-CN": "新分组", "en": "New section"}
    columns = parse_int(data.get("columns", ""), maximum=SMALL) or 1
    return EditResult(editing_layout.add_section(doc, form=form_key, label=label, columns=columns))


@edit("update_section")
def update_section(doc, form_key, data, **_):
    section = data.get("section", "")
    new = editing_layout.rename_section(
        doc, form=form_key, section=section, label=_label(data, "label")
    )
    columns = parse_int(data.get("columns", ""), maximum=SMALL)
    if columns is not None:
        new = editing_layout.set_section_columns(
            new, form=form_key, section=section, columns=columns
        )
    return EditResult(new)


@edit("move_section")
def move_section(doc, form_key, data, **_):
    order = [s["key"] for s in form_of(doc, form_key)["sections"]]
    section = data.get("section", "")
    if section in order:
        i = order.index(section)
        j = i - 1 if data.get("direction") == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    return EditResult(editing_layout.reorder_sections(doc, form=form_key, order=order))


@edit("remove_section")
def remove_section(doc, form_key, data, **_):
    return EditResult(
        editing_layout.remove_section(doc, form=form_key, section=data.get("section", ""))
    )
