"""``notice``: a plain email to a user of the platform (a lead was assigned to them), for
those who asked for one besides the in-app notification. No tracking and no unsubscribe
link — it is the user's own setting, switched off on their notifications page."""

from __future__ import annotations

import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from tessera.runtime.outbox.channels.base import Channel, SendFailed
from tessera.runtime.outbox.channels.email import deliver, sender


class NoticeChannel(Channel):
    type = "notice"
    label = {"zh-CN": "通知邮件", "en": "Notice email"}
    via_connection = False  # the target is the user's address

    def send(self, payload, endpoint, delivery, key):
        settings = delivery.settings
        smtp = dict(getattr(settings, "smtp", None) or {})
        if not smtp.get("host"):
            return {"not_sent": "smtp_not_configured", "to": endpoint.address}
        if settings is None or not getattr(settings, "base_url", None):
            raise SendFailed("a notice needs the server's public address", permanent=True)
        link = settings.base_url.rstrip("/") + payload["path"]
        from_header = sender(smtp)
        domain = parseaddr(from_header)[1].rpartition("@")[2] or "tessera.local"
        message = EmailMessage()
        message["Subject"] = payload["subject"]
        message["From"] = from_header
        message["To"] = Address(addr_spec=endpoint.address)
        message["Date"] = format_datetime(delivery.now)
        message["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
        message.set_content(f"{payload['text']}\n\n{link}\n")
        return {"to": endpoint.address, **deliver(message, smtp)}
