"""saved views: a person's own list views of a form, and the ones they share

A row is one view of one form's list (``state``: the filter condition, the sort and the
columns, in the shape of the app document's ``views``); ``shared`` views are offered to
everyone who may open the list, the others to their owner only.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "owner_id",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", name=op.f("fk_saved_views_owner_id_users"), ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("shared", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("state", JSON, server_default="{}", nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
    )
    op.create_index("ix_saved_views_form", "saved_views", ["app_key", "form_key"])


def downgrade() -> None:
    op.drop_index("ix_saved_views_form", table_name="saved_views")
    op.drop_table("saved_views")
