"""Scoring models (``app["scoring"][form_key]``): the checks their JSON Schema cannot make.

A scoring model must point at a score and a grade field that exist, keep rule keys unique,
list grade bands from the highest minimum down, and have conditions and event filters the
condition language compiles (:mod:`.condition_check`, the one checker). Each problem is a
:class:`DocumentError` with a JSON pointer, so the rule designer shows it beside its rule.
"""

from __future__ import annotations

import copy
from typing import Any

from tessera.builder.condition_check import condition_problem, event_filter_problem
from tessera.builder.errors import DocumentError, pointer
from tessera.conditions import FormSchema


def _fields(form: dict) -> dict[str, dict]:
    out = {}
    for section in form.get("sections") or []:
        for field in section.get("fields") or [] if isinstance(section, dict) else []:
            if isinstance(field, dict) and isinstance(field.get("key"), str):
                out[field["key"]] = field
    return out


def scoring_errors(doc: Any, schemas: dict[str, FormSchema]) -> list[DocumentError]:
    """Every cross-reference problem of the scoring models in an app document, whose forms'
    condition schemas are ``schemas`` (by form key).

    Example::

        scoring_errors(doc, schemas)  # []
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
        if isinstance(model, dict) and form_key in schemas:
            out.extend(model_errors(model, _fields(forms[form_key]), schemas[form_key], base))
    return out


def validate_scoring_model(model: Any, doc: dict, form_key: str) -> list[DocumentError]:
    """Every problem of ``model`` as the scoring model of ``form_key`` in the app document
    ``doc`` (the rest of the document is not judged), paths relative to the model.

    Example::

        validate_scoring_model(doc["scoring"]["lead"], doc, "lead")  # []
    """
    from tessera.builder.validation import validate_app_document

    trial = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    if not isinstance(trial.get("scoring"), dict):
        trial["scoring"] = {}
    trial["scoring"][form_key] = model
    base = pointer("scoring", form_key)
    return [
        DocumentError(e.path[len(base) :], e.message, e.message_zh, code=e.code)
        for e in validate_app_document(trial)
        if e.path == base or e.path.startswith(base + "/")
    ]


def _option_keys(field: dict | None) -> set[str]:
    """The option keys of a field document. Its config is checked elsewhere (against the
    widget's schema), so here a malformed one just offers no keys instead of failing."""
    config = field.get("config") if isinstance(field, dict) else None
    options = config.get("options") if isinstance(config, dict) else None
    if not isinstance(options, list):
        return set()
    return {o["key"] for o in options if isinstance(o, dict) and isinstance(o.get("key"), str)}


def model_errors(
    model: dict, fields: dict[str, dict], schema: FormSchema, base: str
) -> list[DocumentError]:
    """Checks of one model against its form: ``fields`` ``{key: field document}`` and the
    form's condition schema."""
    out: list[DocumentError] = []
    _check_target(model.get("score_field", "score"), ("score",), fields, f"{base}/score_field", out)
    grade_field = model.get("grade_field", "grade")
    _check_target(grade_field, None, fields, f"{base}/grade_field", out)
    options = _option_keys(fields.get(grade_field) if isinstance(grade_field, str) else None)
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
        problem = condition_problem(rule.get("when"), schema, f"{path}/when")
        if problem is None:
            problem = event_filter_problem(rule.get("event"), f"{path}/event")
        if problem is not None:
            out.append(problem)
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


def _err(path, en, zh, value, code) -> DocumentError:
    return DocumentError(path, en.format(value), zh.format(value), code=code)
