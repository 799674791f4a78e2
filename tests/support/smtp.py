"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, or refuses it."""

from __future__ import annotations

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """``with Inbox() as inbox:`` serves SMTP on ``inbox.port``; ``inbox.messages`` are the
    parsed messages (``email.message.EmailMessage``), ``inbox.envelopes`` (from, [to]).
    ``refuse="550 5.1.1 No such user"`` answers every RCPT with that line instead."""

    def __init__(self, refuse: str | None = None):
        self.refuse = refuse
        self.messages: list = []
        self.envelopes: list = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def settings(self) -> dict:
        """``Settings.smtp`` for this server."""
        return {"host": "127.0.0.1", "port": str(self.port), "from": "线索管理 <news@example.com>"}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def __enter__(self) -> Inbox:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
