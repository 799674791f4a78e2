"""The lead page shows the score, its grade and the rules behind it; the timeline shows the
score history."""

import pytest

from tests.support.demo import ADMIN_EMAIL, PASSWORD, bearer, demo_app


@pytest.fixture
def client(settings):
    app = demo_app(settings, csrf=False)
    client = app.test_client()
    client.token = bearer(app)
    client.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    return client


def test_the_lead_page_explains_the_score(client):
    lead = client.post(
        "/api/v1/apps/leads/forms/lead/records",
        headers=client.token,
        json={
            "fields": {
                "name": "张伟",
                "title": "销售总监",
                "company_size": 800,
                "industry": "manufacturing",
                "email": "zw@acme.com.cn",
            }
        },
    ).get_json()
    client.post(
        "/api/v1/events",
        headers=client.token,
        json={
            "app": "leads",
            "form": "lead",
            "record_id": lead["id"],
            "type": "page_view",
            "props": {"page": "pricing"},
        },
    )
    html = client.get(f"/a/leads/lead/{lead['id']}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert 'data-score="65"' in html
    assert 'data-rule="title_director"' in html and 'data-rule="viewed_pricing"' in html
    assert 'data-rule="title_manager"' not in html
    assert "+20" in html and "Grade B" in html
    assert "Score 50 → 65" in html
