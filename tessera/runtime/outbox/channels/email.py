"""``email``: one email over SMTP (``TESSERA_SMTP_*``), multipart text + HTML.

The message a ``send_email`` step queued is made ready here (:mod:`tessera.runtime.mail.tracking`:
click redirects, open pixel, unsubscribe link), because signing needs the server's secret key
and its public address. Port 465 speaks TLS from the start; any other port upgrades with
STARTTLS when the server offers it, and a password is only sent encrypted (or to a server on
this machine). ``Message-ID`` is derived from the message's key, so a repeat after a lost
lease carries the same id. ``List-Unsubscribe`` (+ ``List-Unsubscribe-Post: One-Click``) lets
mail clients offer the unsubscribe button.

Without ``TESSERA_SMTP_HOST`` nothing is sent: the message is recorded as *not sent* (its
result says why), which the run history shows; it is not an error.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from tessera.runtime.mail.tokens import MessageRef
from tessera.runtime.mail.tracking import tracked
from tessera.runtime.outbox.channels.base import Channel, SendFailed

TIMEOUT_S = 30
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class EmailChannel(Channel):
    type = "email"
    label = {"zh-CN": "邮件", "en": "Email"}
    via_connection = False  # the target is the recipient's address

    def send(self, payload, endpoint, delivery, key):
        settings = delivery.settings
        if settings is None:
            raise SendFailed("email needs the server's settings (secret key, base URL)")
        ref = MessageRef(
            payload["app"],
            payload["form"],
            payload["record_id"],
            key,
            payload["email"],
            endpoint.address,
            payload.get("language", "zh-CN"),
        )
        ready = tracked(
            payload["html"],
            subject=payload["subject"],
            ref=ref,
            secret_key=settings.secret_key,
            base_url=settings.base_url,
        )
        smtp = dict(getattr(settings, "smtp", None) or {})
        if not smtp.get("host"):
            return {"not_sent": "smtp_not_configured", "to": endpoint.address}
        message = build_message(
            payload, ready, smtp, to=endpoint.address, key=key, now=delivery.now
        )
        answer = deliver(message, smtp)
        return {"to": endpoint.address, "message_id": message["Message-ID"], **answer}


def sender(smtp: dict) -> str:
    """The From address: ``TESSERA_SMTP_FROM``, else the login, else no-reply at the host."""
    return smtp.get("from") or smtp.get("user") or f"no-reply@{smtp['host']}"


def build_message(payload: dict, ready, smtp: dict, *, to: str, key: str, now) -> EmailMessage:
    """The MIME message: text and HTML alternatives and the headers mail clients read."""
    from_header = sender(smtp)
    domain = parseaddr(from_header)[1].rpartition("@")[2] or "tessera.local"
    message = EmailMessage()
    message["Subject"] = payload["subject"]
    message["From"] = from_header
    message["To"] = Address(addr_spec=to) if "@" in to else to
    message["Date"] = format_datetime(now)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    message["Message-ID"] = f"<{digest}@{domain}>"
    message["List-Unsubscribe"] = f"<{ready.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(ready.text)
    message.add_alternative(ready.html, subtype="html")
    return message


def deliver(message: EmailMessage, smtp: dict) -> dict:
    """Hand ``message`` to the SMTP server; :class:`SendFailed` on a refusal (a 5xx answer is
    permanent, a 4xx answer, a dropped connection or a timeout is retried)."""
    host = smtp["host"]
    try:
        port = int(smtp.get("port") or 25)
    except ValueError:
        raise SendFailed(
            f"TESSERA_SMTP_PORT is not a port number: {smtp.get('port')!r}", permanent=True
        ) from None
    try:
        if port == 465:
            client = smtplib.SMTP_SSL(
                host, port, timeout=TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(host, port, timeout=TIMEOUT_S)
        with client:
            client.ehlo()
            encrypted = port == 465
            if not encrypted and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
                encrypted = True
            if smtp.get("user"):
                if not encrypted and host not in LOOPBACK:
                    raise SendFailed(
                        f"{host}:{port} offers no encryption (STARTTLS); the SMTP password is"
                        " not sent in clear text",
                        permanent=True,
                    )
                client.login(smtp["user"], smtp.get("password") or "")
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _refusal(code, text) from None
    except smtplib.SMTPResponseException as exc:
        raise _refusal(exc.smtp_code, exc.smtp_error) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"could not reach the SMTP server {host}:{port}: {exc}") from None
    if refused:
        code, text = next(iter(refused.values()))
        raise _refusal(code, text)
    return {"smtp": f"{host}:{port}"}


def _refusal(code: int, text) -> SendFailed:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return SendFailed(f"SMTP {code}: {text}"[:300], permanent=500 <= code < 600)
