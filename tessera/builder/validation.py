"""Validate an app document: its JSON Schema first, then the checks a schema cannot express.

Both steps collect every problem, so the designer can show them all at once, each beside the
member it concerns (``DocumentError.path`` is a JSON pointer into the document).
"""

from __future__ import annotations

from typing import Any

from tessera.builder.checks import RESERVED_FIELD_KEYS, semantic_errors
from tessera.builder.errors import DocumentError, InvalidDocument
from tessera.builder.schema_check import (
    beside_schema_errors,
    document_validator,
    path_order,
    schema_errors,
)

__all__ = [
    "RESERVED_FIELD_KEYS",
    "DocumentError",
    "InvalidDocument",
    "check_app_document",
    "validate_app_document",
]


def validate_app_document(doc: Any) -> list[DocumentError]:
    """Every problem in an app document; an empty list means it is valid.

    Example::

        for error in validate_app_document(doc):
            print(error.path, error.message)  # /forms/0/sections/0/fields/2/type …
    """
    if not isinstance(doc, dict):
        return [
            DocumentError(
                "",
                "An app document must be a JSON object {…}.",
                "应用文档必须是一个 JSON 对象 {…}。",
                code="type",
            )
        ]
    errors = schema_errors(doc, document_validator("app"))
    errors += beside_schema_errors(semantic_errors, doc, schema_failed=bool(errors))
    return sorted(errors, key=path_order)  # stable: one member's errors keep their order


def check_app_document(doc: Any) -> None:
    """Raise :class:`InvalidDocument` (holding every error) unless ``doc`` is a valid app.

    Example::

        check_app_document(load_template("leads"))  # passes silently
    """
    errors = validate_app_document(doc)
    if errors:
        raise InvalidDocument(errors)
