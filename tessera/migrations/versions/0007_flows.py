"""flows: runs, their step log and their timers

A flow run is a row; each step it took is logged in ``flow_steps``; where it goes on, and
when, is a ``flow_timers`` row that workers claim with a lease (indexed on state and due
time), so a restart resumes every wait.

Revision ID: 0007_flows
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007_flows"
down_revision = "0005"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "flow_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("app_version", sa.Integer(), nullable=False),
        sa.Column("flow_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("trigger", JSON, server_default="{}", nullable=False),
        sa.Column("chain", JSON, server_default="[]", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", Stamp, nullable=False),
        sa.Column("finished_at", Stamp, nullable=True),
    )
    op.create_index(
        "ix_flow_runs_record", "flow_runs", ["app_key", "form_key", "record_id", "started_at"]
    )
    op.create_index("ix_flow_runs_flow", "flow_runs", ["app_key", "flow_key", "started_at"])
    op.create_table(
        "flow_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey(
                "flow_runs.id", name=op.f("fk_flow_steps_run_id_flow_runs"), ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("step_key", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("detail", JSON, server_default="{}", nullable=False),
        sa.Column("attempt", sa.Integer(), server_default="1", nullable=False),
        sa.Column("started_at", Stamp, nullable=False),
        sa.Column("finished_at", Stamp, nullable=False),
    )
    op.create_index("ix_flow_steps_run", "flow_steps", ["run_id", "id"])
    op.create_table(
        "flow_timers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey(
                "flow_runs.id", name=op.f("fk_flow_timers_run_id_flow_runs"), ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("cursor", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("due_at", Stamp, nullable=False),
        sa.Column("lease_until", Stamp, nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("attempt", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
    )
    op.create_index("ix_flow_timers_due", "flow_timers", ["state", "due_at"])


def downgrade() -> None:
    op.drop_table("flow_timers")
    op.drop_table("flow_steps")
    op.drop_table("flow_runs")
