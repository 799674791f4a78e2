"""``dingtalk``: a DingTalk group robot (钉钉自定义机器人) markdown message.

With a signing secret (加签), the URL carries ``timestamp`` (milliseconds) and ``sign``:
base64 of HMAC-SHA256 over ``"{timestamp}\\n{secret}"`` keyed by the secret, URL-encoded.
DingTalk answers ``{"errcode": 0}`` when it took the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

from tessera.runtime.outbox.channels.base import Channel, post_json, robot_answer


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """``url`` with DingTalk's ``timestamp`` and ``sign`` parameters."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign}"


class DingTalkChannel(Channel):
    type = "dingtalk"
    label = {"zh-CN": "钉钉机器人", "en": "DingTalk robot"}

    def send(self, payload, endpoint, delivery, key):
        url = endpoint.url
        if endpoint.secret:
            url = signed_url(url, endpoint.secret, int(delivery.now.timestamp() * 1000))
        body = {
            "msgtype": "markdown",
            "markdown": {"title": payload["title"], "text": payload["text"]},
        }
        return robot_answer(post_json(url, body))
