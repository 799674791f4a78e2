"""``leads``: a published lead-management app with one campaign, an admin token and a test
client, for the capture tests and the web pages they drive (``web/public``, ``web/capture``);
and helpers to sign in and read a page's tokens. ``scoring/`` has its own ``leads``."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tessera.builder.templates import load_template
from tessera.runtime import publishing
from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import create_user
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_submissions
from tessera.runtime.web.app import create_app

TOKEN_RE = re.compile(r'name="_token" value="([^"]+)"')


@pytest.fixture
def leads(settings, migrated_db_url):
    """``.client`` (Flask test client), ``.engine``, ``.auth`` headers, ``.campaign_id``,
    ``.form(key)`` → DeployedForm, ``.rows()`` → live leads, ``.link(**kw)`` → link JSON,
    ``.landed_in()`` → the record id of the latest public submission."""
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        admin = create_user(conn, email="admin@example.com", password="secret-pass", role="admin")
        token = create_token(conn, admin.id)
        publishing.create_app(conn, load_template("leads"))
        publishing.publish(conn, "leads")
        app_spec = AppCatalog().get(conn, "leads")
        campaign_id = RecordStore(conn, app_spec.form("campaign")).create(
            {"name": "2026 上海工博会", "channel": "trade_show", "region": "east_china"}
        )
    flask_app = create_app(settings)
    flask_app.config["CAPTURE_MIN_FILL_S"] = 0
    client = flask_app.test_client()
    auth = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    catalog = AppCatalog()

    def form(key="lead"):
        with engine.connect() as conn:
            return catalog.get(conn, "leads").form(key)

    def rows(key="lead"):
        table = form(key).table
        with engine.connect() as conn:
            result = conn.execute(
                sa.select(table).where(table.c.deleted_at.is_(None)).order_by(table.c.id)
            )
            return [dict(r._mapping) for r in result]

    def landed_in():
        """The record the latest public submission landed in (its answer never says)."""
        with engine.connect() as conn:
            query = sa.select(capture_submissions.c.record_id).order_by(
                capture_submissions.c.id.desc()
            )
            return conn.execute(query.limit(1)).scalar_one()

    def link(**body):
        body = {"form": "lead", "source": "trade_show", "campaign": campaign_id, **body}
        response = client.post("/api/v1/apps/leads/links", json=body, headers=auth)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    yield SimpleNamespace(
        app=flask_app,
        client=client,
        engine=engine,
        auth=auth,
        campaign_id=campaign_id,
        form=form,
        rows=rows,
        link=link,
        landed_in=landed_in,
        admin_id=admin.id,
    )
    engine.dispose()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf(client, path: str) -> str:
    """The CSRF token of a workspace page."""
    return CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)


def sign_in(client, email="admin@example.com"):
    """Sign the test client in (the fixture's admin by default)."""
    response = client.post(
        "/login",
        data={"email": email, "password": "secret-pass", "csrf_token": csrf(client, "/login")},
    )
    assert response.status_code in (302, 303)


def form_token(html: str) -> str:
    """The hidden token of a rendered public form."""
    return TOKEN_RE.search(html).group(1)
