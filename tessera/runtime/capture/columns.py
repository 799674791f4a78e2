"""Several columns of a file filling one field: combined, never «the last one wins».

Two columns mapped onto one field used to overwrite each other, even with an empty cell
(First ``Wei`` + Last ``Zhao`` → ``Zhao``; a phone plus an empty mobile → no phone). Now a
field whose widget ``joins_parts`` (text) joins the non-empty values — a name in the order
of its language: 赵伟 (family name first, no space), ``Wei Zhao`` (given name first) — and
any other field takes the first non-empty value, a mobile's before a landline's.

Example::

    plan = ColumnPlan.build(form, ["First Name", "Last Name"], {"First Name": "name",
                                                                 "Last Name": "name"})
    plan.raw(["Wei", "Zhao"])  # {"name": "Wei Zhao"}
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tessera.runtime.capture.header_aliases import normalize_header

FAMILY = frozenset(normalize_header(h) for h in ("last name", "lastname", "surname",
                                                 "family name", "姓", "姓氏"))  # fmt: skip
MOBILE = re.compile(r"mobile|cell|手机|移动", re.IGNORECASE)
CJK = re.compile(r"^[\u3400-\u9fff·]+$")


@dataclass(frozen=True)
class FieldColumns:
    """The columns filling one field: ``(index, header)`` in the order they count."""

    key: str
    columns: tuple[tuple[int, str], ...]
    joins: bool

    def value(self, cells: list[str]):
        """The field's raw value from one row's cells (None when every cell is empty)."""
        found = []
        for index, header in self.columns:
            text = cells[index].strip() if index < len(cells) else ""
            if text:
                if not self.joins:
                    return text
                found.append((header, text))
        if not found:
            return None
        if len(found) == 1:
            return found[0][1]
        return join_name(found)


def join_name(parts: list[tuple[str, str]]) -> str:
    """Join ``(header, text)`` parts: all Chinese → family name first, no space (赵伟);
    else given name first, spaced (``Wei Zhao``)."""
    family = [t for h, t in parts if normalize_header(h) in FAMILY]
    others = [t for h, t in parts if normalize_header(h) not in FAMILY]
    if all(CJK.match(t) for _, t in parts):
        return "".join(family + others)
    return " ".join(others + family)


@dataclass(frozen=True)
class ColumnPlan:
    """Which columns fill which field, decided once per file."""

    fields: tuple[FieldColumns, ...]
    single: tuple[tuple[int, str], ...]  # (index, key) of fields filled by one column

    @classmethod
    def build(cls, form, headers: list[str], mapping: dict[str, str]) -> ColumnPlan:
        """The plan for ``headers`` mapped by ``mapping`` (``{header: field key}``)."""
        by_key: dict[str, list[tuple[int, str]]] = {}
        for index, header in enumerate(headers):
            key = mapping.get(header)
            if key and form.spec.has_field(key):
                by_key.setdefault(key, []).append((index, header))
        single, fields = [], []
        for key, columns in by_key.items():
            if len(columns) == 1:
                single.append((columns[0][0], key))
                continue
            joins = form.spec.field(key).widget.joins_parts
            if not joins:  # a mobile first, then the others in file order
                columns.sort(key=lambda c: not MOBILE.search(c[1]))
            fields.append(FieldColumns(key, tuple(columns), joins))
        return cls(tuple(fields), tuple(single))

    def raw(self, cells: list[str]) -> dict:
        """The raw field input of one row."""
        width = len(cells)
        raw = {key: (cells[i].strip() or None) if i < width else None for i, key in self.single}
        for field in self.fields:
            raw[field.key] = field.value(cells)
        return raw

    def combined(self) -> dict[str, list[str]]:
        """``{field key: [headers]}`` of the fields filled by several columns."""
        return {f.key: [h for _, h in f.columns] for f in self.fields}
