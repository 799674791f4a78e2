"""The roles of CONTRACT.md and what each may do."""

ROLES = ("admin", "builder", "manager", "sales", "marketing")
ROLE_LABELS = {
    "admin": {"zh-CN": "管理员", "en": "Admin"},
    "builder": {"zh-CN": "应用搭建者", "en": "Builder"},
    "manager": {"zh-CN": "销售经理", "en": "Manager"},
    "sales": {"zh-CN": "销售", "en": "Sales"},
    "marketing": {"zh-CN": "市场", "en": "Marketing"},
}


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


def role_label(role: str, locale: str) -> str:
    """The role as people read it («销售» / «Sales»); an unknown role as its key."""
    labels = ROLE_LABELS.get(role)
    if labels is None:
        return role
    return labels["en"] if locale.startswith("en") else labels["zh-CN"]
