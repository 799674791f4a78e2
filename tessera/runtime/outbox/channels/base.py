"""The interface of a delivery channel, and the HTTP post the robot channels share."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from tessera.registry import Registry

TIMEOUT_S = 10
MAX_RESPONSE = 64 * 1024


class SendFailed(Exception):
    """The receiver refused or could not be reached; ``permanent`` skips the retries."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Endpoint:
    """Where a message goes: a connection's URL and signing secret, or an email address."""

    kind: str
    url: str = ""
    secret: str | None = None
    address: str = ""


@dataclass
class Delivery:
    """What a channel needs besides the message: settings (SMTP, base URL) and the clock."""

    settings: object
    now: object
    extra: dict = field(default_factory=dict)


class Channel:
    """Sends one queued message; returns what the receiver answered (kept on the message).

    Example::

        class WeComChannel(Channel):
            type = "wecom"

            def send(self, payload, endpoint, delivery, key):
                return post_json(endpoint.url, {"msgtype": "text", …})
    """

    type: str = ""
    label: dict = {}
    via_connection: bool = True  # the target is a connection's key (False: an address)

    def send(self, payload: dict, endpoint: Endpoint, delivery: Delivery, key: str) -> dict:
        raise NotImplementedError


channel_registry: Registry[Channel] = Registry("channel")


def post_json(url: str, body: dict, headers: dict | None = None) -> dict:
    """POST ``body`` as JSON; returns ``{"status", "body"}``. A 4xx answer (other than 408
    and 429) is permanent; 5xx, timeouts and refused connections are retried."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return post_bytes(url, data, headers)


def post_bytes(url: str, data: bytes, headers: dict | None = None) -> dict:
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            text = response.read(MAX_RESPONSE).decode("utf-8", "replace")
            return {"status": response.status, "body": text}
    except urllib.error.HTTPError as exc:
        text = exc.read(MAX_RESPONSE).decode("utf-8", "replace")
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
        raise SendFailed(f"HTTP {exc.code}: {text[:300]}", permanent=permanent) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendFailed(f"could not reach {url.split('?')[0]}: {reason}") from None


def robot_answer(result: dict, code_keys=("errcode", "code", "StatusCode")) -> dict:
    """A robot API answers 200 with an error code in the body; non-zero is a refusal."""
    try:
        body = json.loads(result["body"] or "{}")
    except ValueError:
        raise SendFailed(f"unexpected answer: {result['body'][:300]}") from None
    for key in code_keys:
        if key in body and body[key] not in (0, "0"):
            message = body.get("errmsg") or body.get("msg") or body.get("StatusMessage") or ""
            raise SendFailed(f"refused ({key} {body[key]}): {message}", permanent=True)
    return {"status": result["status"], "body": body}
