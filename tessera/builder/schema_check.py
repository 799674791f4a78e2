"""The JSON Schemas of design documents, and their errors turned into plain sentences."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from tessera.builder.errors import DocumentError, pointer

SCHEMA_NAMES = ("app", "form", "condition", "scoring", "flow", "email", "view")

TYPE_WORDS = {
    "string": ("a text", "文本"),
    "integer": ("a whole number", "整数"),
    "number": ("a number", "数字"),
    "boolean": ("true or false", "true 或 false"),
    "array": ("a list", "列表"),
    "object": ("an object {…}", "对象 {…}"),
    "null": ("null", "null"),
}


@cache
def load_schema(name: str) -> dict:
    """The parsed ``schemas/<name>.schema.json`` (``app``, ``form`` or ``condition``)."""
    text = files("tessera.builder").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def schema_registry() -> Registry:
    """A ``referencing`` registry holding every builder schema under its ``$id``."""
    resources = [Resource.from_contents(load_schema(name)) for name in SCHEMA_NAMES]
    return Registry().with_resources((r.id(), r) for r in resources)


@cache
def document_validator(name: str) -> Draft202012Validator:
    """A validator for one document kind; ``$ref`` between the schemas resolve."""
    return Draft202012Validator(load_schema(name), registry=schema_registry())


def schema_errors(
    instance: Any, validator: Draft202012Validator, base: str = ""
) -> list[DocumentError]:
    """Every schema violation of ``instance``, with paths prefixed by ``base``, in path order."""
    raw = sorted(validator.iter_errors(instance), key=lambda e: _sort_key(e.absolute_path))
    out: list[DocumentError] = []
    for error in raw:
        out.extend(translate(error, base))
    return out


def beside_schema_errors(check, document: Any, *, schema_failed: bool) -> list[DocumentError]:
    """``check(document)``: the checks a schema cannot express, run beside its errors so the
    designer shows every problem at once.

    Those checks read members in the shapes the schema promises. When the schema has already
    refused the document, a member of another shape (a dict where a key belongs, a string
    where a number does) may trip them; what they would add is then noise beside errors that
    already name the member, so they give nothing instead of failing the whole request. On a
    document the schema accepts, a failing check is a bug and is raised.
    """
    try:
        return check(document)
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        if not schema_failed:
            raise
        return []


def _sort_key(path) -> tuple:
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)


def path_order(error: DocumentError) -> tuple:
    """Sort key putting errors in document order (``/fields/2`` before ``/fields/10``)."""
    parts = error.path.split("/")[1:]
    # An index is ASCII digits; a member name may be "²" (isdigit, but no int) or 5,000 digits.
    return _sort_key(int(p) if p.isascii() and p.isdigit() and len(p) < 19 else p for p in parts)


def translate(error: ValidationError, base: str = "") -> list[DocumentError]:
    """One jsonschema error as :class:`DocumentError` s a business user can read."""
    path = base + pointer(*error.absolute_path)
    kind = str(error.validator)
    value = error.instance
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extras = sorted(k for k in value if k not in known)
        allowed = ", ".join(sorted(known)) or "—"
        return [
            DocumentError(
                path + pointer(extra),
                f"«{extra}» is not a known setting here. Allowed: {allowed}.",
                f"「{extra}」不是此处可用的设置项。可用项：{allowed}。",
                code="unknown_property",
            )
            for extra in extras
        ]
    custom = _custom_message(error.schema, kind)
    if custom and kind != "required":
        return [DocumentError(path, custom["en"], custom.get("zh-CN", custom["en"]), code=kind)]
    en, zh = _generic_message(kind, error)
    return [DocumentError(path, en, zh, code=kind)]


def _custom_message(schema: Any, kind: str) -> dict | None:
    """The schema's own wording: ``x-message`` is either {en, zh-CN} or keyed by validator."""
    custom = schema.get("x-message") if isinstance(schema, dict) else None
    if not isinstance(custom, dict):
        return None
    return custom if "en" in custom else custom.get(kind)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def _generic_message(kind: str, error: ValidationError) -> tuple[str, str]:
    value, rule = error.instance, error.validator_value
    if kind == "required":
        missing = next((k for k in rule if k not in value), rule[0])
        return (f"«{missing}» is required but missing.", f"缺少必填项「{missing}」。")
    if kind == "type":
        types = rule if isinstance(rule, list) else [rule]
        en = " or ".join(TYPE_WORDS.get(t, (t, t))[0] for t in types)
        zh = "或".join(TYPE_WORDS.get(t, (t, t))[1] for t in types)
        return (
            f"This should be {en}, not «{_show(value)}».",
            f"此处应为{zh}，而不是「{_show(value)}」。",
        )
    if kind == "pattern":
        return (
            f"«{_show(value)}» is not in the expected format.",
            f"「{_show(value)}」的格式不正确。",
        )
    if kind == "const":
        return (f"This must be {_show(rule)}.", f"此处必须为 {_show(rule)}。")
    if kind == "enum":
        choices = ", ".join(_show(v) for v in rule)
        return (
            f"«{_show(value)}» is not one of: {choices}.",
            f"「{_show(value)}」不在可选值中：{choices}。",
        )
    if kind in ("minimum", "exclusiveMinimum"):
        return (f"This must be at least {rule}.", f"此处不能小于 {rule}。")
    if kind in ("maximum", "exclusiveMaximum"):
        return (f"This must be at most {rule}.", f"此处不能大于 {rule}。")
    if kind == "minItems":
        return (f"This list needs at least {rule} item(s).", f"此列表至少需要 {rule} 项。")
    if kind == "maxItems":
        return (f"This list can hold at most {rule} item(s).", f"此列表最多 {rule} 项。")
    if kind == "minLength":
        return (f"This text needs at least {rule} character(s).", f"此文本至少需要 {rule} 个字符。")
    if kind == "maxLength":
        return (f"This text can have at most {rule} characters.", f"此文本最多 {rule} 个字符。")
    if kind == "uniqueItems":
        return ("This list has the same entry twice.", "此列表中有重复的项。")
    if kind == "minProperties":
        return ("This must not be empty.", "此处不能为空。")
    if kind == "not" and isinstance(rule, dict) and list(rule) == ["required"]:
        names = ", ".join(f"«{n}»" for n in rule["required"])
        names_zh = "、".join(f"「{n}」" for n in rule["required"])
        return (f"{names} cannot be set here.", f"此处不能设置{names_zh}。")
    if kind in ("anyOf", "oneOf"):
        return (
            "This does not match any of the allowed shapes.",
            "此处的内容不符合任何允许的格式。",
        )
    return (error.message, f"内容不符合要求：{error.message}")
