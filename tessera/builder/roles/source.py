"""The source: the channel a record came from, set by the public link it came through."""

from tessera.builder.roles.base import Role, register


@register
class SourceRole(Role):
    """A public link writes its channel (``website``, ``trade_show`` …) into this field."""

    type = "source"
    label = {"zh-CN": "来源", "en": "Source"}
    wants = {"zh-CN": "用户填写的文本或单选字段", "en": "a text or choice field people fill in"}

    def accepts(self, widget):
        return widget.value_type == "string" and not widget.computed and widget.refers_to is None
