"""Concurrent HTTP clients against a live server, for the concurrency tests and the benchmark.

Only the standard library (``http.client`` and threads): every client is a thread with its
own connection per request, as independent browsers and scripts would be.

Example::

    replies = at_once(8, lambda i: call(url, "GET", "/api/v1/apps", token=token))
    assert all(r.status == 200 for r in replies)
"""

from __future__ import annotations

import http.client
import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

RECORDS = "/api/v1/apps/leads/forms/lead/records"


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, parsed JSON body (None when not JSON), headers, seconds."""

    status: int
    body: object
    headers: dict
    seconds: float = 0.0


def call(
    base_url: str,
    method: str,
    path: str,
    *,
    json_body=None,
    token: str | None = None,
    headers: dict | None = None,
    timeout: float = 60,
) -> Reply:
    """One request on a new connection; a JSON body is sent as ``application/json``."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    sent = {"Accept-Language": "en", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = None
    if json_body is not None:
        data = json.dumps(json_body).encode()
        sent["Content-Type"] = "application/json"
    start = time.perf_counter()
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        seconds = time.perf_counter() - start
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        return Reply(response.status, body, dict(response.getheaders()), seconds)
    finally:
        conn.close()


def at_once(n: int, work: Callable[[int], Reply]) -> list[Reply]:
    """Run ``work(i)`` for ``i`` in ``range(n)`` in ``n`` threads released together."""
    barrier = threading.Barrier(n)
    replies: list = [None] * n

    def run(i):
        barrier.wait()
        try:
            replies[i] = work(i)
        except Exception as exc:  # a dropped connection counts as a failure, not a crash
            replies[i] = Reply(599, {"exception": repr(exc)}, {})

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return replies


_numbers = itertools.count(1)
_numbers_lock = threading.Lock()


def unique_lead(prefix: str = "客户") -> dict:
    """Field values of a lead nobody else has (dedup never merges two of them)."""
    with _numbers_lock:
        n = next(_numbers)
    stamp = f"{threading.get_ident() % 10_000:04d}{n:06d}"
    return {
        "name": f"{prefix}{stamp}",
        "phone": f"139{int(stamp) % 10**8:08d}",
        "email": f"lead{stamp}@example{n}.cn",
    }


@dataclass
class KindStats:
    """Replies of one kind of request during a mixed run."""

    statuses: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    def add(self, reply: Reply) -> None:
        self.statuses.append(reply.status)
        self.seconds.append(reply.seconds)

    @property
    def count(self) -> int:
        return len(self.statuses)

    @property
    def server_errors(self) -> int:
        return sum(1 for s in self.statuses if s >= 500)

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency in seconds (0 when nothing ran)."""
        if not self.seconds:
            return 0.0
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class MixedRun:
    """What a :func:`run_mixed` run did: per-kind stats, created ids, accepted submissions."""

    seconds: float
    kinds: dict = field(default_factory=dict)
    created_ids: list = field(default_factory=list)
    submitted: int = 0
    published: list = field(default_factory=list)
    lost: int = 0  # acknowledged but not stored, when the caller checks

    @property
    def server_errors(self) -> int:
        return sum(k.server_errors for k in self.kinds.values())

    def failures(self) -> list:
        """``(kind, status)`` of every reply a correct server never gives under load."""
        allowed = {"publish": {201, 409}}
        return [
            (kind, status)
            for kind, stats in self.kinds.items()
            for status in stats.statuses
            if status not in allowed.get(kind, {200, 201})
        ]


WEIGHTS = (("list", 40), ("create", 20), ("patch", 15), ("submit", 25))


def run_mixed(
    base_url: str, *, token: str, slug: str, seconds: float, clients: int = 16, seed: int = 7
) -> MixedRun:
    """``clients`` threads for ``seconds``: API list reads, API creates, PATCHes of records
    they created, public JSON submissions; halfway through, a designer (one more thread)
    saves a draft change and publishes it while the clients keep going."""
    kinds = {name: KindStats() for name, _ in WEIGHTS} | {"publish": KindStats()}
    run = MixedRun(seconds, kinds)
    lock = threading.Lock()
    names = [name for name, _ in WEIGHTS]
    weights = [w for _, w in WEIGHTS]
    start = time.perf_counter()
    deadline = start + seconds
    publish_at = start + seconds / 2

    def one(kind: str, rng: random.Random, mine: list) -> Reply:
        if kind == "list":
            return call(base_url, "GET", f"{RECORDS}?per_page=20", token=token)
        if kind == "create":
            return call(base_url, "POST", RECORDS, json_body={"fields": unique_lead()}, token=token)
        if kind == "patch":
            body = {"fields": {"company_size": rng.randint(1, 5000)}}
            return call(
                base_url, "PATCH", f"{RECORDS}/{rng.choice(mine)}", json_body=body, token=token
            )
        return call(base_url, "POST", f"/f/{slug}", json_body={"fields": unique_lead("访客")})

    def designer() -> None:
        time.sleep(max(0.0, publish_at - time.perf_counter()))
        run.published.append(publish_label_change(base_url, token, kinds["publish"], lock))

    def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        mine: list = []
        while time.perf_counter() < deadline:
            kind = rng.choices(names, weights)[0]
            if kind == "patch" and not mine:
                kind = "create"
            try:
                reply = one(kind, rng, mine)
            except Exception as exc:
                reply = Reply(599, {"exception": repr(exc)}, {})
            with lock:
                kinds[kind].add(reply)
                if kind == "create" and reply.status == 201:
                    run.created_ids.append(reply.body["id"])
                if kind == "submit" and reply.status == 201:
                    run.submitted += 1
            if kind == "create" and reply.status == 201:
                mine.append(reply.body["id"])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=designer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - start
    return run


def publish_label_change(base_url: str, token: str, stats: KindStats, lock) -> int | None:
    """Save the draft with a new app label and publish it (what a designer does)."""
    draft = call(base_url, "GET", "/api/v1/apps/leads/draft", token=token)
    document = draft.body["document"]
    document["label"] = {**document["label"], "en": f"Leads {time.time():.0f}"}
    saved = call(
        base_url,
        "PUT",
        "/api/v1/apps/leads/draft",
        json_body={"document": document, "revision": draft.body["revision"]},
        token=token,
    )
    reply = call(base_url, "POST", "/api/v1/apps/leads/publish", json_body={}, token=token)
    with lock:
        stats.add(
            Reply(saved.status if saved.status >= 500 else reply.status, None, {}, reply.seconds)
        )
    return reply.body.get("version") if reply.status == 201 else None
