"""Pure edits of an app document's layout: sections, forms, the app's look and its menu.

Like :mod:`tessera.builder.editing`, every function returns a new document and never mutates
its input.

Example::

    doc = add_section(doc, form="lead", label={"zh-CN": "备注"})
    doc = set_section_columns(doc, form="lead", section="basic", columns=3)
    doc = add_form(doc, label={"zh-CN": "合同", "en": "Contract"})
"""

from __future__ import annotations

import copy
from typing import Any

from tessera.builder.editing import clean_label, form_of, slug_key, unique_key
from tessera.builder.editing_errors import EditError
from tessera.widgets import label_text

FORM_KEY_MAX = 31


def _section(form_doc: dict, key: str) -> dict:
    for section in form_doc.get("sections", []):
        if section.get("key") == key:
            return section
    raise EditError(f"the form has no section «{key}»", f"表单中没有分组「{key}」")


def _same_keys(order: list[str], keys: list[str], what_en: str, what_zh: str) -> None:
    if sorted(order) != sorted(keys):
        raise EditError(
            f"the new order must list every {what_en} once",
            f"新的顺序必须恰好列出每个{what_zh}一次",
        )


def _slug_from(label: dict, fallback: str, limit: int) -> str:
    return slug_key(
        label_text(label, "en") if label.get("en") else "", fallback=fallback, limit=limit
    )


def add_section(
    doc: dict, *, form: str, label: Any, columns: int = 1, index: int | None = None
) -> dict:
    """A copy of ``doc`` with a new empty section (key made from the label)."""
    new = copy.deepcopy(doc)
    form_doc = form_of(new, form)
    label = clean_label(label)
    sections = form_doc.setdefault("sections", [])
    taken = {s.get("key") for s in sections}
    key = unique_key(_slug_from(label, "section", 40), taken)
    if key == "section":
        key = unique_key(f"section_{len(sections) + 1}", taken)
    section = {"key": key, "label": label, "columns": int(columns), "fields": []}
    position = len(sections) if index is None else max(0, min(int(index), len(sections)))
    sections.insert(position, section)
    return new


def rename_section(doc: dict, *, form: str, section: str, label: Any) -> dict:
    """A copy of ``doc`` with the section's label replaced (its key stays)."""
    new = copy.deepcopy(doc)
    _section(form_of(new, form), section)["label"] = clean_label(label)
    return new


def set_section_columns(doc: dict, *, form: str, section: str, columns: int) -> dict:
    """A copy of ``doc`` with the section laid out in ``columns`` columns (1–4)."""
    new = copy.deepcopy(doc)
    _section(form_of(new, form), section)["columns"] = int(columns)
    return new


def reorder_sections(doc: dict, *, form: str, order: list[str]) -> dict:
    """A copy of ``doc`` with the form's sections in ``order`` (every section key once)."""
    new = copy.deepcopy(doc)
    form_doc = form_of(new, form)
    by_key = {s.get("key"): s for s in form_doc.get("sections", [])}
    _same_keys(order, list(by_key), "section", "分组")
    form_doc["sections"] = [by_key[k] for k in order]
    return new


def remove_section(doc: dict, *, form: str, section: str) -> dict:
    """A copy of ``doc`` without the section; its fields move to the end of the section
    before it (or after it, for the first), so removing a section never removes a field.
    The last section of a form cannot be removed."""
    new = copy.deepcopy(doc)
    sections = form_of(new, form).get("sections", [])
    index = sections.index(_section(form_of(new, form), section))
    if len(sections) == 1:
        raise EditError("a form keeps at least one section", "表单至少保留一个分组")
    removed = sections.pop(index)
    neighbour = sections[index - 1] if index > 0 else sections[0]
    moved = removed.get("fields", [])
    if index > 0:
        neighbour.setdefault("fields", []).extend(moved)
    else:
        neighbour["fields"] = moved + neighbour.get("fields", [])
    return new


def add_form(doc: dict, *, label: Any, key: str | None = None) -> dict:
    """A copy of ``doc`` with a new form (one section with a required «name» field), added
    to the end of the menu."""
    new = copy.deepcopy(doc)
    label = clean_label(label)
    forms = new.setdefault("forms", [])
    taken = {f.get("key") for f in forms}
    if key is None:
        key = unique_key(_slug_from(label, "form", FORM_KEY_MAX), taken, limit=FORM_KEY_MAX)
    elif key in taken:
        raise EditError(f"the app already has a form «{key}»", f"应用中已有表单「{key}」")
    forms.append(
        {
            "key": key,
            "label": label,
            "title_field": "name",
            "sections": [
                {
                    "key": "basic",
                    "label": {"zh-CN": "基本信息", "en": "Basics"},
                    "columns": 2,
                    "fields": [
                        {
                            "key": "name",
                            "type": "text",
                            "label": {"zh-CN": "名称", "en": "Name"},
                            "required": True,
                        }
                    ],
                }
            ],
        }
    )
    if "navigation" in new:
        new["navigation"] = [*new["navigation"], key]
    return new


def rename_form(doc: dict, *, form: str, label: Any) -> dict:
    """A copy of ``doc`` with the form's label replaced (its key stays)."""
    new = copy.deepcopy(doc)
    form_of(new, form)["label"] = clean_label(label)
    return new


def remove_form(doc: dict, *, form: str) -> dict:
    """A copy of ``doc`` without the form (publishing archives its table, keeping records)."""
    new = copy.deepcopy(doc)
    form_of(new, form)
    if len(new["forms"]) == 1:
        raise EditError("an app keeps at least one form", "应用至少保留一个表单")
    new["forms"] = [f for f in new["forms"] if f.get("key") != form]
    if "navigation" in new:
        new["navigation"] = [k for k in new["navigation"] if k != form]
    return new


def reorder_forms(doc: dict, *, order: list[str]) -> dict:
    """A copy of ``doc`` with its forms, and its menu, in ``order`` (every form key once)."""
    new = copy.deepcopy(doc)
    by_key = {f.get("key"): f for f in new.get("forms", [])}
    _same_keys(order, list(by_key), "form", "表单")
    new["forms"] = [by_key[k] for k in order]
    new["navigation"] = list(order)
    return new


def update_app(
    doc: dict, *, label: Any = None, icon: str | None = None, color: str | None = None
) -> dict:
    """A copy of ``doc`` with the app's label, icon or colour set (``None`` keeps one, ``""``
    removes icon or colour)."""
    new = copy.deepcopy(doc)
    if label is not None:
        new["label"] = clean_label(label)
    for prop, value in (("icon", icon), ("color", color)):
        if value == "":
            new.pop(prop, None)
        elif value is not None:
            new[prop] = value.strip()
    return new
