"""What the designer pages show, computed from the draft: the palette, archived fields that
can be restored, validation errors by field and property, the live preview and the history.

Kept apart from the views (:mod:`.forms`, :mod:`.apps`) so each part stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.builder import (
    InvalidDocument,
    compile_app,
    diff_apps,
    role_registry,
    upgrade_app_document,
    validate_app_document,
)
from tessera.runtime import publishing
from tessera.runtime.tables import form_columns, form_tables, users
from tessera.widgets import WidgetContext, label_text, widget_registry

PALETTE_KINDS = ("basic", "choice", "datetime", "contact", "relation", "system")
# Config members edited elsewhere in the panel (options, placeholder) or not by hand.
PANEL_CONFIG_SKIP = frozenset({"options", "placeholder", "pattern_message"})


def palette() -> list[tuple[str, list]]:
    """Every registered widget, grouped by ``widget.kind`` in a stable order."""
    groups: dict[str, list] = {}
    for widget in widget_registry.all():
        groups.setdefault(widget.kind, []).append(widget)
    kinds = [k for k in PALETTE_KINDS if k in groups] + sorted(set(groups) - set(PALETTE_KINDS))
    return [(kind, groups[kind]) for kind in kinds]


def rule_inputs(widget) -> list[dict]:
    """The scalar rules of a widget's ``config_schema`` (min, max, lengths, pattern …) as
    ``{"name", "input", "choices"}``: an HTML input type per JSON type, read from the schema
    so a new widget's rules appear without touching the designer."""
    out = []
    for name, schema in (widget.config_schema.get("properties") or {}).items():
        if name in PANEL_CONFIG_SKIP:
            continue
        kind = schema.get("type")
        if "enum" in schema:
            out.append({"name": name, "input": "select", "choices": list(schema["enum"])})
        elif kind in ("integer", "number"):
            out.append({"name": name, "input": "number", "step": 1 if kind == "integer" else "any"})
        elif kind == "string":
            out.append({"name": name, "input": "text"})
    return out


def field_roles(widget) -> list:
    """The roles a field with this widget may play (the panel offers them)."""
    return [role for role in role_registry if role.accepts(widget)]


def role_of(doc: dict, form_key: str, key: str) -> str | None:
    """The role field ``key`` of form ``form_key`` plays in ``doc`` (read as the current
    format, so an older document's fixed-key roles show), or None."""
    for form in upgrade_app_document(doc).get("forms") or ():
        if form.get("key") == form_key:
            for role, field_key in (form.get("roles") or {}).items():
                if field_key == key:
                    return role
    return None


@dataclass
class FieldErrors:
    """A draft's validation errors, by field key and by the rest of the path inside it."""

    by_field: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    other: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    def of(self, key: str) -> dict[str, list[str]]:
        return self.by_field.get(key, {})

    def prop(self, key: str, *names: str) -> list[str]:
        """Messages about property ``names`` of field ``key`` (``/label/en`` counts as label)."""
        found = []
        for rest, messages in self.of(key).items():
            head = rest.strip("/").split("/")
            if head[0] in names or (head[0] == "config" and len(head) > 1 and head[1] in names):
                found.extend(messages)
        return found


def errors_by_field(doc: dict, locale: str) -> FieldErrors:
    """Validation errors of ``doc`` grouped per field (``/forms/0/sections/1/fields/2/…``)."""
    result = FieldErrors()
    keys = {}
    for f, form in enumerate(doc.get("forms", [])):
        for s, section in enumerate(form.get("sections", [])):
            for i, fld in enumerate(section.get("fields", [])):
                keys[f"/forms/{f}/sections/{s}/fields/{i}"] = fld.get("key")
    for error in validate_app_document(doc):
        parts = error.path.split("/")
        prefix = "/".join(parts[:7])
        if len(parts) >= 7 and prefix in keys:
            rest = "/" + "/".join(parts[7:])
            result.by_field.setdefault(keys[prefix], {}).setdefault(rest, []).append(
                error.text(locale)
            )
        else:
            result.other.append((error.path, error.text(locale)))
    return result


def restorable_fields(conn: sa.Connection, app_key: str, form_doc: dict) -> list[dict]:
    """Stored columns of the form that the draft no longer has (archived, or removed since
    the last publish): ``{"key", "type", "label", "field"}``; adding one back with the same
    key brings its values back. ``field`` is its last published definition, if any."""
    present = {f.get("key") for s in form_doc.get("sections", []) for f in s.get("fields", [])}
    rows = conn.execute(
        sa.select(form_columns.c.field_key, form_columns.c.widget_type)
        .join(form_tables, form_tables.c.id == form_columns.c.form_table_id)
        .where((form_tables.c.app_key == app_key) & (form_tables.c.form_key == form_doc["key"]))
        .order_by(form_columns.c.id)
    ).all()
    missing = [r for r in rows if r.field_key not in present and r.widget_type in widget_registry]
    if not missing:
        return []
    history = _published_fields(conn, app_key, form_doc["key"])
    return [
        {
            "key": r.field_key,
            "type": r.widget_type,
            "field": history.get(r.field_key),
            "label": (history.get(r.field_key) or {}).get("label") or {"zh-CN": r.field_key},
        }
        for r in missing
    ]


def _published_fields(conn, app_key: str, form_key: str) -> dict[str, dict]:
    """Each field's definition in the newest published version that had it."""
    found: dict[str, dict] = {}
    for version in reversed(publishing.list_versions(conn, app_key)):  # oldest first
        document = publishing.version_document(conn, app_key, version["number"]) or {}
        for form in document.get("forms", []):
            if form.get("key") == form_key:
                for section in form.get("sections", []):
                    for fld in section.get("fields", []):
                        found[fld["key"]] = fld
    return found


@dataclass(frozen=True)
class PreviewForm:
    """A draft form shaped like a ``DeployedForm`` for the record-form template (no table)."""

    app_key: str
    spec: object

    @property
    def key(self) -> str:
        return self.spec.key

    def input_fields(self):
        return [f for f in self.spec.fields if not f.widget.computed]


@dataclass(frozen=True)
class PreviewApp:
    """A draft app for rendering: linked forms have no records to offer in a preview."""

    spec: object

    @property
    def key(self) -> str:
        return self.spec.key

    def form(self, key: str):
        return None


def preview_form(doc: dict, form_key: str) -> tuple[PreviewApp, PreviewForm]:
    """The draft compiled for the live preview; ``InvalidDocument`` while it has errors."""
    spec = compile_app(doc)
    if not spec.has_form(form_key):
        raise LookupError(form_key)
    return PreviewApp(spec), PreviewForm(spec.key, spec.form(form_key))


def preview_context(locale: str, timezone: str) -> WidgetContext:
    """A widget context with no lookups (nothing is stored from a preview)."""
    return WidgetContext(locale=locale, timezone=timezone)


def history(conn: sa.Connection, app_key: str, locale: str) -> list[dict]:
    """Published versions, newest first, each with who published it and what changed since
    the version before it (in ``locale``)."""
    versions = publishing.list_versions(conn, app_key)
    names = {
        r.id: r.name or r.email
        for r in conn.execute(sa.select(users.c.id, users.c.name, users.c.email))
    }
    out = []
    for v in versions:
        current = publishing.version_document(conn, app_key, v["number"])
        previous = publishing.version_document(conn, app_key, v["number"] - 1)
        out.append(
            {
                **v,
                "who": names.get(v["published_by"], ""),
                "changes": diff_apps(previous, current).describe(locale),
            }
        )
    return out


def plan_lines(conn: sa.Connection, app_key: str, locale: str) -> dict:
    """What publishing the draft would do: ``{"ok", "changes": [(kind, text)], "errors",
    "diff"}``; a draft with errors has no plan, only its errors."""
    draft, _ = publishing.load_draft(conn, app_key)
    try:
        plan = publishing.preview_publish(conn, app_key)
    except InvalidDocument as exc:
        return {"ok": False, "changes": [], "errors": [e.text(locale) for e in exc.errors]}
    published = publishing.list_versions(conn, app_key)
    previous = (
        publishing.version_document(conn, app_key, published[0]["number"]) if published else None
    )
    return {
        "ok": plan.ok,
        "changes": [(c.kind, c.describe(locale)) for c in plan.changes],
        "errors": [],
        "diff": diff_apps(previous, draft).describe(locale),
    }


def never_published(conn: sa.Connection, app_key: str) -> bool:
    """Whether the app has no published version (only then may its draft be deleted)."""
    return not publishing.list_versions(conn, app_key)


def label_of(value, locale: str) -> str:
    """A bilingual label's text (for code outside templates)."""
    return label_text(value, locale)
