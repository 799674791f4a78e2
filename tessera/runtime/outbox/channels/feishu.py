"""``feishu``: a Feishu / Lark custom bot (飞书自定义机器人) text message.

With a signing secret (签名校验), the body carries ``timestamp`` (seconds) and ``sign``:
base64 of HMAC-SHA256 keyed by ``"{timestamp}\\n{secret}"`` over an empty message. Feishu
answers ``{"code": 0}`` (older bots ``{"StatusCode": 0}``) when it took the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from tessera.runtime.outbox.channels.base import Channel, post_json, robot_answer


def sign(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


class FeishuChannel(Channel):
    type = "feishu"
    label = {"zh-CN": "飞书机器人", "en": "Feishu robot"}

    def send(self, payload, endpoint, delivery, key):
        body = {"msg_type": "text", "content": {"text": f"{payload['title']}\n{payload['text']}"}}
        if endpoint.secret:
            timestamp = int(delivery.now.timestamp())
            body = {"timestamp": str(timestamp), "sign": sign(endpoint.secret, timestamp), **body}
        return robot_answer(post_json(endpoint.url, body))
