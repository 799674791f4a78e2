"""User accounts: creation with hashed passwords, lookup, authentication."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from tessera.runtime import clock
from tessera.runtime.auth.roles import ROLES
from tessera.runtime.tables import team_members, teams, users

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8


class UserError(ValueError):
    """Bad account data; ``field`` names the offending input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class User:
    """A signed-in or referenced user (Flask-Login's user object too)."""

    id: int
    email: str
    name: str
    role: str
    locale: str | None = None
    regions: tuple = ()
    team_keys: tuple = field(default=())
    active: bool = True
    available: bool = True  # the «available» switch: assignment skips a rep who is not
    notify_email: bool = False  # also an email for each notification

    # Flask-Login protocol
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def as_ref(self) -> dict:
        """The API's user shape ``{"id", "email", "name"}``."""
        return {"id": self.id, "email": self.email, "name": self.name}


def _user(conn: sa.Connection, row) -> User:
    keys = (
        conn.execute(
            sa.select(teams.c.key)
            .join(team_members, team_members.c.team_id == teams.c.id)
            .where(team_members.c.user_id == row.id)
        )
        .scalars()
        .all()
    )
    return User(
        row.id,
        row.email,
        row.name,
        row.role,
        row.locale,
        tuple(row.regions or ()),
        tuple(keys),
        row.active,
        row.available,
        row.notify_email,
    )


def create_user(
    conn: sa.Connection,
    *,
    email: str,
    password: str,
    role: str,
    name: str = "",
    team: str | None = None,
    regions: list[str] | None = None,
) -> User:
    """Create an account; raises :class:`UserError` naming the bad field.

    Example::

        create_user(conn, email="li@example.com", password="s3cret-pass", role="sales",
                    team="east_china", regions=["上海", "杭州"])
    """
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise UserError("email", f"not a valid email address: {email!r}")
    if role not in ROLES:
        raise UserError("role", f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise UserError("password", f"a password needs at least {MIN_PASSWORD} characters")
    if conn.execute(sa.select(users.c.id).where(users.c.email == email)).first():
        raise UserError("email", f"a user with email {email} already exists")
    user_id = conn.execute(
        users.insert().values(
            email=email,
            name=(name or "").strip()[:100],
            password_hash=generate_password_hash(password),
            role=role,
            regions=[r.strip() for r in regions or [] if r.strip()],
            created_at=clock.now(),
        )
    ).inserted_primary_key[0]
    if team:
        add_to_team(conn, user_id, team)
    return user_by_id(conn, user_id)


def add_to_team(
    conn: sa.Connection, user_id: int, team_key: str, team_name: str | None = None
) -> None:
    """Put a user in a team, creating the team on first use."""
    team_id = conn.execute(sa.select(teams.c.id).where(teams.c.key == team_key)).scalar()
    if team_id is None:
        team_id = conn.execute(
            teams.insert().values(key=team_key, name=team_name or team_key)
        ).inserted_primary_key[0]
    exists = conn.execute(
        sa.select(team_members).where(
            (team_members.c.team_id == team_id) & (team_members.c.user_id == user_id)
        )
    ).first()
    if not exists:
        conn.execute(team_members.insert().values(team_id=team_id, user_id=user_id))


def user_by_id(conn: sa.Connection, user_id: int) -> User | None:
    """The user with that id, or None."""
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return None if row is None else _user(conn, row)


def find_user(conn: sa.Connection, ref) -> User | None:
    """A user by id (int or digits) or email."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, str) and ref.strip().isascii() and ref.strip().isdigit():
        ref = int(ref.strip()) if len(ref.strip()) < 11 else 0
    if isinstance(ref, int):
        # Ids are 32-bit INTEGER columns: a larger number is nobody (and no query is made).
        return user_by_id(conn, ref) if 0 < ref < 2**31 else None
    if isinstance(ref, str):
        row = conn.execute(sa.select(users).where(users.c.email == ref.strip().lower())).first()
        return None if row is None else _user(conn, row)
    return None


def set_available(conn: sa.Connection, user_id: int, available: bool) -> None:
    """Switch a user's availability (a rep on holiday gets no new assignments).

    Example::

        set_available(conn, rep.id, False)
    """
    conn.execute(users.update().where(users.c.id == user_id).values(available=bool(available)))


def set_notify_email(conn: sa.Connection, user_id: int, wanted: bool) -> None:
    """Whether a user also gets an email for each notification (the bell always has it)."""
    conn.execute(users.update().where(users.c.id == user_id).values(notify_email=bool(wanted)))


def authenticate(conn: sa.Connection, email: str, password: str) -> User | None:
    """The active user with these credentials, or None; records the login time."""
    row = conn.execute(
        sa.select(users).where(users.c.email == (email or "").strip().lower())
    ).first()
    if row is None or not row.active or not check_password_hash(row.password_hash, password or ""):
        return None
    conn.execute(users.update().where(users.c.id == row.id).values(last_login_at=clock.now()))
    return _user(conn, row)


def list_users(conn: sa.Connection, *, role: str | None = None) -> list[User]:
    """Active users (optionally of one role), by name."""
    q = sa.select(users).where(users.c.active.is_(True)).order_by(users.c.name, users.c.email)
    if role:
        q = q.where(users.c.role == role)
    return [_user(conn, r) for r in conn.execute(q)]
