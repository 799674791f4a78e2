"""What a publish changes: the differences between two app documents, as readable changes.

Example::

    diff = diff_apps(published_doc, draft_doc)
    for line in diff.describe("zh-CN"):
        print(line)  # 表单「线索」：在分组「基本信息」中新增字段「微信」（单行文本）
"""

from __future__ import annotations

from typing import Any

from tessera.builder.changes import (
    AppChanged,
    AppDiff,
    Change,
    FormAdded,
    FormChanged,
    FormRemoved,
    SectionAdded,
    SectionChanged,
    SectionRemoved,
)
from tessera.builder.field_changes import (
    ConfigChanged,
    FieldAdded,
    FieldChanged,
    FieldMoved,
    FieldRemoved,
    FieldTypeChanged,
    OptionAdded,
    OptionChanged,
    OptionRemoved,
    OptionsReordered,
)
from tessera.builder.upgrade import upgrade_app_document
from tessera.widgets import widget_registry

APP_PROPS = ("label", "description", "icon", "color", "navigation")
FORM_PROPS = ("label", "description", "icon", "title_field", "list_fields", "roles")
FIELD_PROPS = {
    "label": None,
    "help": None,
    "placeholder": None,
    "required": False,
    "default": None,
    "width": 1,
    "visible_if": None,
}


def diff_apps(old_doc: dict | None, new_doc: dict) -> AppDiff:
    """The changes from ``old_doc`` (``None`` for a first publish) to ``new_doc``.

    Both are app documents; they are read, not validated, so diff valid documents. Older
    documents are upgraded first, so only what the user changed shows (not the format).
    """
    old_doc, new_doc = upgrade_app_document(old_doc), upgrade_app_document(new_doc)
    changes: list[Change] = []
    if old_doc is not None:
        for prop in APP_PROPS:
            if old_doc.get(prop) != new_doc.get(prop):
                changes.append(AppChanged(prop=prop, old=old_doc.get(prop), new=new_doc.get(prop)))
    old_forms = {f["key"]: f for f in (old_doc or {}).get("forms", [])}
    new_forms = {f["key"]: f for f in new_doc.get("forms", [])}
    for key, form in new_forms.items():
        if key not in old_forms:
            fields = tuple(f["key"] for s in form.get("sections", []) for f in s.get("fields", []))
            changes.append(FormAdded(form=key, label=form.get("label"), fields=fields))
        else:
            changes.extend(_diff_form(old_forms[key], form))
    for key, form in old_forms.items():
        if key not in new_forms:
            changes.append(FormRemoved(form=key, label=form.get("label")))
    return AppDiff(tuple(changes))


def _fields(form: dict) -> dict[str, tuple[dict, dict, int]]:
    """``key → (field, section, 1-based position in its section)`` in document order."""
    return {
        f["key"]: (f, s, i)
        for s in form.get("sections", [])
        for i, f in enumerate(s.get("fields", []), start=1)
    }


def _diff_form(old: dict, new: dict) -> list[Change]:
    ctx = {"form": new["key"], "form_label": new.get("label")}
    changes: list[Change] = [
        FormChanged(**ctx, prop=p, old=old.get(p), new=new.get(p))
        for p in FORM_PROPS
        if old.get(p) != new.get(p)
    ]
    changes.extend(_diff_sections(old, new, ctx))
    old_fields, new_fields = _fields(old), _fields(new)
    for key, (field, section, _) in new_fields.items():
        if key not in old_fields:
            changes.append(
                FieldAdded(
                    **ctx,
                    field=key,
                    label=field.get("label"),
                    type=field.get("type"),
                    section=section["key"],
                    section_label=section.get("label"),
                )
            )
    for key, (field, _, _) in old_fields.items():
        if key not in new_fields:
            changes.append(
                FieldRemoved(**ctx, field=key, label=field.get("label"), type=field.get("type"))
            )
    for key, (field, _, _) in new_fields.items():
        if key in old_fields:
            changes.extend(
                _diff_field(
                    old_fields[key][0], field, {**ctx, "field": key, "label": field.get("label")}
                )
            )
    changes.extend(_moves(old_fields, new_fields, ctx))
    return changes


def _diff_sections(old: dict, new: dict, ctx: dict) -> list[Change]:
    olds = {s["key"]: s for s in old.get("sections", [])}
    news = {s["key"]: s for s in new.get("sections", [])}
    changes: list[Change] = []
    for key, section in news.items():
        label = section.get("label")
        if key not in olds:
            changes.append(SectionAdded(**ctx, section=key, label=label))
            continue
        for prop, default in (("label", None), ("columns", 1)):
            a, b = olds[key].get(prop, default), section.get(prop, default)
            if a != b:
                changes.append(
                    SectionChanged(**ctx, section=key, label=label, prop=prop, old=a, new=b)
                )
    for key, section in olds.items():
        if key not in news:
            changes.append(SectionRemoved(**ctx, section=key, label=section.get("label")))
    kept_old = [k for k in olds if k in news]
    kept_new = [k for k in news if k in olds]
    if kept_old != kept_new:
        changes.append(FormChanged(**ctx, prop="section_order", old=kept_old, new=kept_new))
    return changes


def _diff_field(old: dict, new: dict, ctx: dict) -> list[Change]:
    changes: list[Change] = []
    if old.get("type") != new.get("type"):
        changes.append(
            FieldTypeChanged(
                **ctx,
                old_type=old.get("type"),
                new_type=new.get("type"),
                lossless=_lossless(old, new),
            )
        )
    for prop, default in FIELD_PROPS.items():
        a, b = old.get(prop, default), new.get(prop, default)
        if a != b:
            changes.append(FieldChanged(**ctx, prop=prop, old=a, new=b))
    if old.get("type") != new.get("type"):
        return changes  # a new widget's settings are not comparable with the old one's
    old_config, new_config = old.get("config") or {}, new.get("config") or {}
    changes.extend(_diff_options(old_config.get("options"), new_config.get("options"), ctx))
    for setting in dict.fromkeys([*old_config, *new_config]):
        if setting != "options" and old_config.get(setting) != new_config.get(setting):
            changes.append(
                ConfigChanged(
                    **ctx, setting=setting, old=old_config.get(setting), new=new_config.get(setting)
                )
            )
    return changes


def _lossless(old: dict, new: dict) -> bool:
    """Whether both widgets store values alike (some, like formula, decide by their config)."""
    storages = []
    for field in (old, new):
        if field.get("type") not in widget_registry:
            return False
        widget = widget_registry.get(field["type"])
        storage_for = getattr(widget, "storage_for", None)
        storages.append(storage_for(field.get("config") or {}) if storage_for else widget.storage)
    return storages[0] == storages[1]


def _diff_options(old: Any, new: Any, ctx: dict) -> list[Change]:
    if not isinstance(old, list) and not isinstance(new, list):
        return []
    olds = {o["key"]: o for o in old or []}
    news = {o["key"]: o for o in new or []}
    changes: list[Change] = []
    for key, option in news.items():
        if key not in olds:
            changes.append(OptionAdded(**ctx, option=key, option_label=option.get("label")))
            continue
        for prop in dict.fromkeys([*olds[key], *option]):
            if prop != "key" and olds[key].get(prop) != option.get(prop):
                changes.append(
                    OptionChanged(
                        **ctx, option=key, prop=prop, old=olds[key].get(prop), new=option.get(prop)
                    )
                )
    for key, option in olds.items():
        if key not in news:
            changes.append(OptionRemoved(**ctx, option=key, option_label=option.get("label")))
    kept_old = tuple(k for k in olds if k in news)
    kept_new = tuple(k for k in news if k in olds)
    if kept_old != kept_new:
        changes.append(OptionsReordered(**ctx, old_order=kept_old, new_order=kept_new))
    return changes


def _moves(old_fields: dict, new_fields: dict, ctx: dict) -> list[Change]:
    """Fields that changed section, or whose order among the fields that stayed changed.

    Within a section, the fields in a longest run that kept its relative order stay put;
    only the others count as moved, so inserting one field does not «move» all after it.
    """
    common = [k for k in new_fields if k in old_fields]
    stayed: dict[str, list[str]] = {}
    moved: list[str] = []
    for key in common:
        old_section, new_section = old_fields[key][1]["key"], new_fields[key][1]["key"]
        if old_section != new_section:
            moved.append(key)
        else:
            stayed.setdefault(new_section, []).append(key)
    for keys in stayed.values():
        in_order = _longest_ordered_run(keys, [old_fields[k][2] for k in keys])
        moved.extend(k for k in keys if k not in in_order)
    changes: list[Change] = []
    for key in (k for k in common if k in moved):
        (_, old_s, old_p), (field, new_s, new_p) = old_fields[key], new_fields[key]
        changes.append(
            FieldMoved(
                **ctx,
                field=key,
                label=field.get("label"),
                old_section=old_s["key"],
                new_section=new_s["key"],
                old_position=old_p,
                new_position=new_p,
                old_section_label=old_s.get("label"),
                new_section_label=new_s.get("label"),
            )
        )
    return changes


def _longest_ordered_run(keys: list[str], old_positions: list[int]) -> set[str]:
    """The keys of a longest subsequence whose old positions increase (O(n²); n is small)."""
    n = len(keys)
    best, prev = [1] * n, [-1] * n
    for i in range(n):
        for j in range(i):
            if old_positions[j] < old_positions[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=best.__getitem__) if n else -1
    run: set[str] = set()
    while i != -1:
        run.add(keys[i])
        i = prev[i]
    return run
