"""The Flask app factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from tessera.runtime.auth.users import user_by_id
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.config import Settings
from tessera.runtime.database import make_engine
from tessera.runtime.web import (
    api,
    auth,
    capture,
    condition_builder,
    designer,
    display,
    errors,
    flow_text,
    flows,
    i18n,
    language,
    mail,
    notifications,
    profile,
    public,
    request_input,
    rules,
    timeline_text,
    tracking,
    workspace,
)
from tessera.runtime.web.db import close_connection, commit_connection, db, install_engines
from tessera.runtime.web.json_input import CheckedJSONProvider
from tessera.runtime.web.security_headers import (
    add_security_headers,
    cookie_settings,
    csp_nonce,
)
from tessera.runtime.wiring import standard_bus

PACKAGE = Path(__file__).resolve().parent.parent.parent
MAX_BODY = 2 * 1024 * 1024

csrf = CSRFProtect()


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app for ``settings`` (read from the environment when omitted).

    Example::

        app = create_app(Settings.from_env())
        app.run()
    """
    settings = settings or Settings.from_env()
    app = Flask(
        "tessera",
        template_folder=str(PACKAGE / "templates"),
        static_folder=str(PACKAGE / "static"),
        instance_path=str(settings.instance_path),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=MAX_BODY,
        TESTING=settings.testing,
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_DEFAULT_LOCALE="zh_CN",
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        BABEL_TRANSLATION_DIRECTORIES=str(PACKAGE / "translations"),
    )
    app.config.update(cookie_settings(settings.base_url))
    app.config.update(settings.capture)  # TESSERA_CAPTURE_* (capture/spam.py reads them)
    app.json = CheckedJSONProvider(app)
    request_input.install(app)  # before the blueprints: their <int:…> rules use its converter
    # Uploads for import may be large; the limit applies before CSRF reads the form.
    app.config[request_input.BODY_LIMITS]["capture.import_upload"] = (
        settings.import_max_mb * 1024 * 1024
    )
    # The rule designer reads each posted condition itself and names one that is too large.
    for endpoint in ("rules.save", "rules.preview"):
        app.config[request_input.FIELD_LIMITS][endpoint] = MAX_BODY
    app.extensions["tessera.settings"] = settings
    # Under test, a write inside a read-only request fails loudly (see runtime.database).
    install_engines(app, make_engine(settings.database_url, guard_reads=settings.testing))
    # The composition root of record writes: who hears of them (scoring; flows later).
    app.extensions["tessera.catalog"] = AppCatalog(bus=standard_bus())

    Babel(app, locale_selector=i18n.select_locale, timezone_selector=lambda: settings.timezone)
    csrf.init_app(app)
    login = LoginManager(app)
    login.login_view = "auth.login"
    login.login_message = None

    @login.user_loader
    def _load_user(user_id: str):
        number = request_input.parse_int(user_id)
        return user_by_id(db(), number) if number is not None else None

    app.after_request(commit_connection)
    app.after_request(add_security_headers)  # CSP, framing, nosniff, referrer, HSTS on https
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.teardown_request(close_connection)

    for blueprint in (
        auth.bp,
        language.bp,
        workspace.bp,
        api.bp,
        designer.bp,
        public.bp,
        capture.bp,
        rules.bp,
        tracking.bp,
        flows.bp,
        notifications.bp,
        profile.bp,
        mail.bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)  # bearer tokens, no cookies
    csrf.exempt(tracking.bp)  # visitor tokens from other sites, no cookies
    csrf.exempt(mail.bp)  # links in emails: each authorized by its signed token, no cookies
    csrf.exempt(public.bp)  # public posts are guarded by their signed form token (capture/spam.py)
    errors.install(app)
    i18n.install(app)
    display.install(app)
    flow_text.install(app)
    timeline_text.install(app)
    condition_builder.install(app)

    @app.before_request
    def _remember_path():
        g.path = request.path

    return app
