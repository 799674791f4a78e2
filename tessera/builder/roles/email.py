"""The email address that identifies a person (``match: {email}`` of behaviour events)."""

from tessera.builder.roles.base import Role, register


@register
class EmailRole(Role):
    """Behaviour events find their record by this field (``POST /api/v1/events``)."""

    type = "email"
    label = {"zh-CN": "邮箱", "en": "Email"}
    wants = {"zh-CN": "邮箱字段", "en": "an email field"}

    def accepts(self, widget):
        return widget.address == "email"
