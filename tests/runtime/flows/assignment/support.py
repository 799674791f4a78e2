"""What the assignment tests share: reps in teams and regions, a flow that assigns every
new lead by one strategy, the campaigns of the demo, and reading who got what and why."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.auth.users import add_to_team, create_user, set_available
from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import activities, notifications
from tests.runtime.flows.support import LABEL, create_lead, install, lead
from tests.support.demo import PASSWORD

# (email, name, role, team, regions)
REPS = [
    ("lilei@example.com", "李雷", "sales", "east_china", ["杭州", "宁波"]),
    ("hanmeimei@example.com", "韩梅梅", "sales", "east_china", ["上海"]),
    ("lintao@example.com", "林涛", "sales", "key_accounts", ["北京"]),
    ("weihua@example.com", "魏华", "sales", "key_accounts", []),
    ("zhoujie@example.com", "周杰", "sales", None, ["广州", "深圳"]),
]


def add_reps(engine, reps=REPS, *, team_names=None) -> dict[str, int]:
    """Create ``reps`` (all with the demo password); returns email → id."""
    team_names = team_names or {"east_china": "华东团队", "key_accounts": "大客户团队"}
    ids = {}
    with engine.begin() as conn:
        for email, name, role, team, regions in reps:
            user = create_user(
                conn, email=email, password=PASSWORD, role=role, name=name, regions=regions
            )
            if team:
                add_to_team(conn, user.id, team, team_names.get(team))
            ids[email] = user.id
    return ids


def away(engine, user_id: int, available: bool = False) -> None:
    with engine.begin() as conn:
        set_available(conn, user_id, available)


def assign_flow(*rules, trigger=None) -> dict:
    """A flow assigning each lead created through the API by ``rules``."""
    return {
        "version": 1,
        "label": LABEL,
        "form": "lead",
        "trigger": trigger or {"type": "record_created", "config": {"via": ["api"]}},
        "steps": [
            {
                "key": "assign",
                "type": "action",
                "action": "assign_owner",
                "config": {"rules": list(rules)},
            }
        ],
    }


def rule(strategy: dict, when=None, label=None) -> dict:
    out = {"strategy": strategy}
    if when is not None:
        out["when"] = when
    if label is not None:
        out["label"] = label
    return out


def install_assignment(engine, *rules) -> None:
    install(engine, {"assign": assign_flow(*rules)})


def assigned(app, engine, n=1, **fields) -> list[int]:
    """Create ``n`` leads with ``fields``, run the flows; returns their owners' ids."""
    ids = [create_lead(app, phone=f"1390000{i:04d}", name=f"客户{i}", **fields) for i in range(n)]
    run_due(engine)
    return [lead(app, i)["owner"]["id"] if lead(app, i)["owner"] else None for i in ids]


def timeline_entries(engine, record_id: int, kind: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(activities.c.payload)
            .where(activities.c.record_id == record_id, activities.c.kind == kind)
            .order_by(activities.c.id)
        )
        return [r.payload for r in rows]


def notifications_of(engine, user_id: int) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(notifications).where(notifications.c.user_id == user_id)
        ).all()
        return [dict(r._mapping) for r in rows]
