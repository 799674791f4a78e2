"""The language a record's person reads: which version of an email they get."""

from tessera.builder.roles.base import Role, register


@register
class LanguageRole(Role):
    """Emails go out in this field's language: a value starting with ``en`` (an option key
    or text such as ``en``, ``en-US``) gets English, anything else or nothing zh-CN."""

    type = "language"
    label = {"zh-CN": "语言", "en": "Language"}
    wants = {"zh-CN": "文本或单选字段", "en": "a text or choice field"}

    def accepts(self, widget):
        return widget.value_type == "string" and not widget.computed and widget.refers_to is None
