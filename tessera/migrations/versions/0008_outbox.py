"""outbox, connections and flow sweeps: side effects sent after their step commits

A flow step that sends (webhook, robot message, email) writes an ``outbox`` row in its own
transaction, keyed by run and step so a repeated step cannot queue twice; a delivery loop
claims due rows with a lease and sends them, retrying with backoff. ``connections`` hold the
endpoints (URL, signing secret) flows refer to by key, outside the app's exported metadata. ``flow_sweeps`` records when each scheduled or
«no activity» flow was last swept, so two workers never sweep one flow at once.

Revision ID: 0008_outbox
Revises: 0007_flows
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008_outbox"
down_revision = "0007_flows"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=254), nullable=False),
        sa.Column("payload", JSON, server_default="{}", nullable=False),
        sa.Column("app_key", sa.String(length=40), nullable=True),
        sa.Column("form_key", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey(
                "flow_runs.id", name=op.f("fk_outbox_run_id_flow_runs"), ondelete="SET NULL"
            ),
            nullable=True,
        ),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempt", sa.Integer(), server_default="1", nullable=False),
        sa.Column("due_at", Stamp, nullable=False),
        sa.Column("lease_until", Stamp, nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("sent_at", Stamp, nullable=True),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index("ix_outbox_due", "outbox", ["state", "due_at"])
    op.create_index("ix_outbox_run", "outbox", ["run_id"])
    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), server_default="", nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=True),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.UniqueConstraint("key", name=op.f("uq_connections_key")),
    )

    op.create_table(
        "flow_sweeps",
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("flow_key", sa.String(length=40), nullable=False),
        sa.Column("swept_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("app_key", "flow_key", name=op.f("pk_flow_sweeps")),
    )


def downgrade() -> None:
    op.drop_table("flow_sweeps")
    op.drop_table("connections")
    op.drop_index("ix_outbox_run", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
