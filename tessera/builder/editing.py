"""Pure edits of an app document's fields, as the form designer makes them.

Every function takes a document and returns a *new* one (the input is never mutated), so the
designer can apply an edit to the loaded draft and save the result with the revision it was
loaded at. Edits keep the document's shape; whether the result is *valid* (a label missing,
a rule out of range) is :func:`~tessera.builder.validate_app_document`'s job, so the designer
can save an incomplete draft and show each problem beside the property it concerns.

Example::

    key = new_field_key(doc, form="lead", label={"en": "Mobile phone"}, widget_type="phone")
    doc = add_field(doc, form="lead", section="basic", index=2, widget_type="phone", key=key)
    doc = update_field(doc, form="lead", key=key, changes={"required": True})
"""

from __future__ import annotations

import copy
import re
from typing import Any

from tessera.builder.checks import RESERVED_FIELD_KEYS
from tessera.builder.editing_errors import EditError
from tessera.builder.roles import role_registry
from tessera.builder.upgrade import upgrade_app_document
from tessera.widgets import label_text, widget_registry

FIELD_PROPS = ("label", "help", "placeholder", "required", "default", "width", "visible_if")
KEY_MAX = 40

__all__ = [
    "EditError",
    "add_field",
    "add_option",
    "clean_label",
    "find_field",
    "form_of",
    "move_field",
    "new_field_key",
    "remove_field",
    "remove_option",
    "reorder_options",
    "slug_key",
    "update_field",
    "update_field_config",
    "update_option",
]


def clean_label(label: Any) -> dict:
    """A bilingual label without blank languages (``"手机"`` → ``{"zh-CN": "手机"}``)."""
    if not isinstance(label, dict):
        label = {"zh-CN": "" if label is None else str(label)}
    return {k: v.strip() for k, v in label.items() if k in ("zh-CN", "en") and str(v).strip()}


def slug_key(text: str, *, fallback: str, limit: int = KEY_MAX) -> str:
    """A key (lower-case letters, digits, ``_``, starting with a letter) made from ``text``.

    Example::

        slug_key("Mobile phone", fallback="phone")  # "mobile_phone"
        slug_key("手机", fallback="phone")           # "phone"
    """
    slug = re.sub(r"[^a-z0-9]+", "_", (text or "").lower()).strip("_")
    slug = re.sub(r"^[0-9_]+", "", slug)
    return (slug or fallback)[:limit].rstrip("_") or fallback


def unique_key(base: str, taken: set[str], *, limit: int = KEY_MAX) -> str:
    """``base``, or ``base_2``, ``base_3`` … whichever is not in ``taken``."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"_{n}"
        candidate = base[: limit - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


def form_of(doc: dict, form: str) -> dict:
    """The form called ``form`` inside ``doc`` (the same object, for reading)."""
    for candidate in doc.get("forms", []):
        if candidate.get("key") == form:
            return candidate
    raise EditError(f"the app has no form «{form}»", f"应用中没有表单「{form}」")


def find_field(doc: dict, *, form: str, key: str) -> tuple[dict, int, dict]:
    """``(section, index, field)`` of field ``key`` in ``form`` (objects inside ``doc``)."""
    for section in form_of(doc, form).get("sections", []):
        for i, field in enumerate(section.get("fields", [])):
            if field.get("key") == key:
                return section, i, field
    raise EditError(f"the form has no field «{key}»", f"表单中没有字段「{key}」")


def _section(form_doc: dict, key: str) -> dict:
    for section in form_doc.get("sections", []):
        if section.get("key") == key:
            return section
    raise EditError(f"the form has no section «{key}»", f"表单中没有分组「{key}」")


def _field_keys(form_doc: dict) -> set[str]:
    return {f.get("key") for s in form_doc.get("sections", []) for f in s.get("fields", [])}


def new_field_key(doc: dict, *, form: str, label: Any, widget_type: str) -> str:
    """A valid key for a new field, made from its English label (or its widget type), not
    used by another field of the form and not reserved (``id``, ``created_at`` …)."""
    text = label_text(label, "en") if isinstance(label, dict) else str(label or "")
    if isinstance(label, dict) and not label.get("en"):
        text = ""  # a Chinese label makes no ASCII key; the widget type reads better
    base = slug_key(text, fallback=slug_key(widget_type, fallback="field"))
    return unique_key(base, _field_keys(form_of(doc, form)) | set(RESERVED_FIELD_KEYS))


def _insert_at(items: list, index: int | None, item) -> None:
    position = len(items) if index is None else max(0, min(int(index), len(items)))
    items.insert(position, item)


def add_field(
    doc: dict,
    *,
    form: str,
    section: str,
    widget_type: str,
    key: str,
    index: int | None = None,
    label: Any = None,
    config: dict | None = None,
) -> dict:
    """A copy of ``doc`` with a new ``widget_type`` field at ``index`` of ``section``.

    The label defaults to the widget's palette name, the config to its ``default_config()``.
    """
    widget = widget_registry.get(widget_type)
    new = copy.deepcopy(doc)
    form_doc = form_of(new, form)
    if key in _field_keys(form_doc):
        raise EditError(f"the form already has a field «{key}»", f"表单中已有字段「{key}」")
    field = {
        "key": key,
        "type": widget_type,
        "label": clean_label(label) or copy.deepcopy(dict(widget.label)),
    }
    chosen = widget.default_config() if config is None else config
    if chosen:
        field["config"] = copy.deepcopy(chosen)
    _insert_at(_section(form_doc, section).setdefault("fields", []), index, field)
    return new


def move_field(doc: dict, *, form: str, key: str, section: str, index: int) -> dict:
    """A copy of ``doc`` with field ``key`` at ``index`` of ``section`` (same or another)."""
    new = copy.deepcopy(doc)
    old_section, old_index, field = find_field(new, form=form, key=key)
    target = _section(form_of(new, form), section)
    del old_section["fields"][old_index]
    _insert_at(target.setdefault("fields", []), index, field)
    return new


def remove_field(doc: dict, *, form: str, key: str) -> dict:
    """A copy of ``doc`` without field ``key`` (nor its mentions as title, list column or
    field role).

    Publishing it archives the column; adding a field with the same key restores the values.
    """
    new = copy.deepcopy(doc)
    section, index, _field = find_field(new, form=form, key=key)
    del section["fields"][index]
    form_doc = form_of(new, form)
    if form_doc.get("title_field") == key:
        form_doc.pop("title_field")
    if key in form_doc.get("list_fields", []):
        form_doc["list_fields"] = [k for k in form_doc["list_fields"] if k != key]
    roles = form_doc.get("roles")
    if isinstance(roles, dict) and key in roles.values():
        form_doc["roles"] = {role: k for role, k in roles.items() if k != key}
    return new


def set_role(doc: dict, *, form: str, key: str, role: str | None) -> dict:
    """A copy of ``doc`` in the current format where field ``key`` plays ``role`` (a key of
    ``role_registry``; ``None``: none) and no other role; whichever field played ``role``
    before stops. An older document is upgraded first, so the roles its fixed keys gave stay.

    Example::

        doc = set_role(doc, form="lead", key="rep", role="owner")
    """
    if role is not None and role not in role_registry:
        raise EditError(f"unknown role: {role}", f"未知的字段角色：{role}")
    new = upgrade_app_document(copy.deepcopy(doc))
    form_doc = form_of(new, form)
    roles = {r: k for r, k in (form_doc.get("roles") or {}).items() if k != key and r != role}
    if role is not None:
        roles[role] = key
    if roles:
        form_doc["roles"] = roles
    else:
        form_doc.pop("roles", None)
    return new


def update_field(doc: dict, *, form: str, key: str, changes: dict) -> dict:
    """A copy of ``doc`` with field properties set (``label``, ``help``, ``placeholder``,
    ``required``, ``default``, ``width``, ``visible_if``); ``None`` or ``""`` removes one."""
    unknown = set(changes) - set(FIELD_PROPS)
    if unknown:
        name = ", ".join(sorted(unknown))
        raise EditError(f"unknown field property: {name}", f"未知的字段属性：{name}")
    new = copy.deepcopy(doc)
    _section, _index, field = find_field(new, form=form, key=key)
    for prop, value in changes.items():
        if prop in ("label", "help", "placeholder"):
            value = clean_label(value)
            if prop == "label":
                field["label"] = value  # an empty label stays, for validation to name it
                continue
        if prop == "required":
            value = bool(value) or None
        if value is None or value == "" or value == {}:
            field.pop(prop, None)
        else:
            field[prop] = copy.deepcopy(value)
    return new


def update_field_config(doc: dict, *, form: str, key: str, changes: dict) -> dict:
    """A copy of ``doc`` with members of the field's widget ``config`` set (``None`` or
    ``""`` removes one), e.g. ``{"max_length": 50, "pattern": None}``."""
    new = copy.deepcopy(doc)
    _section, _index, field = find_field(new, form=form, key=key)
    config = field.setdefault("config", {})
    for name, value in changes.items():
        if value is None or value == "":
            config.pop(name, None)
        else:
            config[name] = copy.deepcopy(value)
    if not config:
        field.pop("config")
    return new


def _options(doc: dict, form: str, key: str) -> list:
    _section, _index, field = find_field(doc, form=form, key=key)
    options = field.get("config", {}).get("options")
    if options is None:
        raise EditError(f"field «{key}» has no options", f"字段「{key}」没有选项")
    return options


def add_option(doc: dict, *, form: str, key: str, label: Any) -> dict:
    """A copy of ``doc`` with a new last option (key made from the label) on a choice field."""
    new = copy.deepcopy(doc)
    options = _options(new, form, key)
    label = clean_label(label)
    taken = {o.get("key") for o in options}
    base = slug_key(label_text(label, "en") if label.get("en") else "", fallback="option")
    option_key = unique_key(base, taken, limit=60)
    if base == "option" and option_key == "option":
        option_key = unique_key(f"option_{len(options) + 1}", taken, limit=60)
    options.append({"key": option_key, "label": label})
    return new


def update_option(doc: dict, *, form: str, key: str, option: str, label: Any) -> dict:
    """A copy of ``doc`` with option ``option`` relabelled (its key never changes: stored
    values refer to it)."""
    new = copy.deepcopy(doc)
    for candidate in _options(new, form, key):
        if candidate.get("key") == option:
            candidate["label"] = clean_label(label)
            return new
    raise EditError(f"field «{key}» has no option «{option}»", f"字段「{key}」没有选项「{option}」")


def remove_option(doc: dict, *, form: str, key: str, option: str) -> dict:
    """A copy of ``doc`` without option ``option`` of a choice field."""
    new = copy.deepcopy(doc)
    options = _options(new, form, key)
    kept = [o for o in options if o.get("key") != option]
    if len(kept) == len(options):
        raise EditError(
            f"field «{key}» has no option «{option}»", f"字段「{key}」没有选项「{option}」"
        )
    options[:] = kept
    return new


def reorder_options(doc: dict, *, form: str, key: str, order: list[str]) -> dict:
    """A copy of ``doc`` with the field's options in ``order`` (a permutation of their keys)."""
    new = copy.deepcopy(doc)
    options = _options(new, form, key)
    by_key = {o.get("key"): o for o in options}
    if sorted(order) != sorted(by_key):
        raise EditError(
            "the new order must list every option once", "新的顺序必须恰好列出每个选项一次"
        )
    options[:] = [by_key[k] for k in order]
    return new
