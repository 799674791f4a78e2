"""Finding a record already known: exact keys (phone in E.164, canonical email: the widget's
``exact_match``) and fuzzy text (company and name together, with rapidfuzz). The form's
``dedup`` (a :class:`~tessera.builder.DedupSpec`, compiled with the app) says which fields
match, the fuzzy threshold and the policy (``merge`` or ``flag``).

Text fields match together: the last one listed (the person's name in the lead template) is
the anchor and must agree exactly, ignoring case and surrounding spaces — fuzzy scores on
two-character Chinese names mean nothing — and every text field must reach the threshold
(so the company is compared fuzzily, without suffixes such as 有限公司 or Co., Ltd.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz

from tessera.builder import DedupSpec
from tessera.widgets.matching import fuzzy_anchor

COMPANY_SUFFIXES = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|公司|co\.?,?\s*ltd\.?|inc\.?|llc|ltd\.?|corp\.?)$",
    re.IGNORECASE,
)


def fuzzy_text(value) -> str:
    """Text compared fuzzily: lower-case, no spaces or punctuation, no company suffix."""
    text = re.sub(r"[\s\W_]+", "", str(value or "").lower())
    return COMPANY_SUFFIXES.sub("", text) or text


def fuzzy_score(policy: DedupSpec, a: dict, b: dict) -> int:
    """The lowest similarity (0–100) of ``a`` and ``b`` over the policy's fuzzy fields; 0 when
    one is empty."""
    scores = []
    for key in policy.fuzzy:
        left, right = fuzzy_text(a.get(key)), fuzzy_text(b.get(key))
        if not left or not right:
            return 0
        scores.append(fuzz.ratio(left, right))
    return int(min(scores)) if scores else 0


@dataclass(frozen=True)
class Match:
    """A record that ``values`` duplicates, why, and how sure (0–100)."""

    record_id: int
    reason: str
    score: int = 100


class SqlIndex:
    """Looks candidates up in the form's table (one submission at a time).

    Example::

        SqlIndex(conn, form, form.spec.dedup).find({"phone": "+8613800138000"})
    """

    def __init__(self, conn: sa.Connection, form, policy: DedupSpec):
        self.conn, self.form, self.policy, self.t = conn, form, policy, form.table

    def add(self, record_id: int, values: dict) -> None:
        """Nothing to remember: the table is the index."""

    def find(self, values: dict, *, exclude: int | None = None) -> Match | None:
        """The best existing match for ``values``, or None."""
        alive = self.t.c.deleted_at.is_(None)
        if exclude is not None:
            alive = alive & (self.t.c.id != exclude)
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            if wanted is None:
                continue
            column = self.t.c[key]
            where = exact.narrow(column, wanted)
            rows = self.conn.execute(
                sa.select(self.t.c.id, column).where(alive & where).order_by(self.t.c.id)
            )
            for record_id, stored in rows:
                if exact.key(stored) == wanted:
                    return Match(record_id, key)
        return self._fuzzy(values, alive)

    def _fuzzy(self, values: dict, alive) -> Match | None:
        anchor = anchor_key(self.policy, values)
        if anchor is None:
            return None
        column = self.t.c[self.policy.anchor]
        cols = [self.t.c.id] + [self.t.c[k] for k in self.policy.fuzzy]
        rows = self.conn.execute(
            sa.select(*cols)
            .where(alive & (fuzzy_anchor(column) == anchor))
            .order_by(self.t.c.id)
            .limit(500)
        )
        return _best(self.policy, values, (r._mapping for r in rows))


def anchor_key(policy: DedupSpec, values: dict) -> str | None:
    """The anchor field's value, trimmed and lower-cased; None when a text field is empty."""
    if not policy.fuzzy or any(not str(values.get(k) or "").strip() for k in policy.fuzzy):
        return None
    return str(values[policy.anchor]).strip().lower()


def _best(policy: DedupSpec, values: dict, candidates) -> Match | None:
    best = None
    for candidate in candidates:
        score = fuzzy_score(policy, values, candidate)
        if score >= policy.threshold and (best is None or score > best.score):
            best = Match(candidate["id"], "+".join(policy.fuzzy), score)
    return best


class MemoryIndex:
    """Every existing record's keys held in memory, for imports (one scan, then O(1) per
    row). Rows added during the import are added here too.

    Example::

        index = MemoryIndex.load(conn, form, form.spec.dedup)
        index.find(values) or index.add(new_id, values)
    """

    def __init__(self, policy: DedupSpec):
        self.policy = policy
        self.exact: dict[tuple[str, str], int] = {}
        self.fuzzy: dict[tuple, list[dict]] = {}

    @classmethod
    def load(cls, conn: sa.Connection, form, policy: DedupSpec) -> MemoryIndex:
        """Scan the form's live records once (streamed)."""
        index = cls(policy)
        keys = [k for k, _ in policy.exact] + list(policy.fuzzy)
        t = form.table
        result = conn.execute(
            sa.select(t.c.id, *[t.c[k] for k in keys])
            .where(t.c.deleted_at.is_(None))
            .execution_options(yield_per=2000)
        )
        for row in result:
            values = dict(row._mapping)
            index.add(values.pop("id"), values)
        return index

    def _bucket(self, values: dict) -> str | None:
        return anchor_key(self.policy, values)

    def add(self, record_id: int, values: dict) -> None:
        """Remember a record's keys (first record wins an exact key)."""
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            if wanted is not None:
                self.exact.setdefault((key, wanted), record_id)
        bucket = self._bucket(values)
        if bucket is not None:
            entry = {"id": record_id, **{k: values.get(k) for k in self.policy.fuzzy}}
            self.fuzzy.setdefault(bucket, []).append(entry)

    def renumber(self, old_id: int, new_id: int, values: dict) -> None:
        """Give a record added under a provisional id (e.g. before its batch was inserted)
        its real id, keeping its place in the index."""
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            if wanted is not None and self.exact.get((key, wanted)) == old_id:
                self.exact[(key, wanted)] = new_id
        for entry in self.fuzzy.get(self._bucket(values), ()):
            if entry["id"] == old_id:
                entry["id"] = new_id

    def find(self, values: dict, *, exclude: int | None = None) -> Match | None:
        """The best known match for ``values``, or None."""
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            found = self.exact.get((key, wanted)) if wanted is not None else None
            if found is not None and found != exclude:
                return Match(found, key)
        bucket = self._bucket(values)
        if bucket is None:
            return None
        candidates = [c for c in self.fuzzy.get(bucket, ()) if c["id"] != exclude]
        return _best(self.policy, values, candidates)
