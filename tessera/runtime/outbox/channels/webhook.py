"""``webhook``: the payload as a JSON POST, signed with HMAC-SHA256 over timestamp and body.

Headers: ``Tessera-Timestamp`` (Unix seconds), ``Tessera-Signature`` (``sha256=`` + the hex
HMAC of ``"{timestamp}.{body}"`` with the connection's secret; absent without a secret),
``Tessera-Idempotency-Key`` (the same on every retry of one message) — docs/flows.md shows
how a receiver checks them.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from tessera.runtime.outbox.channels.base import Channel, post_bytes


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of ``timestamp + "." + body`` keyed by ``secret``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class WebhookChannel(Channel):
    type = "webhook"
    label = {"zh-CN": "Webhook", "en": "Webhook"}

    def send(self, payload, endpoint, delivery, key):
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(delivery.now.timestamp()))
        headers = {"Tessera-Timestamp": timestamp, "Tessera-Idempotency-Key": key}
        if endpoint.secret:
            headers["Tessera-Signature"] = signature(endpoint.secret, timestamp, body)
        answer = post_bytes(endpoint.url, body, headers)
        return {"status": answer["status"]}
