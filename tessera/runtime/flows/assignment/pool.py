"""Pools: the users a strategy chooses among — a team's members or a role's users — of whom
only the active and available are eligible (a rep on holiday switches «available» off)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime.auth.roles import ROLES, role_label
from tessera.runtime.flows.assignment.base import Candidate
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.tables import team_members, teams, users
from tessera.widgets.base import tr

# The JSON Schema properties a strategy's config takes to name its pool.
POOL_PROPERTIES = {
    "team": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,40}$"},
    "role": {"enum": list(ROLES)},
}


@dataclass(frozen=True)
class Pool:
    """The members of ``team`` (a team key) or the users of ``role``.

    Example::

        Pool(team="east_china").eligible(conn)  # [Candidate(3, "刘洋", ("杭州",)), …]
    """

    team: str | None = None
    role: str | None = None

    @property
    def key(self) -> str:
        """How the pool is named in cursor rows and reasons (``team:east_china``)."""
        return f"team:{self.team}" if self.team else f"role:{self.role}"

    def _select(self) -> sa.Select:
        query = sa.select(users.c.id, users.c.name, users.c.email, users.c.regions)
        if self.team:
            query = query.join(team_members, team_members.c.user_id == users.c.id).join(
                teams, teams.c.id == team_members.c.team_id
            )
            return query.where(teams.c.key == self.team)
        return query.where(users.c.role == self.role)

    def eligible(self, conn: sa.Connection) -> list[Candidate]:
        """Active, available members, by id (the order round robin turns in)."""
        rows = conn.execute(
            self._select()
            .where(users.c.active.is_(True), users.c.available.is_(True))
            .order_by(users.c.id)
        )
        return [Candidate(r.id, r.name or r.email, tuple(r.regions or ())) for r in rows]

    def away(self, conn: sa.Connection) -> int:
        """How many active members are switched unavailable (said in the explanation)."""
        query = self._select().where(users.c.active.is_(True), users.c.available.is_(False))
        return len(conn.execute(query).all())

    def facts(self, conn: sa.Connection) -> dict:
        """What a reason keeps of the pool: its kind, key and name as of the decision."""
        if self.team:
            name = conn.execute(sa.select(teams.c.name).where(teams.c.key == self.team)).scalar()
            return {"team": self.team, "team_name": name or self.team}
        return {"role": self.role}


def compile_pool(config: dict, path: str) -> Pool:
    """The pool a config names by ``team`` or ``role`` (exactly one)."""
    team, role = config.get("team"), config.get("role")
    if bool(team) == bool(role):
        raise FlowConfigError(
            path,
            "Name either a team or a role to choose from.",
            "请指定一个团队或一个角色作为分配范围。",
        )
    return Pool(team=team, role=role)


def pool_text(facts: dict, locale: str) -> str:
    """«团队 华东» / «team East China», «所有 销售» / «all Sales users»."""
    if facts.get("team"):
        return tr(locale, "团队 {}", "team {}").format(facts.get("team_name") or facts["team"])
    return tr(locale, "所有{}", "the {} role").format(role_label(facts.get("role", ""), locale))
