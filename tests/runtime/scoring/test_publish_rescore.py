"""Publishing a changed scoring model — by any route — rescores the leads already stored."""

import pytest

from tests.support.demo import bearer, demo_app

LEADS = "/api/v1/apps/leads/forms/lead/records"


@pytest.fixture
def api(settings, migrated_db_url):
    app = demo_app(settings)
    client = app.test_client()
    client.auth = bearer(app)
    return client


def test_publishing_new_points_over_the_api_rescores_stored_leads(api):
    big = api.post(
        LEADS, json={"fields": {"name": "大公司", "company_size": 800}}, headers=api.auth
    )
    small = api.post(
        LEADS, json={"fields": {"name": "小公司", "company_size": 50}}, headers=api.auth
    )
    assert big.get_json()["fields"]["score"] == 15
    draft = api.get("/api/v1/apps/leads/draft", headers=api.auth).get_json()
    rule = next(
        r
        for r in draft["document"]["scoring"]["lead"]["rules"]
        if r["key"] == "company_size_over_500"
    )
    rule["points"] = 25
    assert api.put("/api/v1/apps/leads/draft", json=draft, headers=api.auth).status_code == 200
    assert (
        api.post(
            "/api/v1/apps/leads/publish", json={"note": "size +25"}, headers=api.auth
        ).status_code
        == 201
    )
    got = api.get(f"{LEADS}/{big.get_json()['id']}", headers=api.auth).get_json()
    assert got["fields"]["score"] == 25
    unchanged = api.get(f"{LEADS}/{small.get_json()['id']}", headers=api.auth).get_json()
    assert unchanged["fields"]["score"] == small.get_json()["fields"]["score"]
    timeline = api.get(f"{LEADS}/{big.get_json()['id']}/timeline", headers=api.auth).get_json()[
        "entries"
    ]
    assert timeline[0]["kind"] == "scored"
