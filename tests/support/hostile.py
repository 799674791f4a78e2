"""Hypothesis strategies for hostile input: JSON documents (deep nesting, huge integers,
lone surrogates, NULs, wrong types, huge strings), form values and URL path values."""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import strategies as st

HUGE_TEXT = "x" * 200_000
HOSTILE_TEXT = [
    "\x00",
    "a\x00b",
    "²",
    "١٢",
    "9" * 40,
    "-1",
    "0",
    "1e400",
    "NaN",
    "-Infinity",
    HUGE_TEXT,
    "<script>alert(1)</script>",
    "'; drop table users; --",
    "../../../etc/passwd",
    "%00",
    "\u202e\ufeff",
    "(a+)+$",
    " ",
    "",
    "2026-13-45T99:99:99+99:00",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
]
SURROGATES = ["\ud800", "x\udfff", "\udbff\ud800"]  # only JSON can carry these
HOSTILE_INTS = [2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30, -1, 0]
KEYS = [
    "fields",
    "app",
    "form",
    "record_id",
    "type",
    "props",
    "title",
    "document",
    "revision",
    "note",
    "match",
    "email",
    "phone",
    "name",
    "owner",
    "t",
    "page",
    "url",
    "id",
    "hp-website",
    "²",
    "9" * 5000,
    "",
    "~1/..",
]
RAW_BODIES = [
    "[" * 10_000 + "]" * 10_000,
    '{"a": ' * 5_000 + "1" + "}" * 5_000,
    '{"fields": ' * 70 + "{}" + "}" * 70,
    "NaN",
    "[1e400]",
    '{"fields": {"name": "\\ud800"}}',
    '{"fields": {"name": "\\u0000"}}',
    "",
    "{",
    "null",
    "[]",
    '"text"',
    "\ufeff{}",
    '{"x": 1' + "0" * 5000 + "}",
]


def scalars():
    """One hostile JSON leaf."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT + SURROGATES),
        st.sampled_from(HOSTILE_INTS),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.text(max_size=20),
    )


def documents():
    """A hostile JSON value of any shape."""
    keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8))
    return st.recursive(
        scalars(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=10,
    )


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, member in value.items():
            yield from _paths(member, (*prefix, key))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            yield from _paths(member, (*prefix, index))


def _replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def mutated(template):
    """``template`` (a valid body) with one member replaced by a hostile value, or a hostile
    member added, so the request gets past the first checks and meets the deeper ones."""
    paths = list(_paths(template))

    def build(draw):
        path = draw(st.sampled_from(paths))
        value = _replaced(template, path, draw(documents()))
        if isinstance(value, dict) and draw(st.booleans()):
            value = {**value, draw(st.sampled_from(KEYS)): draw(documents())}
        return value

    return st.composite(lambda draw: build(draw))()


def json_bodies(template=None):
    """Request body text: usually a mutated template, else any hostile document or one of
    :data:`RAW_BODIES` (10,000 levels deep, NaN, broken JSON …)."""
    shaped = mutated(template) if template is not None else documents()
    encoded = shaped.map(lambda v: json.dumps(v, ensure_ascii=True, allow_nan=True))
    return st.one_of(encoded, encoded, encoded, st.sampled_from(RAW_BODIES))


def form_values():
    """A hostile form or query-string value (no surrogates: a form cannot encode them)."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from([str(n) for n in HOSTILE_INTS]),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    )


def form_data(names, *, plausible: dict):
    """A posted form: some of ``names`` with hostile values, others with a plausible one."""
    value = st.one_of(form_values(), st.sampled_from(sorted(set(plausible.values()))))
    return st.dictionaries(st.sampled_from(sorted(names)), value, max_size=8).map(
        lambda data: (
            {**{k: v for k, v in plausible.items() if k not in data}, **data}
            if data
            else dict(plausible)
        )
    )


def path_part(value) -> str:
    """A URL path segment for ``value`` (percent-encoded, so a NUL travels as ``%00``)."""
    return quote(str(value), safe="")
