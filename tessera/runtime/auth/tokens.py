"""API tokens: shown once, stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.auth.users import User, user_by_id
from tessera.runtime.tables import api_tokens

PREFIX = "tsr_"


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


def user_for_token(conn: sa.Connection, token: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = conn.execute(
        sa.select(api_tokens.c.id, api_tokens.c.user_id).where(
            (api_tokens.c.token_hash == _digest(token)) & api_tokens.c.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    user = user_by_id(conn, row.user_id)
    if user is None or not user.active:
        return None
    conn.execute(
        api_tokens.update().where(api_tokens.c.id == row.id).values(last_used_at=clock.now())
    )
    return user
