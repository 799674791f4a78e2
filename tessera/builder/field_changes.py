"""Changes to one field of a form: added, removed, retyped, moved, edited, options, settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from tessera.builder.changes import FormChange, english, from_to, named, phrase, quote, type_name


@dataclass(frozen=True, kw_only=True)
class FieldChange(FormChange):
    """Base of changes to one field (``label`` names it for people)."""

    field: str
    label: Any = None

    def _head(self, locale: str) -> str:
        name = named(self.label, self.field, locale)
        return self._prefix(locale) + (f"field {name}" if english(locale) else f"字段{name}")


@dataclass(frozen=True, kw_only=True)
class FieldAdded(FieldChange):
    """A new field: a new column in the form's table."""

    kind: ClassVar[str] = "field_added"
    affects_storage: ClassVar[bool] = True
    type: str
    section: str | None = None
    section_label: Any = None

    def describe(self, locale="zh-CN"):
        name, kind = named(self.label, self.field, locale), type_name(self.type, locale)
        where = named(self.section_label, self.section, locale)
        if english(locale):
            return self._prefix(locale) + f"new field {name} ({kind}) in section {where}"
        return self._prefix(locale) + f"在分组{where}中新增字段{name}（{kind}）"


@dataclass(frozen=True, kw_only=True)
class FieldRemoved(FieldChange):
    """A field left the form; its column is archived (data kept, restorable)."""

    kind: ClassVar[str] = "field_removed"
    affects_storage: ClassVar[bool] = True
    type: str

    def describe(self, locale="zh-CN"):
        if english(locale):
            return self._head(locale) + " removed; its data is archived, not deleted"
        return self._head(locale) + "已删除，其数据会归档保留，不会丢失"


@dataclass(frozen=True, kw_only=True)
class FieldTypeChanged(FieldChange):
    """A field's widget type changed; ``lossless`` when both widgets store values alike."""

    kind: ClassVar[str] = "field_type_changed"
    affects_storage: ClassVar[bool] = True
    old_type: str
    new_type: str
    lossless: bool

    def describe(self, locale="zh-CN"):
        old, new = type_name(self.old_type, locale), type_name(self.new_type, locale)
        if english(locale):
            text = self._head(locale) + f" changes type from {old} to {new}"
            return text + (
                "" if self.lossless else "; existing values cannot be converted without loss"
            )
        text = self._head(locale) + f"的类型由 {old} 改为 {new}"
        return text + ("" if self.lossless else "，已有数据无法无损转换")


@dataclass(frozen=True, kw_only=True)
class FieldChanged(FieldChange):
    """A field property (label, help, placeholder, required, default, width, visible_if)."""

    kind: ClassVar[str] = "field_changed"
    prop: str
    old: Any
    new: Any

    def describe(self, locale="zh-CN"):
        sep = ": " if english(locale) else "："
        return self._head(locale) + sep + from_to(self.prop, self.old, self.new, locale)


@dataclass(frozen=True, kw_only=True)
class FieldMoved(FieldChange):
    """A field moved to another section or position (1-based within its section)."""

    kind: ClassVar[str] = "field_moved"
    old_section: str
    new_section: str
    old_position: int
    new_position: int
    old_section_label: Any = None
    new_section_label: Any = None

    def describe(self, locale="zh-CN"):
        old = named(self.old_section_label, self.old_section, locale)
        new = named(self.new_section_label, self.new_section, locale)
        a, b = self.old_position, self.new_position
        if self.old_section == self.new_section:
            if english(locale):
                return self._head(locale) + f" moved from position {a} to {b} in section {new}"
            return self._head(locale) + f"在分组{new}中由第 {a} 位移到第 {b} 位"
        if english(locale):
            return (
                self._head(locale)
                + f" moved from section {old} (position {a}) to section {new} (position {b})"
            )
        return self._head(locale) + f"由分组{old}（第 {a} 位）移到分组{new}（第 {b} 位）"


@dataclass(frozen=True, kw_only=True)
class OptionAdded(FieldChange):
    """A new option of a choice field."""

    kind: ClassVar[str] = "option_added"
    option: str
    option_label: Any = None

    def describe(self, locale="zh-CN"):
        name = named(self.option_label, self.option, locale)
        if english(locale):
            return self._head(locale) + f": new option {name} ({self.option})"
        return self._head(locale) + f"：新增选项{name}（{self.option}）"


@dataclass(frozen=True, kw_only=True)
class OptionRemoved(FieldChange):
    """An option left a choice field."""

    kind: ClassVar[str] = "option_removed"
    option: str
    option_label: Any = None

    def describe(self, locale="zh-CN"):
        name = named(self.option_label, self.option, locale)
        if english(locale):
            return self._head(locale) + f": option {name} ({self.option}) removed"
        return self._head(locale) + f"：删除选项{name}（{self.option}）"


@dataclass(frozen=True, kw_only=True)
class OptionChanged(FieldChange):
    """An option's label (or another of its properties, e.g. a stage's meaning) changed."""

    kind: ClassVar[str] = "option_changed"
    option: str
    prop: str
    old: Any
    new: Any

    def describe(self, locale="zh-CN"):
        head = self._head(locale) + (
            f": option {self.option}: " if english(locale) else f"：选项 {self.option} 的"
        )
        return head + from_to(self.prop, self.old, self.new, locale)


@dataclass(frozen=True, kw_only=True)
class OptionsReordered(FieldChange):
    """The options of a choice field are in a new order."""

    kind: ClassVar[str] = "options_reordered"
    old_order: tuple[str, ...]
    new_order: tuple[str, ...]

    def describe(self, locale="zh-CN"):
        old, new = ", ".join(self.old_order), ", ".join(self.new_order)
        if english(locale):
            return self._head(locale) + f": options reordered from {old} to {new}"
        return self._head(locale) + f"：选项顺序由 {old} 改为 {new}"


@dataclass(frozen=True, kw_only=True)
class ConfigChanged(FieldChange):
    """A widget setting other than the options (``None`` = not set)."""

    kind: ClassVar[str] = "config_changed"
    setting: str
    old: Any
    new: Any

    def describe(self, locale="zh-CN"):
        setting = quote(self.setting, locale)
        old, new = phrase(self.setting, self.old, locale), phrase(self.setting, self.new, locale)
        if english(locale):
            if self.old is None:
                return self._head(locale) + f": setting {setting} set to {new}"
            if self.new is None:
                return self._head(locale) + f": setting {setting} removed (was {old})"
            return self._head(locale) + f": setting {setting} changed from {old} to {new}"
        if self.old is None:
            return self._head(locale) + f"：设置项{setting}设为 {new}"
        if self.new is None:
            return self._head(locale) + f"：移除设置项{setting}（原为 {old}）"
        return self._head(locale) + f"：设置项{setting}由 {old} 改为 {new}"
