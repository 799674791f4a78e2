"""The app page leads to the capture tools for the roles that use them, and only for them."""

import pytest

from tests.support.demo import PASSWORD, demo_app


@pytest.fixture
def app(settings):
    return demo_app(settings, users={"rep@example.com": "sales"}, csrf=False)


def _page(app, email):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client, client.get("/a/leads").get_data(as_text=True)


def test_admins_reach_links_import_and_duplicates(app):
    client, html = _page(app, "admin@example.com")
    for path in (
        "/a/leads/capture/links",
        "/a/leads/capture/import",
        "/a/leads/capture/duplicates",
    ):
        assert f'href="{path}"' in html
        assert client.get(path).status_code == 200


def test_sales_reps_do_not_see_the_capture_tools(app):
    client, html = _page(app, "rep@example.com")
    assert "/capture/links" not in html
    assert client.get("/a/leads/capture/links").status_code == 403
