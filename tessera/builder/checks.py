"""The checks a JSON Schema cannot express: unique keys, references between forms and fields,
widget configs, visibility conditions, formulas, dedup and field roles. Every check collects all its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator

from tessera.builder.condition_check import app_schemas, check_visibility
from tessera.builder.dedup_check import check_dedup
from tessera.builder.email_check import email_errors
from tessera.builder.errors import DocumentError, pointer
from tessera.builder.flow_check import flow_errors
from tessera.builder.formula_check import check_formulas
from tessera.builder.pattern_check import pattern_problem
from tessera.builder.role_check import check_roles
from tessera.builder.schema_check import schema_errors
from tessera.builder.scoring import scoring_errors
from tessera.builder.view_check import view_errors
from tessera.widgets import Widget, widget_registry

RESERVED_FIELD_KEYS = frozenset(
    {"id", "created_at", "updated_at", "created_by", "deleted_at", "revision", "app", "form"}
)

_config_validators: dict[str, Draft202012Validator] = {}


@dataclass
class FieldEntry:
    """A field of the form being checked, with where it sits in the document."""

    path: str
    key: str | None
    type: str | None
    section: str | None
    raw: dict
    widget: Widget | None = None
    config: dict = field(default_factory=dict)
    config_ok: bool = False


def items(value: Any) -> list[tuple[int, dict]]:
    """``(index, member)`` for the object members of a list; anything else gives nothing."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def semantic_errors(doc: dict) -> list[DocumentError]:
    """Every cross-reference problem in an app document (which may also break its schema)."""
    out: list[DocumentError] = []
    forms = items(doc.get("forms"))
    form_keys = _unique_keys(forms, "/forms", ("form", "表单"), out)
    for j, entry in enumerate(doc.get("navigation") or []):
        if isinstance(entry, str) and entry not in form_keys:
            out.append(_not_a_form(pointer("navigation", j), entry, form_keys))
    fields_by_form = {}
    for i, form in forms:
        fields = check_form(form, pointer("forms", i), form_keys, out)
        if isinstance(form.get("key"), str) and form["key"] not in fields_by_form:
            fields_by_form[form["key"]] = fields
    # Conditions last: they need every form's fields (a link's condition reads its target).
    schemas = app_schemas(
        {
            key: {k: (e.widget if e.config_ok else None, e.config) for k, e in fields.items()}
            for key, fields in fields_by_form.items()
        }
    )
    for key, fields in fields_by_form.items():
        check_visibility(schemas[key], fields, out)
    out.extend(scoring_errors(doc, schemas))
    out.extend(flow_errors(doc, schemas))
    out.extend(email_errors(doc, set(form_keys)))
    out.extend(view_errors(doc, schemas))
    return out


def _unique_keys(members, base, noun, out) -> list[str]:
    seen: dict[str, int] = {}
    for i, member in members:
        key = member.get("key")
        if not isinstance(key, str):
            continue
        if key in seen:
            out.append(
                DocumentError(
                    f"{base}/{i}/key",
                    f"Two {noun[0]}s use the key «{key}» (the other is number {seen[key] + 1}). "
                    f"Each {noun[0]} needs its own key.",
                    f"有两个{noun[1]}使用了标识「{key}」（另一个是第 {seen[key] + 1} 个），"
                    f"每个{noun[1]}的标识必须不同。",
                    code="duplicate_key",
                )
            )
        else:
            seen[key] = i
    return list(seen)


def _not_a_form(path: str, key: Any, form_keys: list[str]) -> DocumentError:
    known = ", ".join(form_keys) or "—"
    return DocumentError(
        path,
        f"«{key}» is not a form of this app. Its forms are: {known}.",
        f"「{key}」不是本应用中的表单。本应用的表单有：{known}。",
        code="unknown_form",
    )


def check_form(
    form: dict, base: str, form_keys: list[str], out: list[DocumentError]
) -> dict[str, FieldEntry]:
    """Check one form: its sections, fields, references and formulas; returns its fields
    (conditions are checked once every form is known)."""
    sections = items(form.get("sections"))
    _unique_keys(sections, f"{base}/sections", ("section", "分组"), out)
    fields: dict[str, FieldEntry] = {}
    for s, section in sections:
        columns = section.get("columns", 1)
        for f, raw in items(section.get("fields")):
            entry = FieldEntry(
                path=f"{base}/sections/{s}/fields/{f}",
                key=raw.get("key") if isinstance(raw.get("key"), str) else None,
                type=raw.get("type") if isinstance(raw.get("type"), str) else None,
                section=section.get("key"),
                raw=raw,
            )
            _check_field(entry, columns, fields, out)
            if entry.key is not None and entry.key not in fields:
                fields[entry.key] = entry
    _check_form_references(form, base, fields, out)
    for entry in fields.values():
        if entry.config_ok:
            _check_config_references(entry, fields, form_keys, out)
    check_formulas(fields, out)
    check_dedup(form, base, fields, out)
    check_roles(form, base, fields, out)
    return fields


def _check_field(entry: FieldEntry, columns: Any, fields: dict, out: list) -> None:
    key = entry.key
    if key in RESERVED_FIELD_KEYS:
        reserved = ", ".join(sorted(RESERVED_FIELD_KEYS))
        out.append(
            DocumentError(
                entry.path + "/key",
                f"«{key}» is reserved for the system; choose another field key. Reserved: {reserved}.",
                f"「{key}」是系统保留的标识，请换一个字段标识。保留标识：{reserved}。",
                code="reserved_key",
            )
        )
    elif key is not None and key in fields:
        other = fields[key].section
        out.append(
            DocumentError(
                entry.path + "/key",
                f"Another field of this form (in section «{other}») already uses the key «{key}». "
                "Field keys must be unique within a form.",
                f"本表单中已有字段（在分组「{other}」中）使用标识「{key}」，同一表单内字段标识必须唯一。",
                code="duplicate_key",
            )
        )
    width = entry.raw.get("width")
    if isinstance(width, int) and isinstance(columns, int) and width > columns:
        out.append(
            DocumentError(
                entry.path + "/width",
                f"This field spans {width} columns but its section has only {columns}.",
                f"该字段占 {width} 列，但所在分组只有 {columns} 列。",
                code="too_wide",
            )
        )
    if entry.type is None:
        return
    if entry.type not in widget_registry:
        known = ", ".join(widget_registry.keys())
        out.append(
            DocumentError(
                entry.path + "/type",
                f"«{entry.type}» is not a field type. Known types: {known}.",
                f"「{entry.type}」不是已知的字段类型。可用类型：{known}。",
                code="unknown_type",
            )
        )
        return
    entry.widget = widget_registry.get(entry.type)
    config = entry.raw.get("config", {})
    if not isinstance(config, dict):
        return  # the schema already says config must be an object
    entry.config = config
    problems = schema_errors(config, _config_validator(entry.widget), entry.path + "/config")
    out.extend(problems)
    entry.config_ok = not problems
    _check_option_keys(entry, out)
    if entry.config_ok and config.get("pattern"):
        problem = pattern_problem(entry.path + "/config/pattern", config["pattern"])
        if problem is not None:
            out.append(problem)


def _config_validator(widget: Widget) -> Draft202012Validator:
    validator = _config_validators.get(widget.type)
    if validator is None:
        validator = _config_validators[widget.type] = Draft202012Validator(widget.config_schema)
    return validator


def _check_option_keys(entry: FieldEntry, out: list) -> None:
    seen: set[str] = set()
    for k, option in items(entry.config.get("options")):
        key = option.get("key")
        if not isinstance(key, str):
            continue
        if key in seen:
            out.append(
                DocumentError(
                    f"{entry.path}/config/options/{k}/key",
                    f"Two options of field «{entry.key}» use the key «{key}». "
                    "Each option needs its own key.",
                    f"字段「{entry.key}」有两个选项使用了标识「{key}」，每个选项的标识必须不同。",
                    code="duplicate_option",
                )
            )
        seen.add(key)


def _check_form_references(form: dict, base: str, fields: dict, out: list) -> None:
    refs = []
    if isinstance(form.get("title_field"), str):
        refs.append((f"{base}/title_field", form["title_field"]))
    for prop in ("list_fields", "public_fields"):
        for j, key in enumerate(form.get(prop) or []):
            if isinstance(key, str):
                refs.append((f"{base}/{prop}/{j}", key))
    for path, key in refs:
        if key not in fields:
            out.append(_not_a_field(path, key, fields))


def _not_a_field(path: str, key: Any, fields: dict) -> DocumentError:
    known = ", ".join(fields) or "—"
    return DocumentError(
        path,
        f"«{key}» is not a field of this form. Its fields are: {known}.",
        f"「{key}」不是本表单中的字段。本表单的字段有：{known}。",
        code="unknown_field",
    )


def _check_config_references(entry: FieldEntry, fields: dict, form_keys: list, out: list) -> None:
    config = entry.config
    target_form = config.get("form")
    if target_form == "":
        known = ", ".join(form_keys)
        out.append(
            DocumentError(
                entry.path + "/config/form",
                f"Choose the form that «{entry.key}» links to. This app's forms are: {known}.",
                f"请为字段「{entry.key}」选择要关联的表单。本应用的表单有：{known}。",
                code="unknown_form",
            )
        )
    elif isinstance(target_form, str) and target_form not in form_keys:
        out.append(_not_a_form(entry.path + "/config/form", target_form, form_keys))
    province = config.get("province_field")
    if not isinstance(province, str):
        return
    path = entry.path + "/config/province_field"
    target = fields.get(province)
    if target is None:
        out.append(_not_a_field(path, province, fields))
    elif target is entry or target.type != entry.type or target.config.get("level") != "province":
        out.append(
            DocumentError(
                path,
                f"«{province}» is not a province-level region field. A city field must name a "
                "region field of the same form whose level is province.",
                f"「{province}」不是省级地区字段。城市字段必须关联本表单中级别为省份的地区字段。",
                code="not_a_province_field",
            )
        )
