"""public submissions remember a fingerprint of what was sent

A reused idempotency key with a different body is refused (422) instead of silently
answering the first result; rows from before have no fingerprint and replay as before.

Revision ID: 0004_submission_fingerprint
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_submission_fingerprint"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("capture_submissions") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("capture_submissions") as batch:
        batch.drop_column("fingerprint")
