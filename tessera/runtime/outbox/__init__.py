"""Side effects that leave the system (webhooks, robot messages, email), sent after the step
that asked for them commits: queued once per idempotency key, delivered with a lease and
retried with backoff."""

from tessera.runtime.outbox.delivery import deliver_due
from tessera.runtime.outbox.queue import enqueue

__all__ = ["deliver_due", "enqueue"]
