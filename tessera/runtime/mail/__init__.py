"""Email to records' addresses: the app's email documents compiled once per version, rendered
per record and language, tracked (an open pixel, signed click redirects, an unsubscribe link)
when the outbox sends them, and the unsubscribe list every later send honours.

``emails.py`` compiles and renders, ``tracking.py`` rewrites a rendered email for sending,
``tokens.py`` signs what its links carry, ``receipts.py`` turns opens and clicks into
behaviour events, ``unsubscribes.py`` keeps the list; the SMTP side is the outbox's ``email``
channel.
"""

from tessera.runtime.mail.emails import CompiledEmail, Rendered, compile_email, email_language
from tessera.runtime.mail.unsubscribes import is_unsubscribed, unsubscribe

__all__ = [
    "CompiledEmail",
    "Rendered",
    "compile_email",
    "email_language",
    "is_unsubscribed",
    "unsubscribe",
]
