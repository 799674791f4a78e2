"""The owner: the user a record belongs to (row scope, assignment)."""

from tessera.builder.roles.base import Role, register


@register
class OwnerRole(Role):
    """A sales rep sees the records they own and the unowned ones (the public pool)."""

    type = "owner"
    label = {"zh-CN": "负责人", "en": "Owner"}
    wants = {"zh-CN": "人员字段", "en": "a user field"}

    def accepts(self, widget):
        return widget.refers_to == "user"
