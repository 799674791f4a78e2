"""API tokens: shown once, stored as SHA-256 hashes.

Authenticating a token only reads. Its «last used» time is kept at a coarse grain
(:data:`LAST_USE_GRAIN`): when the stored time is older, the caller records the use later in
its own short write transaction (:func:`record_token_use`). Writing it on every call made
read-only requests write, which on SQLite failed 90% of 8 concurrent readers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.auth.users import User, user_by_id
from tessera.runtime.database import writer
from tessera.runtime.tables import api_tokens

PREFIX = "tsr_"
LAST_USE_GRAIN = dt.timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(conn: sa.Connection, user_id: int, *, name: str = "") -> str:
    """A new token for the user; only its hash is stored, so this is the one chance to see it."""
    token = PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        api_tokens.insert().values(
            user_id=user_id,
            token_hash=_digest(token),
            prefix=token[:10],
            name=name,
            created_at=clock.now(),
        )
    )
    return token


@dataclass(frozen=True)
class TokenUse:
    """An authenticated call: the user, the token's id and whether its stored «last used»
    time is older than :data:`LAST_USE_GRAIN` (then :func:`record_token_use` is due)."""

    user: User
    token_id: int
    last_use_due: bool


def authenticate_token(conn: sa.Connection, token: str) -> TokenUse | None:
    """The use of an unrevoked token of an active user, or None. Reads only.

    Example::

        use = authenticate_token(conn, "tsr_…")
        if use and use.last_use_due:
            record_token_use(engine, use.token_id)
    """
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = conn.execute(
        sa.select(api_tokens.c.id, api_tokens.c.user_id, api_tokens.c.last_used_at).where(
            (api_tokens.c.token_hash == _digest(token)) & api_tokens.c.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    user = user_by_id(conn, row.user_id)
    if user is None or not user.active:
        return None
    return TokenUse(user, row.id, _older_than_grain(row.last_used_at))


def user_for_token(conn: sa.Connection, token: str) -> User | None:
    """The active user owning an unrevoked token, or None (reads only)."""
    use = authenticate_token(conn, token)
    return None if use is None else use.user


def _older_than_grain(stamp: dt.datetime | None) -> bool:
    if stamp is None:
        return True
    if stamp.tzinfo is None:  # SQLite hands back naive UTC
        stamp = stamp.replace(tzinfo=dt.UTC)
    return clock.now() - stamp >= LAST_USE_GRAIN


# (database, token id) this process recorded recently, with the time until which it need not
# again: a burst of calls with one token makes one write, not one per call.
_recorded: dict[tuple[str, int], dt.datetime] = {}
_recorded_lock = threading.Lock()


def record_token_use(engine: sa.Engine, token_id: int) -> bool:
    """Store «last used: now» for a token, in its own short write transaction, unless this
    process already did within :data:`LAST_USE_GRAIN`. Returns whether it wrote."""
    now = clock.now()
    key = (str(engine.url), token_id)
    with _recorded_lock:
        if key in _recorded and _recorded[key] > now:
            return False
        if len(_recorded) > 10_000:  # forget expired entries now and then
            for old in [k for k, until in _recorded.items() if until <= now]:
                del _recorded[old]
        _recorded[key] = now + LAST_USE_GRAIN
    with writer(engine).begin() as conn:
        conn.execute(
            api_tokens.update().where(api_tokens.c.id == token_id).values(last_used_at=now)
        )
    return True
