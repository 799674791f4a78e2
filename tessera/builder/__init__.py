"""Design time: app documents, their validation, the compiled specs, diffs and templates.

The builder imports ``tessera.widgets`` and ``tessera.registry``, never ``tessera.runtime``.
"""

from tessera.builder.changes import AppDiff, Change
from tessera.builder.diff import diff_apps
from tessera.builder.documents import (
    AppSpec,
    DedupSpec,
    FieldSpec,
    FormSpec,
    SectionSpec,
    compile_app,
)
from tessera.builder.errors import DocumentError, InvalidDocument
from tessera.builder.frozen import freeze, thaw
from tessera.builder.roles import Role, role_registry
from tessera.builder.templates import TemplateInfo, blank_app, list_templates, load_template
from tessera.builder.upgrade import CURRENT_VERSION, upgrade_app_document
from tessera.builder.validation import (
    RESERVED_FIELD_KEYS,
    check_app_document,
    validate_app_document,
)

__all__ = [
    "CURRENT_VERSION",
    "RESERVED_FIELD_KEYS",
    "AppDiff",
    "AppSpec",
    "Change",
    "DedupSpec",
    "DocumentError",
    "FieldSpec",
    "FormSpec",
    "InvalidDocument",
    "Role",
    "SectionSpec",
    "TemplateInfo",
    "blank_app",
    "check_app_document",
    "compile_app",
    "diff_apps",
    "freeze",
    "list_templates",
    "load_template",
    "role_registry",
    "thaw",
    "upgrade_app_document",
    "validate_app_document",
]
