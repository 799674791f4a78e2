"""lead capture (public links, submissions, imports)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
Stamp = sa.DateTime(timezone=True)


def _user_fk(column: str, table: str):
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="SET NULL"
    )


def upgrade() -> None:
    op.create_table(
        "capture_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), server_default="", nullable=False),
        sa.Column("source", sa.String(length=40), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("fields", JSON, nullable=True),
        sa.Column("locale", sa.String(length=10), nullable=True),
        sa.Column("expires_at", Stamp, nullable=True),
        sa.Column("max_submissions", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("thank_you", sa.Text(), server_default="", nullable=False),
        sa.Column("redirect_url", sa.String(length=500), nullable=True),
        sa.Column("submission_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("spam_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("limited_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        _user_fk("created_by", "capture_links"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_links")),
        sa.UniqueConstraint("slug", name=op.f("uq_capture_links_slug")),
    )
    op.create_index("ix_capture_links_app_form", "capture_links", ["app_key", "form_key"])
    op.create_table(
        "capture_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), server_default="pending", nullable=False),
        sa.Column("utm", JSON, server_default="{}", nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["capture_links.id"],
            name=op.f("fk_capture_submissions_link_id_capture_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_submissions")),
        sa.UniqueConstraint("link_id", "idempotency_key", name="uq_capture_submissions_key"),
    )
    op.create_index(
        "ix_capture_submissions_record",
        "capture_submissions",
        ["app_key", "form_key", "record_id"],
    )
    op.create_table(
        "capture_rate_buckets",
        sa.Column("bucket", sa.String(length=120), nullable=False),
        sa.Column("window_start", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start", name=op.f("pk_capture_rate_buckets")),
    )
    op.create_table(
        "capture_duplicates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), server_default="100", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("resolved_at", Stamp, nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        _user_fk("resolved_by", "capture_duplicates"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_duplicates")),
    )
    op.create_index(
        "ix_capture_duplicates_status", "capture_duplicates", ["app_key", "form_key", "status"]
    )
    op.create_table(
        "capture_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=True),
        sa.Column("duplicate_id", sa.Integer(), nullable=True),
        sa.Column("before", JSON, server_default="{}", nullable=False),
        sa.Column("after", JSON, server_default="{}", nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("undone_at", Stamp, nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        _user_fk("actor_id", "capture_merges"),
        _user_fk("undone_by", "capture_merges"),
        sa.ForeignKeyConstraint(
            ["duplicate_id"],
            ["capture_duplicates.id"],
            name=op.f("fk_capture_merges_duplicate_id_capture_duplicates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_merges")),
    )
    op.create_index(
        "ix_capture_merges_survivor", "capture_merges", ["app_key", "form_key", "survivor_id"]
    )
    op.create_table(
        "capture_import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app_key", sa.String(length=40), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("mapping", JSON, server_default="{}", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="uploaded", nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=True),
        sa.Column("processed_rows", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("merged_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("flagged_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("started_at", Stamp, nullable=True),
        sa.Column("finished_at", Stamp, nullable=True),
        _user_fk("created_by", "capture_import_jobs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_import_jobs")),
    )
    op.create_table(
        "capture_import_rejects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("column_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("raw", JSON, server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["capture_import_jobs.id"],
            name=op.f("fk_capture_import_rejects_job_id_capture_import_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_import_rejects")),
    )
    op.create_index(
        "ix_capture_import_rejects_job", "capture_import_rejects", ["job_id", "row_number"]
    )


def downgrade() -> None:
    op.drop_index("ix_capture_import_rejects_job", table_name="capture_import_rejects")
    op.drop_table("capture_import_rejects")
    op.drop_table("capture_import_jobs")
    op.drop_index("ix_capture_merges_survivor", table_name="capture_merges")
    op.drop_table("capture_merges")
    op.drop_index("ix_capture_duplicates_status", table_name="capture_duplicates")
    op.drop_table("capture_duplicates")
    op.drop_table("capture_rate_buckets")
    op.drop_index("ix_capture_submissions_record", table_name="capture_submissions")
    op.drop_table("capture_submissions")
    op.drop_index("ix_capture_links_app_form", table_name="capture_links")
    op.drop_table("capture_links")
