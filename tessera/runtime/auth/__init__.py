"""Users, teams, roles, API tokens and the row-level scope."""

from tessera.runtime.auth.roles import ROLES
from tessera.runtime.auth.users import User, authenticate, create_user, find_user, user_by_id

__all__ = ["ROLES", "User", "authenticate", "create_user", "find_user", "user_by_id"]
