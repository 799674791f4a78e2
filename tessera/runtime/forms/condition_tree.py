"""A condition as the visual builder shows it (a tree of groups and rows), and back; and
where in that tree a checker's error is, in words («条件 2 › 字段 公司规模»).

Nodes (plain JSON, read by ``static/js/condition_builder.js``)::

    {"kind": "group", "mode": "all"|"any", "not": bool, "items": [node, …]}
    {"kind": "row", "field": "company_size" | "campaign.region", "op": "gt", "value": 500}
    {"kind": "fixed", "condition": {…}, "text": "…", "note": "…"}

A ``fixed`` node is a part the builder cannot show as a row — a behaviour-event condition,
a comparison of two fields, a field or operator the form no longer offers, a link condition
that is not one comparison, or nesting past the language's limit. It is shown read-only, in
words, with a note, and saved back exactly as it was. :func:`condition_of` is the builder's
saving rule (the script applies the same one): a tree always saves back to a condition of
the same meaning as the one it was loaded from.

Example::

    tree = condition_tree({"field": "company_size", "op": "gt", "value": 500}, catalog)
    condition_of(tree)  # {"field": "company_size", "op": "gt", "value": 500}
"""

from __future__ import annotations

import json
from typing import Any

from tessera.conditions.compiler import MAX_DEPTH
from tessera.runtime.forms.condition_builder import LINK_SEPARATOR, BuilderCatalog
from tessera.widgets.base import tr

ROW_KEYS = frozenset({"field", "op", "value"})


def _is_row_shape(cond: Any) -> bool:
    return (
        isinstance(cond, dict)
        and "field" in cond
        and "op" in cond
        and set(cond) <= ROW_KEYS
        and isinstance(cond["field"], str)
        and isinstance(cond["op"], str)
    )


def _group_mode(cond: Any) -> str | None:
    if isinstance(cond, dict) and len(cond) == 1:
        mode = next(iter(cond))
        if mode in ("all", "any") and isinstance(cond[mode], list) and cond[mode]:
            return mode
    return None


def condition_tree(condition: Any, catalog: BuilderCatalog) -> dict:
    """The builder's tree of ``condition`` (always a group at the top).

    Example::

        condition_tree(None, catalog)  # {"kind": "group", "mode": "all", "not": False, "items": []}
    """
    node = _node(condition, catalog, "", 0)
    if node["kind"] == "group":
        return node
    return {"kind": "group", "mode": "all", "not": False, "items": [node], "src": ""}


def _node(cond: Any, catalog: BuilderCatalog, src: str, depth: int) -> dict:
    if cond is None and depth == 0:
        return {"kind": "group", "mode": "all", "not": False, "items": [], "src": src}
    if depth > MAX_DEPTH:
        return _fixed(cond, catalog, src, "deep")
    mode = _group_mode(cond)
    if mode is not None:
        items = [
            _node(c, catalog, f"{src}/{mode}/{i}", depth + 1) for i, c in enumerate(cond[mode])
        ]
        return {"kind": "group", "mode": mode, "not": False, "items": items, "src": src}
    if isinstance(cond, dict) and set(cond) == {"not"}:
        inner = cond["not"]
        inner_mode = _group_mode(inner)
        if inner_mode is not None:
            group = _node(inner, catalog, f"{src}/not", depth + 1)
            return {**group, "not": True, "src": src}
        item = _node(inner, catalog, f"{src}/not", depth + 1)
        return {"kind": "group", "mode": "all", "not": True, "items": [item], "src": src}
    if _is_row_shape(cond):
        return _row(cond, catalog, src)
    if isinstance(cond, dict) and "event" in cond:
        return _fixed(cond, catalog, src, "event")
    return _fixed(cond, catalog, src, "shape")


def _row(cond: dict, catalog: BuilderCatalog, src: str) -> dict:
    key, op, value = cond["field"], cond["op"], cond.get("value")
    target = catalog.field(key)
    if target is not None and isinstance(value, dict) and set(value) == {"field"}:
        return _fixed(cond, catalog, src, "two_fields")
    if target is not None and target.op(op) is not None:
        return _row_node(key, op, cond, src)
    if op == "matches" and _is_row_shape(value) and not isinstance(value.get("value"), dict):
        linked = catalog.field(f"{key}{LINK_SEPARATOR}{value['field']}")
        if linked is not None and linked.op(value["op"]) is not None:
            return _row_node(linked.key, value["op"], value, src)
    if target is None:
        return _fixed(cond, catalog, src, "unknown_field")
    if op == "matches" and isinstance(value, dict):
        return _fixed(cond, catalog, src, "linked")
    return _fixed(cond, catalog, src, "unknown_op")


def _row_node(key: str, op: str, cond: dict, src: str) -> dict:
    node = {"kind": "row", "field": key, "op": op, "src": src}
    if "value" in cond:
        node["value"] = cond["value"]
    return node


NOTES = {
    "deep": ("嵌套过深，只能整体保留或删除。", "Nested too deep to show; keep or remove it."),
    "event": (
        "行为事件条件无法在此编辑，请在事件规则中设置。",
        "A behaviour-event condition cannot be edited here; use an event rule.",
    ),
    "two_fields": (
        "比较两个字段的条件无法在此编辑。",
        "A comparison of two fields cannot be edited here.",
    ),
    "unknown_field": (
        "引用的字段已不在此表单中，请删除此条件或重新添加。",
        "The field is no longer on this form; remove this condition or add it again.",
    ),
    "unknown_op": (
        "此字段不支持该比较方式，请删除此条件或重新添加。",
        "This field does not take this comparison; remove this condition or add it again.",
    ),
    "linked": (
        "对关联记录的组合条件无法在此编辑。",
        "A combined condition on the linked record cannot be edited here.",
    ),
    "shape": ("无法显示此条件。", "This condition cannot be shown."),
}


def _fixed(cond: Any, catalog: BuilderCatalog, src: str, why: str) -> dict:
    zh, en = NOTES[why]
    return {
        "kind": "fixed",
        "condition": cond,
        "text": describe(cond, catalog),
        "note": tr(catalog.locale, zh, en),
        "src": src,
    }


def describe(cond: Any, catalog: BuilderCatalog, limit: int = 200) -> str:
    """A read-only condition in words, as far as it can be put in words (labels, not keys).

    Example::

        describe({"event": {"type": "page_view"}, "at_least": 2}, catalog)
        # "事件 page_view 至少 2 次"
    """
    locale = catalog.locale
    if isinstance(cond, dict) and "event" in cond and isinstance(cond["event"], dict):
        times = cond.get("at_least", 1)
        kind = cond["event"].get("type")
        return tr(locale, f"事件 {kind} 至少 {times} 次", f"event {kind} at least {times} times")
    if _is_row_shape(cond):
        target = catalog.field(cond["field"])
        left = target.label if target else cond["field"]
        op = target.op(cond["op"]) if target else None
        value = cond.get("value")
        if isinstance(value, dict) and set(value) == {"field"}:
            other = catalog.field(str(value["field"]))
            right = other.label if other else str(value["field"])
            value_text = tr(locale, f"字段「{right}」", f"field «{right}»")
        else:
            value_text = _text(value)
        return f"{left} {op.label if op else cond['op']} {value_text}".strip()[:limit]
    return _text(cond)[:limit]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)[:200]


def condition_of(tree: dict) -> Any:
    """The condition a builder tree saves as (``static/js/condition_builder.js`` applies the
    same rule): an empty group is no condition; the top group of one item is that item; a
    negated group of one item is ``{"not": item}``; a link field's row is ``matches``.

    Example::

        condition_of({"kind": "group", "mode": "any", "not": False, "items": []})  # None
    """
    return _save(tree, top=True)


def _save(node: dict, *, top: bool = False) -> Any:
    if node["kind"] == "fixed":
        return node["condition"]
    if node["kind"] == "row":
        return _save_row(node)
    items = [c for c in (_save(i) for i in node["items"]) if c is not None]
    if not items:
        return None
    if node["not"]:
        return {"not": items[0] if len(items) == 1 else {node["mode"]: items}}
    if top and len(items) == 1:
        return items[0]
    return {node["mode"]: items}


def _save_row(node: dict) -> dict:
    row = {"field": node["field"], "op": node["op"]}
    if "value" in node:
        row["value"] = node["value"]
    if LINK_SEPARATOR in node["field"]:
        link, sub = node["field"].split(LINK_SEPARATOR, 1)
        return {"field": link, "op": "matches", "value": {**row, "field": sub}}
    return row


def place_of(tree: dict, path: str, catalog: BuilderCatalog) -> str:
    """Where ``path`` (a JSON pointer into the condition ``tree`` was loaded from) is, in the
    words the builder shows: «条件 2.1 › 字段 公司规模» / «Condition 2.1 › field Company size».

    Example::

        place_of(tree, "/all/1/value", catalog)  # "条件 2 › 字段 公司规模"
    """
    locale = catalog.locale
    number, node = _deepest(tree, path, "")
    if node is None or not number:
        return tr(locale, "条件", "Condition")
    if node["kind"] == "group":
        return tr(locale, f"条件组 {number}", f"Group {number}")
    place = tr(locale, f"条件 {number}", f"Condition {number}")
    if node["kind"] == "row":
        target = catalog.field(node["field"])
        label = target.label if target else node["field"]
        place += tr(locale, f" › 字段 {label}", f" › field {label}")
    return place


def _deepest(node: dict, path: str, number: str) -> tuple[str, dict | None]:
    """``(number, node)`` of the deepest node whose source holds ``path``."""
    if node["kind"] == "group":
        for i, item in enumerate(node["items"], start=1):
            src = item.get("src", "")
            if path == src or path.startswith(src + "/"):
                return _deepest(item, path, f"{number}.{i}" if number else str(i))
    return number, node


def words(cond: Any, catalog: BuilderCatalog, *, nested: bool = False) -> str:
    """A whole condition in words for a reader (groups, «not», values by their labels):
    «负责人 不为空 且 阶段 等于 新线索» / «Owner is filled in and Stage equals New».

    Example::

        words({"all": [{"field": "owner", "op": "is_not_empty"}]}, catalog)  # "负责人 不为空"
    """
    locale = catalog.locale
    mode = _group_mode(cond) if isinstance(cond, dict) else None
    if mode in ("all", "any"):
        parts = [words(c, catalog, nested=True) for c in cond[mode]]
        joiner = tr(locale, " 且 ", " and ") if mode == "all" else tr(locale, " 或 ", " or ")
        text = joiner.join(p for p in parts if p)
        if not nested or len(parts) == 1:
            return text
        return tr(locale, f"（{text}）", f"({text})")
    if isinstance(cond, dict) and set(cond) == {"not"}:
        inner = words(cond["not"], catalog, nested=True)
        return tr(locale, f"并非 {inner}", f"not {inner}")
    if _is_row_shape(cond):
        target = catalog.field(cond["field"])
        value = cond.get("value")
        labels = {o["value"]: o["label"] for o in (target.options if target else ())}
        if labels and isinstance(value, list):
            shown = tr(locale, "、", ", ").join(str(labels.get(v, v)) for v in value)
            return describe({**cond, "value": shown}, catalog)
        if labels and value in labels:
            return describe({**cond, "value": labels[value]}, catalog)
    return describe(cond, catalog)
