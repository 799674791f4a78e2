"""List views (``app["views"][form_key]``): the checks their JSON Schema cannot make.

A view belongs to a form of the app; its keys are unique per form; its columns and sort
fields are fields of that form; its filter compiles against the form's fields through the
one checker (:mod:`.condition_check`).
"""

from __future__ import annotations

from typing import Any

from tessera.builder.condition_check import condition_problem
from tessera.builder.errors import DocumentError, pointer
from tessera.conditions import FormSchema

# Besides fields, a view may sort by these columns every record has.
SYSTEM_SORTS = frozenset({"created_at", "updated_at", "id"})


def view_errors(doc: Any, schemas: dict[str, FormSchema]) -> list[DocumentError]:
    """Every cross-reference problem of the views of an app document.

    Example::

        view_errors(load_template("leads"), schemas)  # []
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("views"), dict):
        return []
    out: list[DocumentError] = []
    for form_key, views in doc["views"].items():
        base = pointer("views", form_key)
        schema = schemas.get(form_key)
        if schema is None:
            out.append(
                DocumentError(
                    base,
                    f"The views are for «{form_key}», which is not a form of this app.",
                    f"视图所属的「{form_key}」不是本应用的表单。",
                    code="unknown_form",
                )
            )
            continue
        seen: set[str] = set()
        for i, view in enumerate(views if isinstance(views, list) else []):
            if isinstance(view, dict):
                _check_view(view, pointer("views", form_key, i), schema, seen, out)
    return out


def _check_view(view: dict, path: str, schema: FormSchema, seen: set, out: list) -> None:
    key = view.get("key")
    if isinstance(key, str):
        if key in seen:
            out.append(
                DocumentError(
                    path + "/key",
                    f"Two views of this form use the key «{key}».",
                    f"此表单有两个视图使用了标识「{key}」。",
                    code="duplicate_key",
                )
            )
        seen.add(key)
    for j, column in enumerate(view.get("columns") or []):
        if isinstance(column, str) and schema.field(column) is None:
            out.append(_unknown_field(f"{path}/columns/{j}", column))
    for j, order in enumerate(view.get("sort") or []):
        name = order.get("field") if isinstance(order, dict) else None
        if isinstance(name, str) and name not in SYSTEM_SORTS and schema.field(name) is None:
            out.append(_unknown_field(f"{path}/sort/{j}/field", name))
    problem = condition_problem(view.get("filter"), schema, path + "/filter")
    if problem is not None:
        out.append(problem)


def _unknown_field(path: str, key: str) -> DocumentError:
    return DocumentError(
        path,
        f"«{key}» is not a field of this form.",
        f"「{key}」不是此表单的字段。",
        code="unknown_field",
    )
