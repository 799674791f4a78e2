"""import jobs resume, heartbeat and cancel

An import job keeps the file line it has committed up to, the heartbeat of the worker that
holds it (a lease: a job whose heartbeat is older than the lease lost its worker and is
resumed), that worker's token (a worker that lost the job cannot commit another batch), how
often it was resumed, and who asked to cancel it.

Revision ID: 0005
Revises: 0004_submission_fingerprint
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004_submission_fingerprint"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("capture_import_jobs") as batch:
        batch.add_column(
            sa.Column("resume_after", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("heartbeat_at", Stamp, nullable=True))
        batch.add_column(sa.Column("worker", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("resumed_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("cancel_requested_at", Stamp, nullable=True))
        batch.add_column(sa.Column("cancelled_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_capture_import_jobs_cancelled_by_users"),
            "users",
            ["cancelled_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("capture_import_jobs") as batch:
        batch.drop_constraint(op.f("fk_capture_import_jobs_cancelled_by_users"), type_="foreignkey")
        for column in (
            "cancelled_by",
            "cancel_requested_at",
            "resumed_count",
            "worker",
            "heartbeat_at",
            "resume_after",
        ):
            batch.drop_column(column)
