"""The ``tessera`` command line (CONTRACT.md, "CLI")."""

from __future__ import annotations

import re
import sys

import click
import sqlalchemy as sa

from tessera.runtime.config import Settings
from tessera.runtime.database import make_engine, writer


def _engine(settings: Settings) -> sa.Engine:
    # Commands write: their transactions begin as writers, so a command never fails with
    # «database is locked» beside a running server on SQLite (it waits its turn instead).
    return writer(make_engine(settings.database_url))


@click.group()
def main():
    """Tessera: forms, flows, rules and dashboards as metadata."""


@main.command()
@click.option("--demo", is_flag=True, help="Install the lead-management app (线索管理).")
@click.option("--empty", is_flag=True, help="With --demo: install the app without sample records.")
@click.option("--admin-email", default=None, help="Email of the admin to create.")
@click.option(
    "--admin-password", default=None, help="Password of the admin (generated when omitted)."
)
def init(demo, empty, admin_email, admin_password):
    """Migrate the database, create the admin, optionally install the demo app. Idempotent."""
    from tessera.runtime.setup import initialize

    settings = Settings.from_env()
    report = initialize(
        _engine(settings),
        demo=demo,
        admin_email=admin_email,
        admin_password=admin_password,
        sample_records=demo and not empty,
        timezone=settings.timezone,
    )
    for line in report:
        click.echo(line)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-scheduler", is_flag=True, help="Do not run the scheduler in this process.")
def serve(host, port, no_scheduler):
    """Serve the web app."""
    from tessera.runtime.web.app import create_app

    settings = Settings.from_env()
    app = create_app(settings)
    _resume_imports(app, settings)
    if not no_scheduler:  # flows and decay run here unless `tessera worker` processes do
        from tessera.runtime import scheduler

        engine, catalog = app.extensions["tessera.engine"], app.extensions["tessera.catalog"]
        scheduler.background(engine, catalog, settings)
    click.echo(f"Tessera on http://{host}:{port}/")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@main.command()
@click.option(
    "--interval", default=2.0, show_default=True, type=float, help="Seconds between claims."
)
def worker(interval):
    """Run due flow steps and score decay until stopped (SIGTERM / Ctrl-C); several workers
    may run at once."""
    import signal

    from tessera.runtime import scheduler
    from tessera.runtime.catalog import AppCatalog
    from tessera.runtime.wiring import standard_bus

    settings = Settings.from_env()
    engine = _engine(settings)
    catalog = AppCatalog(bus=standard_bus())
    foreground = scheduler.foreground(engine, catalog, settings, interval_s=interval)
    signal.signal(signal.SIGTERM, lambda *_: foreground.shutdown(wait=False))
    click.echo(f"Tessera worker: claiming due flow steps every {interval:g} s")
    try:
        foreground.start()
    except (KeyboardInterrupt, SystemExit):
        pass


def _resume_imports(app, settings: Settings) -> None:
    """Imports whose worker died with the previous server resume from their last batch."""
    from tessera.runtime.capture.import_worker import resume_abandoned

    resumed = resume_abandoned(
        app.extensions["tessera.engine"], locale="zh_CN", timezone=settings.timezone
    )
    if resumed:
        click.echo(f"Resumed import jobs: {', '.join(map(str, resumed))}")


@main.group()
def user():
    """Manage users."""


@user.command("add")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, help="admin, builder, manager, sales or marketing")
@click.option("--name", default="")
@click.option("--team", default=None)
@click.option("--regions", default="", help="Comma-separated, e.g. 上海,杭州")
def user_add(email, password, role, name, team, regions):
    """Create a user."""
    from tessera.runtime.auth.users import UserError, create_user

    regions_list = [r for r in regions.replace("，", ",").split(",") if r.strip()]
    with _engine(Settings.from_env()).begin() as conn:
        try:
            created = create_user(
                conn,
                email=email,
                password=password,
                role=role,
                name=name,
                team=team,
                regions=regions_list,
            )
        except UserError as exc:
            raise click.BadParameter(exc.message, param_hint=f"--{exc.field}") from None
    click.echo(f"user {created.id} {created.email} ({created.role})")


@user.command("set")
@click.option("--email", required=True)
@click.option(
    "--available",
    type=click.Choice(["yes", "no"]),
    required=True,
    help="no: on holiday, assignment passes the user over; yes: back at work",
)
def user_set(email, available):
    """Change a user: their availability for assignment."""
    from tessera.runtime.auth.users import find_user, set_available

    with _engine(Settings.from_env()).begin() as conn:
        found = find_user(conn, email)
        if found is None:
            raise click.BadParameter(f"no user with email {email}", param_hint="--email")
        set_available(conn, found.id, available == "yes")
    state = "available" if available == "yes" else "unavailable"
    click.echo(f"user {found.id} {found.email}: {state} for assignment")


@main.group()
def connection():
    """Endpoints flows send to (webhooks, DingTalk / WeCom / Feishu robots)."""


@connection.command("set")
@click.argument("key")
@click.option("--kind", required=True, help="webhook, dingtalk, wecom or feishu")
@click.option("--url", required=True)
@click.option(
    "--secret", default=None, help="Signing secret (webhook HMAC, DingTalk 加签, Feishu 签名)"
)
@click.option("--label", default="")
@click.option("--off", is_flag=True, help="Keep it but turn it off")
def connection_set(key, kind, url, secret, label, off):
    """Create or replace connection KEY."""
    from tessera.runtime.outbox.connections import BadConnection, put

    with _engine(Settings.from_env()).begin() as conn:
        try:
            put(conn, key, kind, url, secret=secret, label=label, enabled=not off)
        except BadConnection as exc:
            raise click.BadParameter(str(exc), param_hint=f"--{exc.field}") from None
    click.echo(f"connection {key} ({kind}) {'off' if off else 'on'}")


@connection.command("list")
def connection_list():
    """List connections (secrets are not shown)."""
    from tessera.runtime.outbox.connections import all_connections

    with _engine(Settings.from_env()).connect() as conn:
        for row in all_connections(conn):
            state = "on" if row.enabled else "off"
            signed = "signed" if row.secret else "unsigned"
            click.echo(f"{row.key}\t{row.kind}\t{state}\t{signed}\t{row.url.split('?')[0]}")


@main.group()
def token():
    """Manage API tokens."""


@token.command("create")
@click.option("--email", required=True)
@click.option("--name", default="cli")
def token_create(email, name):
    """Print a new API token for the user (shown once)."""
    from tessera.runtime.auth.tokens import create_token
    from tessera.runtime.auth.users import find_user

    with _engine(Settings.from_env()).begin() as conn:
        found = find_user(conn, email)
        if found is None:
            raise click.BadParameter(f"no user with email {email}", param_hint="--email")
        click.echo(create_token(conn, found.id, name=name))


@main.command("export")
@click.argument("app_key")
@click.option("-o", "--output", default=None, help="File to write (default: standard output)")
def export_command(app_key, output):
    """Write app APP_KEY's metadata bundle (published document and draft) as JSON."""
    import json

    from tessera.runtime.portability.bundle import export_app
    from tessera.runtime.publishing import UnknownApp

    with _engine(Settings.from_env()).connect() as conn:
        try:
            bundle = export_app(conn, app_key)
        except UnknownApp:
            raise click.BadParameter(f"no app {app_key!r}", param_hint="APP_KEY") from None
    text = json.dumps(bundle, ensure_ascii=False, indent=1)
    if output:
        with open(output, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        click.echo(f"app {app_key} exported to {output}")
    else:
        click.echo(text)


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Install an app bundle written by ``tessera export`` (a new app, or a new version)."""
    import json

    from tessera.runtime.portability.bundle import BundleRefused, import_app

    try:
        with open(path, encoding="utf-8") as source:
            bundle = json.load(source)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path} is not a JSON bundle: {exc}") from None
    with _engine(Settings.from_env()).begin() as conn:
        try:
            key, version = import_app(conn, bundle)
        except BundleRefused as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"app {key} installed, version {version}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path):
    """Write a backup of the whole instance (metadata and data) to PATH (gzip'd JSON lines),
    restorable into an empty SQLite or PostgreSQL database."""
    from pathlib import Path

    from tessera.runtime.portability.backup import write_backup

    engine = _engine(Settings.from_env())
    counts = write_backup(engine, Path(path))
    records = sum(n for name, n in counts.items() if name.startswith("r_"))
    click.echo(
        f"backup written to {path}: {len(counts)} tables, {sum(counts.values())} rows ({records} records)"
    )


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore(path):
    """Load a backup into this (empty) database, then migrate it to the current version."""
    from pathlib import Path

    from tessera.runtime.portability.restore import RestoreRefused, restore_backup

    engine = _engine(Settings.from_env())
    try:
        counts = restore_backup(engine, Path(path))
    except RestoreRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {path}: {len(counts)} tables, {sum(counts.values())} rows")


RELATIVE = re.compile(r"^\+\s*(\d{1,6})\s*(d|days?|h|hours?|m|min|minutes?)$", re.IGNORECASE)
UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def _instant(text: str, now):
    """``--at``: an ISO-8601 instant with its offset, or ``+2d`` / ``+36h`` / ``+90m`` from now."""
    import datetime as dt

    relative = RELATIVE.match(text.strip())
    if relative:
        unit = UNITS[relative.group(2)[0].lower()]
        return now + dt.timedelta(**{unit: int(relative.group(1))})
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"not an ISO-8601 instant or +2d / +36h / +90m: {text!r}", param_hint="--at"
        ) from None
    if instant.tzinfo is None:
        raise click.BadParameter("give a time zone offset, e.g. +08:00", param_hint="--at")
    return instant


@main.command()
@click.option(
    "--at", "at", default=None, help="An ISO-8601 instant, or +2d / +36h / +90m from now."
)
def tick(at):
    """Run everything due as of an instant once (score decay, flow steps), print a summary."""

    from tessera.runtime import clock
    from tessera.runtime.flows.runner import run_due
    from tessera.runtime.flows.sweeping import sweep
    from tessera.runtime.lists.recycle import KEEP_DAYS, purge_recycle_bin
    from tessera.runtime.outbox import deliver_due
    from tessera.runtime.scoring.decay import run_score_decay

    instant = clock.now()
    if at:
        instant = _instant(at, instant)
    settings = Settings.from_env()
    engine = _engine(settings)
    with engine.begin() as conn:
        decayed = run_score_decay(conn, instant)
    swept = sweep(engine, instant)
    ran = run_due(engine, instant)
    sent = deliver_due(engine, settings, at=instant)
    purged = purge_recycle_bin(engine, at=instant)
    click.echo(f"tick at {instant.isoformat()}")
    for target, count in sorted(decayed.items()) or [("-", 0)]:
        click.echo(f"score decay {target}: {count} rescored")
    click.echo(f"flows: {swept} started by schedules and inactivity, {ran} due timers run")
    click.echo(
        f"messages: {sent['sent']} sent, {sent['recorded']} recorded without sending"
        f" (no SMTP server set up), {sent['retry']} to retry, {sent['failed']} failed"
    )
    for target, count in sorted(purged.items()):
        click.echo(f"recycle bin {target}: {count} erased after {KEEP_DAYS} days")


if __name__ == "__main__":
    sys.exit(main())
