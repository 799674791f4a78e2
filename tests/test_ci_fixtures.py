"""Smoke tests of the harness itself: the PostgreSQL and browser fixtures really work.

Under ``TESSERA_REQUIRE_PG=1`` / ``TESSERA_REQUIRE_BROWSER=1`` (CI) these must pass, not skip.
"""

from __future__ import annotations

import urllib.request

import pytest
import sqlalchemy as sa
from flask import Flask

from tessera.runtime.database import make_engine
from tests.support import require_or_skip
from tests.support.live_server import LiveServer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_pg_server_is_a_real_postgresql(pg_server):
    engine = make_engine(pg_server)
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version()").scalar_one()
    finally:
        engine.dispose()
    assert version.startswith("PostgreSQL"), version


def test_each_test_gets_its_own_migrated_database(migrated_db_url, engine):
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO teams (key, name) VALUES (:key, :name)"),
            {"key": "east_china", "name": "华东"},
        )
        assert conn.execute(sa.text("SELECT count(*) FROM teams")).scalar_one() == 1
    expected = "sqlite" if migrated_db_url.startswith("sqlite") else "postgresql"
    assert engine.dialect.name == expected


def test_browser_renders_chinese(page):
    page.set_content("<h1 style=\"font-family: 'WenQuanYi Micro Hei', sans-serif\">线索</h1>")
    assert page.inner_text("h1") == "线索"
    assert page.evaluate("navigator.language") == "zh-CN"
    assert page.viewport_size == {"width": 1280, "height": 800}
    png = page.screenshot()
    assert png.startswith(PNG_SIGNATURE) and len(png) > 1000


def test_live_server_class_serves_a_flask_app_to_the_browser(page):
    app = Flask(__name__)
    app.add_url_rule("/", "index", lambda: "<h1>线索看板</h1>")
    server = LiveServer()
    server.serve(app)
    try:
        page.goto(server.url + "/")
        assert page.inner_text("h1") == "线索看板"
    finally:
        server.stop()


def test_live_server_fixture_runs_the_tessera_app(live_server, settings):
    assert live_server.app.config["TESTING"] is True
    assert settings.base_url == live_server.url
    with urllib.request.urlopen(live_server.url + "/login", timeout=10) as response:
        assert response.status == 200


@pytest.mark.parametrize("kind", ["pg", "browser"])
def test_missing_infrastructure_fails_when_required(kind, monkeypatch):
    monkeypatch.setenv(f"TESSERA_REQUIRE_{kind.upper()}", "1")
    with pytest.raises(pytest.fail.Exception, match="failure, not a skip"):
        require_or_skip(kind, "not installed")


@pytest.mark.parametrize("kind", ["pg", "browser"])
def test_missing_infrastructure_skips_otherwise(kind, monkeypatch):
    monkeypatch.delenv(f"TESSERA_REQUIRE_{kind.upper()}", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_or_skip(kind, "not installed")
