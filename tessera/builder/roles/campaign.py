"""The campaign: the marketing campaign a record came from, set by its public link."""

from tessera.builder.roles.base import Role, register


@register
class CampaignRole(Role):
    """A public link links each record it brings in to its campaign through this field."""

    type = "campaign"
    label = {"zh-CN": "市场活动", "en": "Campaign"}
    wants = {"zh-CN": "关联记录字段", "en": "a linked-record field"}

    def accepts(self, widget):
        return widget.refers_to == "record"
