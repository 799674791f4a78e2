"""The workspace list: quick search over text fields, sorting, paging."""

import pytest

from tests.support.demo import ADMIN_EMAIL, PASSWORD, bearer, demo_app

LEADS = [
    ("张伟", "上海某某制造有限公司", 800),
    ("李娜", "杭州100%科技", 50),
    ("王强", "南京某某教育", 300),
]


@pytest.fixture
def client(settings):
    app = demo_app(settings, csrf=False)
    client = app.test_client()
    for name, company, size in LEADS:
        client.post(
            "/api/v1/apps/leads/forms/lead/records",
            headers=bearer(app),
            json={"fields": {"name": name, "company": company, "company_size": size}},
        )
    client.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    return client


def _names(html: str) -> list[str]:
    return [name for name, _, _ in LEADS if name in html]


def test_search_matches_any_text_field(client):
    assert _names(client.get("/a/leads/lead?q=某某").get_data(as_text=True)) == ["张伟", "王强"]
    assert _names(client.get("/a/leads/lead?q=李").get_data(as_text=True)) == ["李娜"]


def test_search_treats_wildcards_literally(client):
    assert _names(client.get("/a/leads/lead?q=100%").get_data(as_text=True)) == ["李娜"]
    html = client.get("/a/leads/lead?q=%25_").get_data(as_text=True)
    assert _names(html) == [] and "张伟" not in html


def test_sort_by_a_column_both_ways(client):
    up = client.get("/a/leads/lead?sort=company_size").get_data(as_text=True)
    down = client.get("/a/leads/lead?sort=-company_size").get_data(as_text=True)
    assert [up.index(n) for n in ("李娜", "王强", "张伟")] == sorted(
        up.index(n) for n in ("李娜", "王强", "张伟")
    )
    assert [down.index(n) for n in ("张伟", "王强", "李娜")] == sorted(
        down.index(n) for n in ("张伟", "王强", "李娜")
    )
