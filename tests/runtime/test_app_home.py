"""The app page leads to the capture tools for the roles that use them, and only for them."""

import pytest

from tessera.runtime.auth.users import create_user
from tessera.runtime.database import make_engine
from tessera.runtime.setup import initialize
from tessera.runtime.web.app import create_app


@pytest.fixture
def app(settings):
    engine = make_engine(settings.database_url)
    initialize(engine, demo=True, admin_email="admin@example.com", admin_password="secret-pass")
    with engine.begin() as conn:
        create_user(conn, email="rep@example.com", password="secret-pass", role="sales")
    engine.dispose()
    app = create_app(settings)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _page(app, email):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "secret-pass"})
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
