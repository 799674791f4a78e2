"""unsubscribes: addresses that asked for no more emails from an app

An unsubscribe link (the page's button, or a mail client's One-Click POST) adds the address
here; every later ``send_email`` step for that app skips it and says so in the run history.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "unsubscribes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("email_key", sa.String(length=40), nullable=True),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.UniqueConstraint("app_key", "address", name="uq_unsubscribes_app_address"),
    )


def downgrade() -> None:
    op.drop_table("unsubscribes")
