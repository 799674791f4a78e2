"""Visitor tokens and page views reported by a website's snippet."""

import json

import pytest

from tessera.runtime.capture.tracking import Visitor, read_visitor_token, visitor_token


def test_a_token_names_its_record_and_cannot_be_forged():
    token = visitor_token("secret", Visitor("leads", "lead", 12))
    assert read_visitor_token("secret", token) == Visitor("leads", "lead", 12)
    assert read_visitor_token("other-secret", token) is None
    assert read_visitor_token("secret", token[:-2] + "xx") is None
    for junk in (None, 12, "", "a" * 500, ["x"]):
        assert read_visitor_token("secret", junk) is None


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
    before = _score(leads, answer["id"])
    response = leads.client.post(
        "/t/page-view",
        data=json.dumps(
            {"t": answer["visitor_token"], "page": "pricing", "url": "https://acme.example/pricing"}
        ),
        content_type="text/plain",
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert _score(leads, answer["id"]) == before + 15, "page_view(pricing) is worth 15 points"
    timeline = leads.client.get(
        f"/api/v1/apps/leads/forms/lead/records/{answer['id']}/timeline", headers=leads.auth
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
    before = _score(leads, answer["id"])
    response = leads.client.post("/t/page-view", data=text, content_type="text/plain")
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
    assert _score(leads, answer["id"]) == before


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
