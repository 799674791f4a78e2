"""The platform reads field roles from the form document, never fixed field keys.

The condition language, the builder and the runtime are read as Python syntax trees for the keys that used to be
hard-coded (``owner``, ``source``, ``campaign``, ``email``, ``phone``) used *as field keys*:
compared with, looked up in a form, a table's columns or a record's values, or bound to a
``…_FIELD`` constant. The same words used otherwise stay legal: role names asked of a form
(``spec.role("owner")``), request members and error keys of the API, JSON answers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tessera.runtime.tables  # noqa: F401  (registers the platform tables on metadata)
from tessera.db import metadata

PACKAGE = Path(__file__).resolve().parent.parent / "tessera"
FIXED_KEYS = frozenset({"owner", "source", "campaign", "email", "phone"})
# Holders of field values or columns, by the name they go by in the code base.
VALUE_HOLDERS = frozenset(
    {"c", "values", "raw", "row", "record", "fields", "existing", "changes", "clean", "data"}
)
FIELD_LOOKUPS = frozenset({"field", "has_field"})
# The platform's own tables (users.c.email is a user's address, not a form's field).
PLATFORM_TABLES = frozenset(metadata.tables)
# Sample records of the lead template: data written for that template's own fields.
SKIPPED = {"runtime/sample_data.py"}
# The roles registry: each role module says which widgets may play it (by their capabilities).
SKIPPED_PACKAGES = ("builder/roles/",)


def _fixed(node) -> bool:
    return isinstance(node, ast.Constant) and node.value in FIXED_KEYS


def _names_fixed(node) -> bool:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_fixed(e) for e in node.elts)
    return _fixed(node)


def _last_name(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _holds_fields(node) -> bool:
    """Whether ``node`` holds a form's values or columns (a platform table's do not count)."""
    name = _last_name(node)
    if name == "c":
        return _last_name(node.value) not in PLATFORM_TABLES
    return name in VALUE_HOLDERS


def fixed_key_uses(source: str) -> list[tuple[int, str]]:
    """``(line, code)`` of each use of a fixed key as a field key in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        hit = False
        if isinstance(node, ast.Compare):
            hit = any(_names_fixed(x) for x in (node.left, *node.comparators))
        elif isinstance(node, ast.Call):
            func = node.func
            lookup = isinstance(func, ast.Attribute) and func.attr in FIELD_LOOKUPS
            getter = isinstance(func, ast.Attribute) and func.attr == "get"
            holder = getter and _holds_fields(func.value)
            hit = (lookup or holder) and bool(node.args) and _fixed(node.args[0])
        elif isinstance(node, ast.Subscript):
            hit = _fixed(node.slice) and _holds_fields(node.value)
        elif isinstance(node, ast.Attribute):
            hit = node.attr in FIXED_KEYS and _last_name(node.value) == "c"
            hit = hit and _holds_fields(node.value)
        elif isinstance(node, ast.Assign):
            targets = [e for t in node.targets for e in getattr(t, "elts", [t])]
            named = [_last_name(t) or "" for t in targets]
            hit = _names_fixed(node.value) and any(n.endswith(("_FIELD", "_KEY")) for n in named)
        if hit:
            found.append((node.lineno, ast.get_source_segment(source, node) or ""))
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in SKIPPED or relative.startswith(SKIPPED_PACKAGES):
            continue
        if relative.startswith(("conditions/", "builder/", "runtime/")):
            yield relative, path


def test_no_module_of_the_conditions_builder_or_runtime_uses_a_fixed_field_key():
    offenders = [
        f"tessera/{relative}:{line}: {code}"
        for relative, path in _modules()
        for line, code in fixed_key_uses(path.read_text("utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "code",
    [
        'OWNER_FIELD = "owner"',
        'SOURCE_FIELD, X = "source", 1',
        'if key == "email": pass',
        'ok = next(iter(match)) not in ("email", "phone")',
        'spec.has_field("campaign")',
        'form.spec.field("owner").widget',
        'raw["source"] = link.source',
        'table.c["phone"]',
        "table.c.owner == user_id",
        'record.values.get("owner")',
    ],
)
def test_the_old_ways_of_naming_a_role_by_its_key_are_found(code):
    assert fixed_key_uses(code) != [], code


@pytest.mark.parametrize(
    "code",
    [
        'form.spec.role("owner")',
        'form.spec.role_field("campaign")',
        'errors["source"] = "bad channel"',
        'body.get("source")',
        'jsonify({"email": user.email})',
        'MATCH_ROLES = ("email", "phone")',
        'raise UserError("email", "not a valid email address")',
        "users.c.email == address",
        "capture_links.c.source",
        'users.c["email"]',
    ],
)
def test_other_uses_of_the_words_are_left_alone(code):
    assert fixed_key_uses(code) == []
