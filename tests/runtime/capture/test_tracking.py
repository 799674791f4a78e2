"""Visitor tokens and page views reported by a website's snippet: a token names a
submission (or, in Tessera's own emails, a record), and only what its browser does counts."""

import json

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from tessera.runtime.capture.tracking import Visitor, read_visitor_token, visitor_token
from tessera.runtime.tables import events

SECRET = "test"  # the settings fixture's secret key


@pytest.mark.parametrize(
    "visitor", [Visitor("leads", "lead", 12), Visitor("leads", "lead", 3, "s")]
)
def test_a_token_names_a_record_or_a_submission_and_cannot_be_forged(visitor):
    token = visitor_token("secret", visitor)
    assert read_visitor_token("secret", token) == visitor
    assert read_visitor_token("other-secret", token) is None
    assert read_visitor_token("secret", token[:-2] + "xx") is None
    for junk in (None, 12, "", "a" * 500, ["x"]):
        assert read_visitor_token("secret", junk) is None


def test_first_version_tokens_which_named_any_submissions_record_are_refused():
    old = URLSafeSerializer("secret", salt="tessera.visitor.v1").dumps(["leads", "lead", 12])
    assert read_visitor_token("secret", old) is None


def _submit(leads):
    url = leads.link()["url"].split("127.0.0.1:5000")[-1]
    body = {"name": "访客", "phone": "13800138000", "email": "v@acme.cn"}
    response = leads.client.post(url, json=body)
    assert response.status_code == 201
    return response.get_json()


def _score(leads, record_id):
    got = leads.client.get(f"/api/v1/apps/leads/forms/lead/records/{record_id}", headers=leads.auth)
    return got.get_json()["fields"]["score"]


def test_a_page_view_with_the_visitor_token_lands_on_the_lead_and_scores(leads):
    answer = _submit(leads)
    lead_id = leads.landed_in()
    before = _score(leads, lead_id)
    response = leads.client.post(
        "/t/page-view",
        data=json.dumps(
            {"t": answer["visitor_token"], "page": "pricing", "url": "https://acme.example/pricing"}
        ),
        content_type="text/plain",
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert _score(leads, lead_id) == before + 15, "page_view(pricing) is worth 15 points"
    timeline = leads.client.get(
        f"/api/v1/apps/leads/forms/lead/records/{lead_id}/timeline", headers=leads.auth
    ).get_json()["entries"]
    assert any(e["kind"] == "event" and e["payload"]["type"] == "page_view" for e in timeline)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ('{"t": "forged", "page": "pricing"}', 400),
        ('{"t": "%(t)s", "page": ""}', 422),
        ('{"t": "%(t)s", "page": "%(long)s"}', 422),
    ],
)
def test_bad_page_views_store_nothing(leads, body, status):
    answer = _submit(leads)
    text = body % {"t": answer["visitor_token"], "long": "p" * 300} if "%(" in body else body
    before = _score(leads, leads.landed_in())
    response = leads.client.post("/t/page-view", data=text, content_type="text/plain")
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
    assert _score(leads, leads.landed_in()) == before


def test_page_views_are_rate_limited_per_lead(leads):
    token = _submit(leads)["visitor_token"]
    statuses = [
        leads.client.post("/t/page-view", json={"t": token, "page": f"p{i}"}).status_code
        for i in range(32)
    ]
    assert statuses[:30] == [204] * 30
    assert statuses[30:] == [429, 429]


def test_the_form_page_hands_the_token_to_an_embedding_site(leads):
    link = leads.link()
    path = link["url"].split("127.0.0.1:5000")[-1]
    page = leads.client.get(path).get_data(as_text=True)
    token = page.split('name="_token" value="')[1].split('"')[0]
    response = leads.client.post(
        path, data={"_token": token, "name": "嵌入", "phone": "13900139000"}
    )
    assert response.status_code == 303 and "tl=" in response.headers["Location"]
    thanks = leads.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "postMessage" in thanks and "tessera_visitor" in thanks


def test_the_snippet_names_this_server(leads):
    response = leads.client.get("/t/track.js")
    assert response.status_code == 200 and response.mimetype == "application/javascript"
    assert "http://127.0.0.1:5000/t/page-view" in response.get_data(as_text=True)


def _timeline(leads, record_id):
    url = f"/api/v1/apps/leads/forms/lead/records/{record_id}/timeline"
    return leads.client.get(url, headers=leads.auth).get_json()["entries"]


def test_the_answer_is_a_receipt_that_never_names_the_record(leads):
    for _ in range(3):  # records 1-3 exist before the public submissions below
        leads.client.post(
            "/api/v1/apps/leads/forms/lead/records",
            json={"fields": {"name": "x"}},
            headers=leads.auth,
        )
    new = _submit(leads)
    new_record = leads.landed_in()
    merged = _submit(leads)  # same phone and email: merged into the lead just created
    assert leads.landed_in() == new_record
    for answer in (new, merged):
        assert set(answer) == {"submission", "visitor_token"}
        assert set(answer["submission"]) == {"id"} and answer["submission"]["id"].startswith("s_")
        kind, _app, _form, named = URLSafeSerializer(SECRET, salt="tessera.visitor.v2").loads(
            answer["visitor_token"]
        )
        assert kind == "s" and named != new_record, "the token names the submission"
    assert new["submission"]["id"] != merged["submission"]["id"]


def test_a_merged_submission_cannot_inflate_the_lead_it_matched(leads):
    """Issue 9: posting an existing lead's name and email, then three page views with the
    token, raised that lead's score from 25 to 40."""
    existing = leads.client.post(
        "/api/v1/apps/leads/forms/lead/records",
        json={"fields": {"name": "王总", "email": "wang@acme.cn", "title": "采购经理"}},
        headers=leads.auth,
    ).get_json()
    url = leads.link()["url"].split("127.0.0.1:5000")[-1]
    answer = leads.client.post(url, json={"name": "王总", "email": "wang@acme.cn"}).get_json()
    assert leads.landed_in() == existing["id"], "merged into the existing lead"
    assert set(answer) == {"submission", "visitor_token"}, "a receipt, no record id"
    before = _score(leads, existing["id"])
    statuses = [
        leads.client.post(
            "/t/page-view", json={"t": answer["visitor_token"], "page": "pricing", "url": "u"}
        ).status_code
        for _ in range(32)
    ]
    assert statuses == [204] * 30 + [429, 429], "answered like any visitor's views"
    assert _score(leads, existing["id"]) == before
    with leads.engine.connect() as conn:
        stored = conn.execute(sa.select(events).where(events.c.record_id == existing["id"]))
        assert stored.all() == [], "not behaviour events of the lead"
    visits = [e for e in _timeline(leads, existing["id"]) if e["kind"] == "visitor_page_view"]
    assert len(visits) == 30
    assert visits[0]["payload"]["page"] == "pricing" and visits[0]["payload"]["submission_id"]
