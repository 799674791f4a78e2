"""Helpers of the designer's page tests: a client on a database with the demo app, signing
in, reading the draft, posting one designer edit."""

import re

from tessera.runtime import publishing
from tessera.runtime.database import make_engine
from tests.support.demo import demo_app

FORM = "/design/leads/form/lead"


def designer_client(settings):
    """A test client of the app on ``settings``' database with the demo app, an admin
    (admin@example.com) and a sales rep (rep@example.com); ``.engine`` reads the database."""
    app = demo_app(settings, users={"rep@example.com": "sales"})
    client = app.test_client()
    client.engine = make_engine(settings.database_url)
    yield client
    client.engine.dispose()


def login(client, email="admin@example.com"):
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(
        "/login", data={"email": email, "password": "secret-pass", "csrf_token": token}
    )
    assert response.status_code == 303
    return token


def draft(client):
    with client.engine.connect() as conn:
        return publishing.load_draft(conn, "leads")


def field_keys(doc, section):
    lead = next(f for f in doc["forms"] if f["key"] == "lead")
    return [f["key"] for s in lead["sections"] if s["key"] == section for f in s["fields"]]


def csrf_of(html):
    return re.search(r'data-csrf="([^"]+)"', html).group(1)


def edit(client, name, token, **values):
    _doc, revision = draft(client)
    values.setdefault("revision", revision)
    return client.post(f"{FORM}/edit/{name}", data=values, headers={"X-CSRFToken": token})


def page_token(client, url="/design/"):
    """The CSRF token of a page's forms."""
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
