"""The one checker of conditions: every condition in an app document (visibility, scoring
rules; flow branches and report filters when they come) is type-checked when the draft is
saved, by compiling it against its form's fields with the condition language
(:mod:`tessera.conditions`). A problem becomes a :class:`DocumentError` with its JSON path and
a message in English and zh-CN. Nothing else checks operators, operands or field references.

A visibility condition is also evaluated by the form page while people type
(``static/js/forms.js``), so it may only use what the page can evaluate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tessera.builder.errors import DocumentError
from tessera.builder.schema_check import document_validator
from tessera.conditions import ConditionError, FormSchema, compile_condition, design_context
from tessera.conditions.event_filter import parse_event_filter
from tessera.conditions.operators import OperandError

FieldTypes = Mapping[str, tuple[Any, Any]]  # field key -> (widget or None, config)


def app_schemas(forms: Mapping[str, FieldTypes]) -> dict[str, FormSchema]:
    """A :class:`FormSchema` per form key, linked to each other (link fields' targets).

    A field whose widget is None (an unknown type, a broken config: reported elsewhere) is
    «unchecked»: a condition naming it is skipped rather than reported twice.

    Example::

        app_schemas({"lead": {"size": (widget_registry.get("number"), {})}})["lead"]
    """
    schemas: dict[str, FormSchema] = {}
    for form_key, fields in forms.items():
        schemas[form_key] = FormSchema(
            form_key,
            {k: (w, c) for k, (w, c) in fields.items() if w is not None},
            schemas.get,
            unchecked=frozenset(k for k, (w, _c) in fields.items() if w is None),
        )
    return schemas


def condition_problem(
    condition: Any, schema: FormSchema, path: str, *, in_page: bool = False
) -> DocumentError | None:
    """The first problem of ``condition`` at ``path`` (None when it compiles). A condition
    that breaks the condition JSON Schema is left to the schema's own error; ``in_page``
    also refuses what the form page cannot evaluate (visibility).

    Example::

        condition_problem({"field": "stage", "op": "gt", "value": 1}, schema, "/…/visible_if")
        # DocumentError("/…/visible_if/op", "The operator «gt» cannot be used with …")
    """
    if condition is None or not document_validator("condition").is_valid(condition):
        return None
    try:
        compiled = compile_condition(condition, schema=schema, ctx=design_context(), path=path)
    except ConditionError as exc:
        return None if exc.code == "unchecked_field" else _document_error(exc)
    if in_page and compiled.not_in_page is not None:
        return _document_error(compiled.not_in_page)
    return None


def event_filter_problem(event: Any, path: str) -> DocumentError | None:
    """The problem of a scoring rule's event filter, or None."""
    if not isinstance(event, dict):
        return None
    try:
        parse_event_filter(event, path)
    except OperandError as exc:
        return DocumentError(exc.path, exc.message, exc.message_zh, code=exc.code)
    return None


def check_visibility(schema: FormSchema, fields: Mapping[str, Any], out: list) -> None:
    """Each field's ``visible_if`` (``fields``: key → entry with ``path`` and ``raw``) may
    name other fields of the form only, and only with what the page evaluates."""
    for key, entry in fields.items():
        condition = entry.raw.get("visible_if")
        own = schema.excluding(key)
        problem = condition_problem(condition, own, entry.path + "/visible_if", in_page=True)
        if problem is not None:
            out.append(problem)


def _document_error(exc: ConditionError) -> DocumentError:
    return DocumentError(exc.path, exc.message, exc.message_zh, code=exc.code)
