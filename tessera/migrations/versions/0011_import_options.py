"""import options: empty a bad optional cell instead of refusing its row

An import job keeps the choices made for it (``options``: ``{"empty_bad_cells": true}``), and
each problem listed for it says whether its row was refused or imported with that cell left
empty (``emptied``).

Revision ID: 0011
Revises: 0011_notify_email
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0011_notify_email"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("capture_import_jobs") as batch:
        batch.add_column(sa.Column("options", JSON, server_default="{}", nullable=False))
    with op.batch_alter_table("capture_import_rejects") as batch:
        batch.add_column(
            sa.Column("emptied", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("capture_import_rejects") as batch:
        batch.drop_column("emptied")
    with op.batch_alter_table("capture_import_jobs") as batch:
        batch.drop_column("options")
