"""The phone number that identifies a person (``match: {phone}`` of behaviour events)."""

from tessera.builder.roles.base import Role, register


@register
class PhoneRole(Role):
    """Behaviour events find their record by this field (``POST /api/v1/events``)."""

    type = "phone"
    label = {"zh-CN": "电话", "en": "Phone"}
    wants = {"zh-CN": "电话字段", "en": "a phone field"}

    def accepts(self, widget):
        return widget.address == "phone"
