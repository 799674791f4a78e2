"""First-run set-up: migrate, create the admin, install the demo app. Safe to run again."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from tessera.builder.templates import load_template
from tessera.runtime import publishing
from tessera.runtime.auth.users import create_user, find_user
from tessera.runtime.migrate import upgrade
from tessera.runtime.sample_data import install_sample_records
from tessera.runtime.tables import apps, users

DEFAULT_ADMIN = "admin@tessera.local"
DEMO_APP = "leads"


def initialize(
    engine: sa.Engine,
    *,
    demo: bool = False,
    admin_email: str | None = None,
    admin_password: str | None = None,
    sample_records: bool = False,
    timezone: str = "Asia/Shanghai",
) -> list[str]:
    """Bring the database to head, ensure an admin exists, optionally install the demo app
    (with ``sample_records``: sample users and a quarter's worth of records, once).

    Returns lines to print (passwords only when their accounts were just created).
    """
    report = []
    upgrade(engine)
    report.append("database migrated to the latest revision")
    with engine.begin() as conn:
        email = (admin_email or DEFAULT_ADMIN).lower()
        has_admin = conn.execute(sa.select(users.c.id).where(users.c.role == "admin")).first()
        if find_user(conn, email) is None and (admin_email or not has_admin):
            password = admin_password or secrets.token_urlsafe(9)
            create_user(conn, email=email, password=password, role="admin", name="Admin")
            report.append(f"admin created — sign in as {email} with password {password}")
        else:
            report.append(f"admin exists ({email if admin_email else 'unchanged'})")
        if demo:
            report.append(install_demo(conn))
            if sample_records:
                report.extend(install_sample_records(conn, timezone=timezone).lines())
    return report


def install_demo(conn: sa.Connection, actor_id: int | None = None) -> str:
    """Install and publish the lead-management app unless it is already there."""
    if conn.execute(sa.select(apps.c.id).where(apps.c.key == DEMO_APP)).first():
        return "demo app 'leads' already installed"
    publishing.create_app(conn, load_template(DEMO_APP), actor_id=actor_id)
    number = publishing.publish(conn, DEMO_APP, note="installed from template", actor_id=actor_id)
    return f"demo app 'leads' (线索管理) installed, version {number}"
