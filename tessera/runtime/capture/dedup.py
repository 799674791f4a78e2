"""Finding a record already known: exact keys (phone in E.164, canonical email: the widget's
``exact_match``) and fuzzy text (company and name together, with rapidfuzz). The form's
``dedup`` (a :class:`~tessera.builder.DedupSpec`, compiled with the app) says which fields
match, the fuzzy threshold and the policy (``merge`` or ``flag``).

Text fields match together: the last one listed (the person's name in the lead template) is
the anchor and must agree exactly, ignoring case and surrounding spaces — fuzzy scores on
two-character Chinese names mean nothing — and every text field must reach the threshold
(so the company is compared fuzzily, without suffixes such as 有限公司 or Co., Ltd.).

An exact key shared by colleagues — a company switchboard, a role mailbox such as
``sales@…`` (the widget's ``exact_match.personal()`` says which) — is not evidence of the
same person on its own: it counts only with the same name, else the match is *uncertain*
and the caller flags the pair for review instead of merging two people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from rapidfuzz import fuzz

from tessera.builder import DedupSpec
from tessera.widgets import regions
from tessera.widgets.matching import fuzzy_anchor

COMPANY_SUFFIXES = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|公司|co\.?,?\s*ltd\.?|inc\.?|llc|ltd\.?|corp\.?)$",
    re.IGNORECASE,
)


# A branch or a place written into a company name: 华东精密制造(上海)有限公司,
# 华东精密制造有限公司上海分公司 — the same company as 华东精密制造有限公司.
_PLACE_IN_NAME = re.compile(r"[(（][^()（）]{1,12}[)）]")


@cache
def _branch() -> re.Pattern:
    places = {regions.short_name(p["name"]) for p in regions.provinces()}
    places |= {regions.short_name(c["name"]) for p in regions.provinces() for c in p["cities"]}
    names = "|".join(sorted(places, key=len, reverse=True))
    return re.compile(f"(有限公司|公司|集团)?(?:{names})(?:省|市)?分公司$")


def fuzzy_text(value) -> str:
    """Text compared fuzzily: lower-case, no spaces or punctuation, no place in brackets,
    no branch (…上海分公司), no company suffix."""
    text = _PLACE_IN_NAME.sub("", str(value or "").lower())
    text = re.sub(r"[\s\W_]+", "", text)
    if text.endswith("分公司"):
        text = _branch().sub(lambda m: m.group(1) or "", text) or text
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
    certain: bool = True  # False: only a shared key (switchboard, role mailbox) agrees


def _name_key(value) -> str | None:
    text = re.sub(r"\s+", "", str(value or "")).lower()
    return text or None


def _exact_match(policy, key, exact, wanted, found_id, found_name, values) -> Match:
    """A match on one exact key: certain when the key is a person's own, or when the
    names agree too."""
    if exact.personal(wanted):
        return Match(found_id, key)
    same_name = policy.anchor and _name_key(values.get(policy.anchor)) == _name_key(found_name)
    if same_name and found_name:
        return Match(found_id, f"{key}+{policy.anchor}")
    return Match(found_id, key, certain=False)


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
        uncertain = None
        anchor = self.policy.anchor
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            if wanted is None:
                continue
            column = self.t.c[key]
            name = self.t.c[anchor] if anchor else sa.null()
            where = exact.narrow(column, wanted)
            rows = self.conn.execute(
                sa.select(self.t.c.id, column, name).where(alive & where).order_by(self.t.c.id)
            )
            for record_id, stored, stored_name in rows:
                if exact.key(stored) != wanted:
                    continue
                match = _exact_match(
                    self.policy, key, exact, wanted, record_id, stored_name, values
                )
                if match.certain:
                    return match
                uncertain = uncertain or match
        return self._fuzzy(values, alive) or uncertain

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
    """The anchor field's value without spaces, lower-cased; None when a text field is
    empty."""
    if not policy.fuzzy or any(not str(values.get(k) or "").strip() for k in policy.fuzzy):
        return None
    # No spaces at all: 王 芳 and 王芳 are one name. (The table's anchor index holds the
    # trimmed name, so a stored 王 芳 is found by the import's in-memory index only.)
    return re.sub(r"\s+", "", str(values[policy.anchor])).lower()


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
        self.exact: dict[tuple[str, str], tuple[int, str | None]] = {}
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
        """Remember a record's keys (first record wins an exact key) and its name."""
        name = values.get(self.policy.anchor) if self.policy.anchor else None
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            if wanted is not None:
                self.exact.setdefault((key, wanted), (record_id, name))
        bucket = self._bucket(values)
        if bucket is not None:
            entry = {"id": record_id, **{k: values.get(k) for k in self.policy.fuzzy}}
            self.fuzzy.setdefault(bucket, []).append(entry)

    def renumber(self, old_id: int, new_id: int, values: dict) -> None:
        """Give a record added under a provisional id (e.g. before its batch was inserted)
        its real id, keeping its place in the index."""
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            held = self.exact.get((key, wanted)) if wanted is not None else None
            if held is not None and held[0] == old_id:
                self.exact[(key, wanted)] = (new_id, held[1])
        for entry in self.fuzzy.get(self._bucket(values), ()):
            if entry["id"] == old_id:
                entry["id"] = new_id

    def find(self, values: dict, *, exclude: int | None = None) -> Match | None:
        """The best known match for ``values``, or None."""
        uncertain = None
        for key, exact in self.policy.exact:
            wanted = exact.key(values.get(key))
            found = self.exact.get((key, wanted)) if wanted is not None else None
            if found is not None and found[0] != exclude:
                match = _exact_match(self.policy, key, exact, wanted, *found, values)
                if match.certain:
                    return match
                uncertain = uncertain or match
        bucket = self._bucket(values)
        if bucket is None:
            return uncertain
        candidates = [c for c in self.fuzzy.get(bucket, ()) if c["id"] != exclude]
        return _best(self.policy, values, candidates) or uncertain
