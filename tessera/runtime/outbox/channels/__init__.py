"""Delivery channels, one module each; the registry is frozen once loaded."""

from tessera.runtime.outbox.channels.base import (
    Channel,
    Delivery,
    Endpoint,
    SendFailed,
    channel_registry,
)
from tessera.runtime.outbox.channels.dingtalk import DingTalkChannel
from tessera.runtime.outbox.channels.email import EmailChannel
from tessera.runtime.outbox.channels.feishu import FeishuChannel
from tessera.runtime.outbox.channels.notice import NoticeChannel
from tessera.runtime.outbox.channels.webhook import WebhookChannel
from tessera.runtime.outbox.channels.wecom import WeComChannel

for _channel in (
    WebhookChannel(),
    DingTalkChannel(),
    WeComChannel(),
    FeishuChannel(),
    EmailChannel(),
    NoticeChannel(),
):
    channel_registry.register(_channel)
channel_registry.freeze()

ROBOTS = frozenset({"dingtalk", "wecom", "feishu"})

__all__ = ["ROBOTS", "Channel", "Delivery", "Endpoint", "SendFailed", "channel_registry"]
