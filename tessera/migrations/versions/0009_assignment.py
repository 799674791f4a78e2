"""assignment: users' availability, round-robin cursors, in-app notifications

``users.available`` is the «available» switch (holidays): assignment skips a rep who is
not. ``assignment_cursors`` holds one row per assignment pool (who was picked last and how
many turns the pool has had), advanced under a row lock in the flow step's transaction, so
round robin stays fair across restarts and worker processes. ``notifications`` are what a
user is told in the app (a record assigned to them), unread until they open them.

Revision ID: 0009
Revises: 0008_outbox
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008_outbox"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("available", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "assignment_cursors",
        sa.Column("pool_key", sa.String(length=200), primary_key=True),
        sa.Column("last_user_id", sa.Integer(), nullable=True),
        sa.Column("turns", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", Stamp, nullable=True),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("app_key", sa.String(length=40), nullable=True),
        sa.Column("form_key", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("payload", JSON, server_default="{}", nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("read_at", Stamp, nullable=True),
    )
    op.create_index("ix_notifications_user", "notifications", ["user_id", "read_at", "created_at"])


def downgrade() -> None:
    op.drop_table("notifications")
    op.drop_table("assignment_cursors")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("available")
