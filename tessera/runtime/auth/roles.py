"""The roles of CONTRACT.md and what each may do."""

ROLES = ("admin", "builder", "manager", "sales", "marketing")


# Roles that design apps (drafts, publishing).
DESIGNERS = frozenset({"admin", "builder"})
# Roles that see every record; the others see what their scope allows.
SEE_ALL = frozenset({"admin", "builder", "manager", "marketing"})
# Roles that may give a record to any user; the others may only take from the public pool or
# release their own (tessera.runtime.auth.assignment).
ASSIGN_ANYONE = frozenset({"admin", "builder", "manager", "marketing"})


def can_design(role: str) -> bool:
    """Whether the role may edit drafts and publish apps."""
    return role in DESIGNERS
