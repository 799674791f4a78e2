"""Scoring models (``app["scoring"][form_key]``): the checks their JSON Schema cannot make.

A scoring model must point at fields that exist, use operators the fields' widgets offer,
keep rule keys unique and list grade bands from the highest minimum down. Each problem is a
:class:`DocumentError` with a JSON pointer, so the rule designer shows it beside its rule.
The runtime compiles the conditions fully (operand types) at publish and preview time.
"""

from __future__ import annotations

from typing import Any

from tessera.builder.errors import DocumentError, pointer
from tessera.builder.pattern_check import check_matches_operand
from tessera.builder.references import condition_leaves
from tessera.builder.schema_check import beside_schema_errors, document_validator, schema_errors
from tessera.conditions.operators import operators_for
from tessera.widgets import widget_registry


def _fields(form: dict) -> dict[str, dict]:
    out = {}
    for section in form.get("sections") or []:
        for field in section.get("fields") or [] if isinstance(section, dict) else []:
            if isinstance(field, dict) and isinstance(field.get("key"), str):
                out[field["key"]] = field
    return out


def scoring_errors(doc: Any) -> list[DocumentError]:
    """Every cross-reference problem of the scoring models in an app document.

    Example::

        scoring_errors(load_template("leads"))  # []
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("scoring"), dict):
        return []
    forms = {f.get("key"): f for f in doc.get("forms") or [] if isinstance(f, dict)}
    out: list[DocumentError] = []
    for form_key, model in doc["scoring"].items():
        base = pointer("scoring", form_key)
        if form_key not in forms:
            out.append(
                DocumentError(
                    base,
                    f"Scoring refers to «{form_key}», which is not a form of this app.",
                    f"评分模型引用的「{form_key}」不是本应用的表单。",
                    code="unknown_form",
                )
            )
            continue
        if isinstance(model, dict):
            out.extend(model_errors(model, _fields(forms[form_key]), base))
    return out


def validate_scoring_model(model: Any, form: dict, base: str = "") -> list[DocumentError]:
    """Schema and reference problems of one scoring model for the raw form document ``form``.

    Example::

        validate_scoring_model(doc["scoring"]["lead"], doc["forms"][0])  # []
    """
    errors = schema_errors(model, document_validator("scoring"), base)
    if isinstance(model, dict):
        errors += beside_schema_errors(
            lambda m: model_errors(m, _fields(form), base), model, schema_failed=bool(errors)
        )
    return errors


def model_errors(model: dict, fields: dict[str, dict], base: str) -> list[DocumentError]:
    """Reference checks of one model against the form's fields ``{key: field document}``."""
    out: list[DocumentError] = []
    _check_target(model.get("score_field", "score"), ("score",), fields, f"{base}/score_field", out)
    grade_field = model.get("grade_field", "grade")
    _check_target(grade_field, None, fields, f"{base}/grade_field", out)
    options = {
        o.get("key") for o in (fields.get(grade_field, {}).get("config") or {}).get("options", [])
    }
    seen: set[str] = set()
    for i, rule in enumerate(model.get("rules") or []):
        if not isinstance(rule, dict):
            continue
        path = f"{base}/rules/{i}"
        if rule.get("key") in seen:
            out.append(
                _err(
                    f"{path}/key",
                    "Two rules use the key «{0}».",
                    "有两条规则使用了标识「{0}」。",
                    rule["key"],
                    "duplicate_key",
                )
            )
        seen.add(rule.get("key"))
        for leaf_path, leaf in condition_leaves(rule.get("when"), f"{path}/when"):
            _check_leaf(leaf_path, leaf, fields, out)
    mins = []
    for i, band in enumerate(model.get("grades") or []):
        if not isinstance(band, dict):
            continue
        if options and band.get("grade") not in options:
            out.append(
                _err(
                    f"{base}/grades/{i}/grade",
                    "«{0}» is not an option of the grade field.",
                    "「{0}」不是等级字段的选项。",
                    band.get("grade"),
                    "unknown_option",
                )
            )
        mins.append((i, band.get("min")))
    for (i, low), (_, high) in zip(mins[1:], mins, strict=False):
        if low is not None and high is not None and low >= high:
            out.append(
                _err(
                    f"{base}/grades/{i}/min",
                    "Grade bands go from the highest minimum down; {0} is not below the band above.",
                    "等级区间须按最低分从高到低排列；{0} 不低于上一个区间。",
                    low,
                    "order",
                )
            )
    for i, _ in mins[:-1]:
        if mins[i][1] is None:
            out.append(
                _err(
                    f"{base}/grades/{i}/min",
                    "Only the last grade band may have no minimum{0}.",
                    "只有最后一个等级区间可以没有最低分{0}。",
                    "",
                    "order",
                )
            )
    return out


def _check_target(key, types, fields, path, out) -> None:
    field = fields.get(key)
    if field is None:
        out.append(
            _err(
                path,
                "«{0}» is not a field of this form.",
                "「{0}」不是本表单的字段。",
                key,
                "unknown_field",
            )
        )
    elif types and field.get("type") not in types:
        out.append(
            _err(path, "«{0}» must be a score field.", "「{0}」必须是评分字段。", key, "wrong_type")
        )


def _check_leaf(path: str, leaf: dict, fields: dict, out: list) -> None:
    key, op = leaf.get("field"), leaf.get("op")
    field = fields.get(key)
    if field is None:
        known = ", ".join(fields) or "—"
        out.append(
            DocumentError(
                f"{path}/field",
                f"The rule refers to «{key}», which is not a field of this form. Fields: {known}.",
                f"规则引用的「{key}」不是本表单的字段。可用字段：{known}。",
                code="unknown_field",
            )
        )
        return
    if field.get("type") not in widget_registry:
        return
    config = field.get("config") if isinstance(field.get("config"), dict) else {}
    allowed = operators_for(widget_registry.get(field["type"]), config)
    if op not in allowed:
        out.append(
            DocumentError(
                f"{path}/op",
                f"«{key}» cannot use the operator «{op}»; it offers: {', '.join(allowed)}.",
                f"「{key}」不能使用运算符「{op}」；可用：{', '.join(allowed)}。",
                code="unsupported_operator",
            )
        )
        return
    check_matches_operand(path, leaf, out)


def _err(path, en, zh, value, code) -> DocumentError:
    return DocumentError(path, en.format(value), zh.format(value), code=code)
