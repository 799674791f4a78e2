"""``wecom``: a WeCom group robot (企业微信群机器人) markdown message.

WeCom robots are not signed: the webhook URL's ``key`` is the secret. WeCom answers
``{"errcode": 0}`` when it took the message.
"""

from __future__ import annotations

from tessera.runtime.outbox.channels.base import Channel, post_json, robot_answer


class WeComChannel(Channel):
    type = "wecom"
    label = {"zh-CN": "企业微信机器人", "en": "WeCom robot"}

    def send(self, payload, endpoint, delivery, key):
        content = f"**{payload['title']}**\n{payload['text']}"
        return robot_answer(
            post_json(endpoint.url, {"msgtype": "markdown", "markdown": {"content": content}})
        )
