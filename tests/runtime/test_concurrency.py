"""A busy office on a real threaded server (loopback), on the SQLite default and PostgreSQL:
readers, submitters, editors and publishers at once never see a 5xx, and nothing a 2xx
acknowledged is lost (issue 9, items 1, 6 and 7)."""

from __future__ import annotations

from itertools import pairwise

import pytest
import sqlalchemy as sa

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tests.support.demo import ADMIN_EMAIL, demo_app
from tests.support.live_server import LiveServer
from tests.support.load import RECORDS, at_once, call, run_mixed, unique_lead


@pytest.fixture
def busy(settings, migrated_db_url):
    """The demo on a live threaded server: ``.url``, ``.token`` (the admin's), ``.tokens``
    (eight colleagues' tokens), ``.slug`` (a public link), ``.engine``; capture rate limits
    raised so the load is not refused as spam."""
    app = demo_app(settings, users={f"ops{i}@example.com": "admin" for i in range(8)}, csrf=False)
    app.config.update(CAPTURE_IP_LIMIT=10**6, CAPTURE_LINK_LIMIT=10**6, CAPTURE_MIN_FILL_S=0)
    token = app.tokens[ADMIN_EMAIL]
    link = app.test_client().post(
        "/api/v1/apps/leads/links",
        json={"form": "lead", "source": "website"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert link.status_code == 201, link.get_json()
    server = LiveServer()
    server.serve(app)
    engine = make_engine(settings.database_url)
    server.token, server.slug, server.engine = token, link.get_json()["slug"], engine
    server.tokens = [app.tokens[f"ops{i}@example.com"] for i in range(8)]  # one per colleague
    yield server
    server.stop()
    engine.dispose()
    app.extensions["tessera.engine"].dispose()


def _lead_ids(engine) -> set[int]:
    with engine.connect() as conn:
        table = AppCatalog().get(conn, "leads").form("lead").table
        return set(
            conn.execute(sa.select(table.c.id).where(table.c.deleted_at.is_(None))).scalars()
        )


def _statuses(replies) -> list[int]:
    return sorted(r.status for group in replies for r in group)


def _create(busy, **fields) -> int:
    reply = call(
        busy.url,
        "POST",
        RECORDS,
        json_body={"fields": {**unique_lead(), **fields}},
        token=busy.token,
    )
    assert reply.status == 201, reply.body
    return reply.body["id"]


def test_eight_readers_at_once(busy):
    _create(busy)
    replies = at_once(
        8,
        lambda i: [
            call(busy.url, "GET", f"{RECORDS}?per_page=5", token=busy.token) for _ in range(15)
        ],
    )
    assert set(_statuses(replies)) == {200}


def test_one_reader_and_four_submitters(busy):
    before = _lead_ids(busy.engine)

    def work(i):
        if i == 0:
            return [call(busy.url, "GET", RECORDS, token=busy.token) for _ in range(20)]
        return [
            call(busy.url, "POST", f"/f/{busy.slug}", json_body={"fields": unique_lead("访客")})
            for _ in range(10)
        ]

    replies = at_once(5, work)
    assert _statuses(replies) == [200] * 20 + [201] * 40
    assert len(_lead_ids(busy.engine) - before) == 40


def _company_chain(busy, record_id) -> list:
    """The timeline's company changes, oldest first: ``[[old, new], …]``."""
    timeline = call(busy.url, "GET", f"{RECORDS}/{record_id}/timeline", token=busy.token).body
    return [
        e["payload"]["changes"]["company"]
        for e in reversed(timeline["entries"])
        if e["kind"] == "updated" and "company" in e["payload"].get("changes", {})
    ]


def _assert_exact_chain(busy, record_id, *, first: str, count: int) -> None:
    chain = _company_chain(busy, record_id)
    assert len(chain) == count
    assert chain[0][0] == first
    assert [(a, b) for a, b in pairwise(chain) if b[0] != a[1]] == []  # no gap
    final = call(busy.url, "GET", f"{RECORDS}/{record_id}", token=busy.token).body
    assert final["fields"]["company"] == chain[-1][1]


def test_eight_threads_patching_one_record(busy):
    """Eight colleagues patch one record 25 times each: every PATCH succeeds and the
    timeline's old → new chain has no gap."""
    record_id = _create(busy, company="起点公司")

    def work(i):
        return [
            call(
                busy.url,
                "PATCH",
                f"{RECORDS}/{record_id}",
                json_body={"fields": {"company": f"公司 {i}-{j}"}},
                token=busy.tokens[i],
            )
            for j in range(25)
        ]

    assert set(_statuses(at_once(8, work))) == {200}
    _assert_exact_chain(busy, record_id, first="起点公司", count=200)


def test_two_hundred_concurrent_patches_keep_an_exact_timeline(busy):
    """200 PATCHes released at once: each entry's «old» is the previous entry's «new»."""
    record_id = _create(busy, company="起点公司")
    replies = at_once(
        200,
        lambda i: call(
            busy.url,
            "PATCH",
            f"{RECORDS}/{record_id}",
            json_body={"fields": {"company": f"公司 {i}"}},
            token=busy.tokens[i % 8],
        ),
    )
    assert {r.status for r in replies} == {200}
    _assert_exact_chain(busy, record_id, first="起点公司", count=200)


def test_four_simultaneous_publishes_one_wins_the_others_get_409(busy):
    draft = call(busy.url, "GET", "/api/v1/apps/leads/draft", token=busy.token).body
    document = draft["document"]
    lead = next(f for f in document["forms"] if f["key"] == "lead")
    lead["sections"][0]["fields"].append(
        {"key": "wechat", "type": "text", "label": {"zh-CN": "微信", "en": "WeChat"}}
    )
    saved = call(
        busy.url,
        "PUT",
        "/api/v1/apps/leads/draft",
        json_body={"document": document, "revision": draft["revision"]},
        token=busy.token,
    )
    assert saved.status == 200, saved.body
    before = call(busy.url, "GET", "/api/v1/apps/leads/versions", token=busy.token).body

    replies = at_once(
        4,
        lambda i: call(
            busy.url, "POST", "/api/v1/apps/leads/publish", json_body={}, token=busy.token
        ),
    )

    assert sorted(r.status for r in replies) == [201, 409, 409, 409], [r.body for r in replies]
    for loser in (r for r in replies if r.status == 409):
        assert loser.body["error"]["code"] == "conflict"
        assert "nothing to publish" in loser.body["error"]["message"]
    after = call(busy.url, "GET", "/api/v1/apps/leads/versions", token=busy.token).body
    assert len(after["versions"]) == len(before["versions"]) + 1
    created = _create(busy, wechat="zhang_wei")
    got = call(busy.url, "GET", f"{RECORDS}/{created}", token=busy.token).body
    assert got["fields"]["wechat"] == "zhang_wei"


def test_sixteen_clients_mixing_reads_writes_submissions_and_a_publish(busy):
    before = _lead_ids(busy.engine)
    run = run_mixed(busy.url, token=busy.token, slug=busy.slug, seconds=4, clients=16)
    assert run.failures() == []
    assert run.kinds["list"].count and run.kinds["create"].count and run.submitted
    assert run.kinds["patch"].count and run.published and run.published[0]
    after = _lead_ids(busy.engine)
    assert set(run.created_ids) <= after  # every acknowledged create is stored
    assert len(after - before) == len(run.created_ids) + run.submitted
