"""The lead-management demo installed on a test's database, with users and API tokens."""

from __future__ import annotations

from flask import Flask

from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import create_user, find_user
from tessera.runtime.database import make_engine
from tessera.runtime.setup import initialize
from tessera.runtime.web.app import create_app

ADMIN_EMAIL = "admin@example.com"
PASSWORD = "secret-pass"


def demo_app(settings, *, users: dict[str, str] | None = None, csrf: bool = True) -> Flask:
    """``create_app(settings)`` after installing the demo with an admin (``ADMIN_EMAIL``)
    and ``users`` (``{email: role}``), all with ``PASSWORD``. ``app.tokens`` maps each
    email to an API token and ``app.user_ids`` each email to its id.

    Example::

        app = demo_app(settings, users={"rep@example.com": "sales"}, csrf=False)
        app.test_client().get(url, headers=bearer(app, "rep@example.com"))
    """
    engine = make_engine(settings.database_url)
    try:
        initialize(engine, demo=True, admin_email=ADMIN_EMAIL, admin_password=PASSWORD)
        with engine.begin() as conn:
            accounts = {ADMIN_EMAIL: find_user(conn, ADMIN_EMAIL)}
            for email, role in (users or {}).items():
                accounts[email] = create_user(conn, email=email, password=PASSWORD, role=role)
            tokens = {email: create_token(conn, user.id) for email, user in accounts.items()}
    finally:
        engine.dispose()
    app = create_app(settings)
    app.config["WTF_CSRF_ENABLED"] = csrf
    app.tokens = tokens
    app.user_ids = {email: user.id for email, user in accounts.items()}
    return app


def bearer(app: Flask, email: str = ADMIN_EMAIL) -> dict:
    """The Authorization header of ``email``'s API token."""
    return {"Authorization": f"Bearer {app.tokens[email]}"}


def create_record(app: Flask, form: str, fields: dict, email: str = ADMIN_EMAIL) -> int:
    """Create a record of the demo app through the API as ``email``; returns its id."""
    response = app.test_client().post(
        f"/api/v1/apps/leads/forms/{form}/records",
        json={"fields": fields},
        headers=bearer(app, email),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def signed_in(app: Flask, email: str):
    """A test client signed in as ``email`` (every demo account has ``PASSWORD``)."""
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    return client
