"""Field roles: which field of a form plays each part the platform depends on.

A form document names them (``"roles": {"owner": "owner", "source": "source", …}``); the
runtime asks the compiled form (``form.spec.role("owner")``) and never assumes a field key.
Each role says which fields may play it by asking the field's widget (the dependent side
declares compatibility). One module per role, named by its persisted key.

The title (``title_field``) and the dedup match keys (``dedup.match``) were roles before roles
had a name; they keep their own members.
"""

from importlib import import_module

from tessera.builder.roles.base import Role, role_registry

ROLE_MODULES = ("owner", "source", "campaign", "email", "phone", "language")

for _name in ROLE_MODULES:
    import_module(f"tessera.builder.roles.{_name}")
role_registry.freeze()

__all__ = ["Role", "role_registry"]
