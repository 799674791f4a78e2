"""Alembic environment: platform tables only (per-form tables belong to runtime.store)."""

from alembic import context

import tessera.runtime.tables  # noqa: F401  (registers the platform tables on the metadata)
from tessera.db import metadata

PLATFORM_TABLES = set(metadata.tables)


def include_object(obj, name, type_, reflected, compare_to):
    """Ignore per-form record tables, which Alembic must never drop."""
    if type_ == "table":
        return name in PLATFORM_TABLES or name == "alembic_version"
    return True


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through tessera.runtime.migrate")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
