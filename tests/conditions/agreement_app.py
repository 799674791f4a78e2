"""An app with one field of every condition family, for the compiler agreement tests."""

import copy

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.tables import team_members, teams, users
from tessera.widgets import widget_registry


def _f(key, type_, **config):
    field = {"key": key, "type": type_, "label": {"zh-CN": key, "en": key}}
    if config:
        field["config"] = config
    return field


def _options(*keys):
    return [{"key": k, "label": {"zh-CN": k.upper(), "en": k.upper()}} for k in keys]


STAGE_CONFIG = widget_registry.get("stage").default_config()
STAGES = [o["key"] for o in STAGE_CONFIG["options"]]

APP = {
    "version": 1,
    "key": "agree",
    "label": {"zh-CN": "一致性", "en": "Agreement"},
    "forms": [
        {
            "key": "item",
            "label": {"zh-CN": "条目", "en": "Item"},
            "sections": [
                {
                    "key": "main",
                    "columns": 1,
                    "fields": [
                        _f("name", "text"),
                        _f("size", "number"),
                        _f("rank", "number"),
                        _f("amount", "money", currency="CNY"),
                        _f("seen", "date"),
                        _f("at", "datetime"),
                        _f("kind", "select", options=_options("a", "b", "c")),
                        _f("stage", "stage", **copy.deepcopy(STAGE_CONFIG)),
                        _f("tags", "tags"),
                        _f("multi", "multiselect", options=_options("x", "y", "z")),
                        _f("ok", "checkbox"),
                        _f("owner", "user"),
                        _f("account", "link", form="account"),
                    ],
                }
            ],
        },
        {
            "key": "account",
            "label": {"zh-CN": "账户", "en": "Account"},
            "sections": [
                {
                    "key": "main",
                    "columns": 1,
                    "fields": [
                        _f("region", "select", options=_options("n", "s")),
                        _f("size", "number"),
                    ],
                }
            ],
        },
    ],
}


def install_world(engine, *, now):
    """Publish :data:`APP` with three users in teams ``east`` (two) and ``west`` (one) and
    three accounts (the last deleted). Returns ``(app, user_ids, account_ids)``; the
    account ids end with one that does not exist."""
    with engine.begin() as conn:
        publishing.create_app(conn, APP)
        publishing.publish(conn, "agree")
        user_ids = []
        for i in range(3):
            user_ids.append(
                conn.execute(
                    users.insert().values(
                        email=f"u{i}@example.com", password_hash="x", role="sales", created_at=now
                    )
                ).inserted_primary_key[0]
            )
        for key, members in (("east", user_ids[:2]), ("west", user_ids[2:])):
            team_id = conn.execute(teams.insert().values(key=key, name=key)).inserted_primary_key[0]
            for uid in members:
                conn.execute(team_members.insert().values(team_id=team_id, user_id=uid))
        app = AppCatalog().get(conn, "agree")
        account = app.form("account").table
        account_ids = [
            conn.execute(
                account.insert().values(created_at=now, updated_at=now, region=r, size=s)
            ).inserted_primary_key[0]
            for r, s in (("n", 50.0), ("s", 300.0), (None, None))
        ]
        conn.execute(account.update().where(account.c.id == account_ids[-1]).values(deleted_at=now))
    return app, user_ids, account_ids + [9999]
