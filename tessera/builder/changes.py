"""What one publish changes, one readable item at a time (see :mod:`tessera.builder.diff`).

Every change can describe itself in zh-CN or English for the «what this publish changes» view.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from tessera.widgets import label_text, widget_registry


def english(locale: str) -> bool:
    """Whether ``locale`` asks for English (``en``, ``en_US`` …); anything else is zh-CN."""
    return locale.startswith("en")


def quote(text: Any, locale: str) -> str:
    """``"text"`` in English, ``「text」`` in Chinese."""
    return f'"{text}"' if english(locale) else f"「{text}」"


def named(label: Any, key: str, locale: str) -> str:
    """A thing's quoted label in ``locale``, or its key when it has no label."""
    return quote(label_text(label, locale) or key, locale)


def type_name(type_key: str, locale: str) -> str:
    """A widget type's palette name (``phone`` → 手机号码 / Phone)."""
    if type_key in widget_registry:
        return label_text(widget_registry.get(type_key).label, locale) or type_key
    return type_key


def phrase(prop: str, value: Any, locale: str) -> str:
    """A property value as a short phrase (labels quoted, booleans as words)."""
    none = "(none)" if english(locale) else "（无）"
    if prop in ("label", "help", "placeholder", "description"):
        return quote(label_text(value, locale), locale) if value else none
    if prop == "required":
        words = ("required", "optional") if english(locale) else ("必填", "选填")
        return words[0] if value else words[1]
    if value is None:
        return none
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


PROPERTY_NAMES = {
    "label": ("label", "名称"),
    "description": ("description", "说明"),
    "icon": ("icon", "图标"),
    "color": ("colour", "颜色"),
    "navigation": ("menu order", "菜单顺序"),
    "title_field": ("title field", "标题字段"),
    "list_fields": ("list columns", "列表显示字段"),
    "roles": ("field roles", "字段角色"),
    "section_order": ("section order", "分组顺序"),
    "columns": ("columns", "列数"),
    "help": ("help text", "帮助说明"),
    "placeholder": ("placeholder", "占位提示"),
    "required": ("required", "是否必填"),
    "default": ("default value", "默认值"),
    "width": ("width", "宽度"),
    "visible_if": ("visibility condition", "显示条件"),
    "meaning": ("meaning", "含义"),
}


def prop_name(prop: str, locale: str) -> str:
    """What a property is called for people (``visible_if`` → visibility condition / 显示条件)."""
    en, zh = PROPERTY_NAMES.get(prop, (prop, prop))
    return en if english(locale) else zh


def from_to(prop: str, old: Any, new: Any, locale: str) -> str:
    """«label changed from "A" to "B"» / «名称由「A」改为「B」»."""
    what, before, after = (
        prop_name(prop, locale),
        phrase(prop, old, locale),
        phrase(prop, new, locale),
    )
    if english(locale):
        return f"{what} changed from {before} to {after}"
    return f"{what}由{_zh_pad(before)}改为{_zh_pad(after)}".rstrip()


def _zh_pad(text: str) -> str:
    """Chinese text sets plain values (numbers, keys) off with spaces, quoted ones not."""
    return text if text.startswith(("「", "（")) else f" {text} "


@dataclass(frozen=True, kw_only=True)
class Change:
    """One change between two versions of an app document.

    ``kind`` is a stable key; ``affects_storage`` says whether the form's table changes.
    """

    kind: ClassVar[str] = "change"
    affects_storage: ClassVar[bool] = False
    form: str | None = None

    def describe(self, locale: str = "zh-CN") -> str:
        """One sentence for people: ``locale`` ``en…`` gives English, anything else zh-CN."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class AppChanged(Change):
    """An app-level property (label, description, icon, colour, menu order) changed."""

    kind: ClassVar[str] = "app_changed"
    prop: str
    old: Any
    new: Any

    def describe(self, locale="zh-CN"):
        return ("App: " if english(locale) else "应用：") + from_to(
            self.prop, self.old, self.new, locale
        )


@dataclass(frozen=True, kw_only=True)
class FormAdded(Change):
    """A new form (and so a new table) with these fields."""

    kind: ClassVar[str] = "form_added"
    affects_storage: ClassVar[bool] = True
    label: Any
    fields: tuple[str, ...] = ()

    def describe(self, locale="zh-CN"):
        name, n = named(self.label, self.form, locale), len(self.fields)
        return (
            f"New form {name} with {n} field(s)."
            if english(locale)
            else f"新增表单{name}，含 {n} 个字段。"
        )


@dataclass(frozen=True, kw_only=True)
class FormRemoved(Change):
    """A form left the app; its table and records are archived, not dropped."""

    kind: ClassVar[str] = "form_removed"
    affects_storage: ClassVar[bool] = True
    label: Any

    def describe(self, locale="zh-CN"):
        name = named(self.label, self.form, locale)
        if english(locale):
            return f"Form {name} removed; its records are archived, not deleted."
        return f"删除表单{name}，其数据会归档保留，不会删除。"


@dataclass(frozen=True, kw_only=True)
class FormChange(Change):
    """Base of changes inside one form (``form_label`` names it for people)."""

    form_label: Any = None

    def _prefix(self, locale: str) -> str:
        name = named(self.form_label, self.form, locale)
        return f"Form {name}: " if english(locale) else f"表单{name}："


@dataclass(frozen=True, kw_only=True)
class FormChanged(FormChange):
    """A form property (label, title field, list columns, section order …) changed."""

    kind: ClassVar[str] = "form_changed"
    prop: str
    old: Any
    new: Any

    def describe(self, locale="zh-CN"):
        return self._prefix(locale) + from_to(self.prop, self.old, self.new, locale)


@dataclass(frozen=True, kw_only=True)
class SectionAdded(FormChange):
    """A new section."""

    kind: ClassVar[str] = "section_added"
    section: str
    label: Any = None

    def describe(self, locale="zh-CN"):
        name = named(self.label, self.section, locale)
        return self._prefix(locale) + (
            f"new section {name}" if english(locale) else f"新增分组{name}"
        )


@dataclass(frozen=True, kw_only=True)
class SectionRemoved(FormChange):
    """A section is gone (its fields were moved or removed, reported separately)."""

    kind: ClassVar[str] = "section_removed"
    section: str
    label: Any = None

    def describe(self, locale="zh-CN"):
        name = named(self.label, self.section, locale)
        return self._prefix(locale) + (
            f"section {name} removed" if english(locale) else f"删除分组{name}"
        )


@dataclass(frozen=True, kw_only=True)
class SectionChanged(FormChange):
    """A section's label or number of columns changed."""

    kind: ClassVar[str] = "section_changed"
    section: str
    label: Any = None
    prop: str
    old: Any
    new: Any

    def describe(self, locale="zh-CN"):
        name = named(self.label, self.section, locale)
        head = f"section {name}: " if english(locale) else f"分组{name}"
        return self._prefix(locale) + head + from_to(self.prop, self.old, self.new, locale)


@dataclass(frozen=True)
class AppDiff:
    """The changes from one app document to the next, in document order."""

    changes: tuple[Change, ...]

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def for_form(self, form: str) -> tuple[Change, ...]:
        """The changes inside (or to) one form."""
        return tuple(c for c in self.changes if c.form == form)

    def by_form(self) -> dict[str | None, list[Change]]:
        """Changes grouped by form key (``None``: app-level), forms in document order."""
        groups: dict[str | None, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.form, []).append(change)
        return groups

    @property
    def forms_added(self) -> tuple[str, ...]:
        return tuple(c.form for c in self.changes if isinstance(c, FormAdded))

    @property
    def forms_removed(self) -> tuple[str, ...]:
        return tuple(c.form for c in self.changes if isinstance(c, FormRemoved))

    @property
    def storage_changes(self) -> tuple[Change, ...]:
        """Changes that alter tables: forms and fields added, removed or retyped."""
        return tuple(c for c in self.changes if c.affects_storage)

    def describe(self, locale: str = "zh-CN") -> list[str]:
        """One sentence per change."""
        return [c.describe(locale) for c in self.changes]
