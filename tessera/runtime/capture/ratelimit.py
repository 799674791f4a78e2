"""Fixed-window rate limits kept in the database, so every server process shares them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tessera.runtime import clock
from tessera.runtime.tables import capture_rate_buckets as buckets


@dataclass(frozen=True)
class RateDecision:
    """Whether one more hit is allowed; ``retry_after`` seconds when it is not."""

    allowed: bool
    hits: int
    retry_after: int = 0


def hit(conn: sa.Connection, bucket: str, *, limit: int, window_s: int) -> RateDecision:
    """Count one hit on ``bucket`` in the current window and say whether it is within
    ``limit``. One upsert statement, atomic on both databases.

    Example::

        hit(conn, "ip:203.0.113.9", limit=10, window_s=60).allowed
    """
    now = int(clock.now().timestamp())
    window = now - now % window_s
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    statement = (
        dialect.insert(buckets)
        .values(bucket=bucket[:120], window_start=window, hits=1)
        .on_conflict_do_update(
            index_elements=[buckets.c.bucket, buckets.c.window_start],
            set_={"hits": buckets.c.hits + 1},
        )
        .returning(buckets.c.hits)
    )
    hits = conn.execute(statement).scalar_one()
    if hits == 1:  # first hit of a window: forget this bucket's older windows
        conn.execute(
            buckets.delete().where(
                (buckets.c.bucket == bucket[:120]) & (buckets.c.window_start < window)
            )
        )
    if hits > limit:
        return RateDecision(False, hits, retry_after=max(1, window + window_s - now))
    return RateDecision(True, hits)
