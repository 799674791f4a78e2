"""Platform tables (the platform's own schema; changed only through Alembic revisions).

Per-form record tables are not here: ``runtime.store`` derives them from published forms.
"""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from tessera.db import metadata

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False, server_default=""),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("locale", sa.String(10)),
    sa.Column("regions", JSON, nullable=False, server_default="[]"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("last_login_at", Stamp),
    # The «available» switch (holidays): assignment skips a rep who is not.
    sa.Column("available", sa.Boolean, nullable=False, server_default=sa.true()),
    # besides the bell, an email when something is assigned to them
    sa.Column("notify_email", sa.Boolean, nullable=False, server_default=sa.false()),
)

teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(40), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
)

team_members = sa.Table(
    "team_members",
    metadata,
    sa.Column(
        "team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(12), nullable=False),
    sa.Column("name", sa.String(100), nullable=False, server_default=""),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("last_used_at", Stamp),
    sa.Column("revoked_at", Stamp),
)

apps = sa.Table(
    "apps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(40), nullable=False, unique=True),
    sa.Column("label", JSON, nullable=False),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("current_version", sa.Integer),
    sa.Column("draft", JSON),
    sa.Column("draft_revision", sa.Integer, nullable=False, server_default="0"),
    sa.Column("draft_updated_at", Stamp),
    sa.Column("draft_updated_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Stamp, nullable=False),
)

app_versions = sa.Table(
    "app_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_id", sa.Integer, sa.ForeignKey("apps.id", ondelete="CASCADE"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("document", JSON, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("published_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("published_at", Stamp, nullable=False),
    sa.UniqueConstraint("app_id", "number", name="uq_app_versions_app_number"),
)

form_tables = sa.Table(
    "form_tables",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("table_name", sa.String(63), nullable=False, unique=True),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("app_key", "form_key", name="uq_form_tables_app_form"),
)

form_columns = sa.Table(
    "form_columns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "form_table_id",
        sa.Integer,
        sa.ForeignKey("form_tables.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("field_key", sa.String(40), nullable=False),
    sa.Column("widget_type", sa.String(40), nullable=False),
    sa.Column("storage", sa.String(20), nullable=False),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("added_in_version", sa.Integer, nullable=False),
    sa.Column("archived_in_version", sa.Integer),
    sa.UniqueConstraint("form_table_id", "field_key", name="uq_form_columns_table_field"),
)

activities = sa.Table(
    "activities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("payload", JSON, nullable=False, server_default="{}"),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Index("ix_activities_record", "app_key", "form_key", "record_id", "created_at"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    sa.Column("type", sa.String(60), nullable=False),
    sa.Column("props", JSON, nullable=False, server_default="{}"),
    sa.Column("occurred_at", Stamp, nullable=False),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Index("ix_events_record_type", "app_key", "form_key", "record_id", "type", "occurred_at"),
)

tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40)),
    sa.Column("form_key", sa.String(40)),
    sa.Column("record_id", sa.Integer),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("assignee_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),
    sa.Column("due_at", Stamp),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("completed_at", Stamp),
    sa.Index("ix_tasks_assignee_status", "assignee_id", "status", "due_at"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("target", sa.String(200), nullable=False, server_default=""),
    sa.Column("payload", JSON, nullable=False, server_default="{}"),
    sa.Column("ip", sa.String(45)),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Index("ix_audit_log_created", "created_at"),
)

# --- lead capture (revision 0002) -------------------------------------------------------------

capture_links = sa.Table(
    "capture_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(40), nullable=False, unique=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("title", sa.String(200), nullable=False, server_default=""),
    sa.Column("source", sa.String(40)),
    sa.Column("campaign_id", sa.Integer),
    sa.Column("fields", JSON),
    sa.Column("locale", sa.String(10)),
    sa.Column("expires_at", Stamp),
    sa.Column("max_submissions", sa.Integer),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("thank_you", sa.Text, nullable=False, server_default=""),
    sa.Column("redirect_url", sa.String(500)),
    sa.Column("submission_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("spam_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("limited_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Index("ix_capture_links_app_form", "app_key", "form_key"),
)

capture_submissions = sa.Table(
    "capture_submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "link_id",
        sa.Integer,
        sa.ForeignKey("capture_links.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("idempotency_key", sa.String(100)),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("record_id", sa.Integer),
    sa.Column("outcome", sa.String(20), nullable=False, server_default="pending"),
    sa.Column("utm", JSON, nullable=False, server_default="{}"),
    sa.Column("ip", sa.String(45)),
    sa.Column("fingerprint", sa.String(64)),  # sha256 of what was sent, against key reuse
    sa.Column("created_at", Stamp, nullable=False),
    sa.UniqueConstraint("link_id", "idempotency_key", name="uq_capture_submissions_key"),
    sa.Index("ix_capture_submissions_record", "app_key", "form_key", "record_id"),
)

capture_rate_buckets = sa.Table(
    "capture_rate_buckets",
    metadata,
    sa.Column("bucket", sa.String(120), primary_key=True),
    sa.Column("window_start", sa.Integer, primary_key=True),
    sa.Column("hits", sa.Integer, nullable=False, server_default="0"),
)

capture_duplicates = sa.Table(
    "capture_duplicates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    sa.Column("candidate_id", sa.Integer, nullable=False),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Column("score", sa.Integer, nullable=False, server_default="100"),
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("resolved_at", Stamp),
    sa.Column("resolved_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Index("ix_capture_duplicates_status", "app_key", "form_key", "status"),
)

capture_merges = sa.Table(
    "capture_merges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("survivor_id", sa.Integer, nullable=False),
    sa.Column("merged_id", sa.Integer),
    sa.Column(
        "duplicate_id", sa.Integer, sa.ForeignKey("capture_duplicates.id", ondelete="SET NULL")
    ),
    sa.Column("before", JSON, nullable=False, server_default="{}"),
    sa.Column("after", JSON, nullable=False, server_default="{}"),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("undone_at", Stamp),
    sa.Column("undone_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Index("ix_capture_merges_survivor", "app_key", "form_key", "survivor_id"),
)

capture_import_jobs = sa.Table(
    "capture_import_jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("path", sa.String(500), nullable=False),
    sa.Column("mapping", JSON, nullable=False, server_default="{}"),
    sa.Column("status", sa.String(20), nullable=False, server_default="uploaded"),
    sa.Column("total_rows", sa.Integer),
    sa.Column("processed_rows", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("merged_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("flagged_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rejected_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("error", sa.Text),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("started_at", Stamp),
    sa.Column("finished_at", Stamp),
    # Resume and cancel (0005): the file line committed up to, the holding worker's lease
    # and token, how often the job was resumed, who asked to cancel it and when.
    sa.Column("resume_after", sa.Integer, nullable=False, server_default="0"),
    sa.Column("heartbeat_at", Stamp),
    sa.Column("worker", sa.String(32)),
    sa.Column("resumed_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("cancel_requested_at", Stamp),
    sa.Column("cancelled_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    # Choices made for the import (0011): {"empty_bad_cells": true} imports a row whose
    # optional cell is bad with that cell empty, listing it, instead of refusing the row.
    sa.Column("options", JSON, nullable=False, server_default="{}"),
)

capture_import_rejects = sa.Table(
    "capture_import_rejects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "job_id",
        sa.Integer,
        sa.ForeignKey("capture_import_jobs.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("column_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("raw", JSON, nullable=False, server_default="{}"),
    # True: the row was imported with this cell left empty (0011); false: the row was refused.
    sa.Column("emptied", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_capture_import_rejects_job", "job_id", "row_number"),
)

# --- Flows: durable runs, their step log and their timers (runtime/flows) ----------------------

flow_runs = sa.Table(
    "flow_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("app_version", sa.Integer, nullable=False),
    sa.Column("flow_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("record_id", sa.Integer),
    # running | waiting | done | failed | skipped (a loop guard refused to start it)
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("trigger", JSON, nullable=False, server_default="{}"),
    sa.Column("chain", JSON, nullable=False, server_default="[]"),  # flows that led here
    sa.Column("error", sa.Text),
    sa.Column("started_at", Stamp, nullable=False),
    sa.Column("finished_at", Stamp),
    sa.Index("ix_flow_runs_record", "app_key", "form_key", "record_id", "started_at"),
    sa.Index("ix_flow_runs_flow", "app_key", "flow_key", "started_at"),
)

flow_steps = sa.Table(
    "flow_steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "run_id", sa.Integer, sa.ForeignKey("flow_runs.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("step_key", sa.String(40), nullable=False),
    # done | skipped | waiting | failed
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("detail", JSON, nullable=False, server_default="{}"),
    sa.Column("attempt", sa.Integer, nullable=False, server_default="1"),
    sa.Column("started_at", Stamp, nullable=False),
    sa.Column("finished_at", Stamp, nullable=False),
    sa.Index("ix_flow_steps_run", "run_id", "id"),
)

flow_timers = sa.Table(
    "flow_timers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "run_id", sa.Integer, sa.ForeignKey("flow_runs.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("cursor", sa.String(200), nullable=False),  # where the run goes on: "2", "1/then/0"
    sa.Column("state", sa.String(20), nullable=False),  # due | claimed | done
    sa.Column("due_at", Stamp, nullable=False),
    sa.Column("lease_until", Stamp),
    sa.Column("lease_token", sa.String(32)),
    sa.Column("attempt", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Index("ix_flow_timers_due", "state", "due_at"),
)

flow_sweeps = sa.Table(
    "flow_sweeps",
    metadata,
    sa.Column("app_key", sa.String(40), primary_key=True),
    sa.Column("flow_key", sa.String(40), primary_key=True),
    sa.Column("swept_at", Stamp, nullable=False),  # a schedule's last firing; a sweep's mutex
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(120), nullable=False, unique=True),  # idempotency: "flow:7:s2"
    sa.Column(
        "channel", sa.String(20), nullable=False
    ),  # webhook | dingtalk | wecom | feishu | email
    sa.Column("target", sa.String(254), nullable=False),  # a connection's key or an address
    sa.Column("payload", JSON, nullable=False, server_default="{}"),
    sa.Column("app_key", sa.String(40)),
    sa.Column("form_key", sa.String(40)),
    sa.Column("record_id", sa.Integer),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("flow_runs.id", ondelete="SET NULL")),
    sa.Column("state", sa.String(20), nullable=False),  # pending | sending | sent | failed
    sa.Column("attempt", sa.Integer, nullable=False, server_default="1"),
    sa.Column("due_at", Stamp, nullable=False),
    sa.Column("lease_until", Stamp),
    sa.Column("lease_token", sa.String(32)),
    sa.Column("result", JSON),
    sa.Column("error", sa.Text),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("sent_at", Stamp),
    sa.Index("ix_outbox_due", "state", "due_at"),
    sa.Index("ix_outbox_run", "run_id"),
)

connections = sa.Table(
    "connections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(40), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False),  # webhook | dingtalk | wecom | feishu
    sa.Column("label", sa.String(100), nullable=False, server_default=""),
    sa.Column("url", sa.String(2000), nullable=False),
    sa.Column("secret", sa.String(200)),
    sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("updated_at", Stamp, nullable=False),
)

# --- Assignment and notifications (runtime/flows/assignment, runtime/notifications) ------------

assignment_cursors = sa.Table(
    "assignment_cursors",
    metadata,
    # one row per pool («leads/team:east_china»): who was picked last, how many turns so far
    sa.Column("pool_key", sa.String(200), primary_key=True),
    sa.Column("last_user_id", sa.Integer),
    sa.Column("turns", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", Stamp),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),  # assigned
    sa.Column("app_key", sa.String(40)),
    sa.Column("form_key", sa.String(40)),
    sa.Column("record_id", sa.Integer),
    sa.Column("payload", JSON, nullable=False, server_default="{}"),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("read_at", Stamp),
    sa.Index("ix_notifications_user", "user_id", "read_at", "created_at"),
)

# --- Email (runtime/mail) ----------------------------------------------------------------------

unsubscribes = sa.Table(
    "unsubscribes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("address", sa.String(254), nullable=False),  # lower-cased
    sa.Column("form_key", sa.String(40)),
    sa.Column("record_id", sa.Integer),
    sa.Column("email_key", sa.String(40)),  # the email whose link was used
    sa.Column("via", sa.String(20), nullable=False),  # page | one_click
    sa.Column("created_at", Stamp, nullable=False),
    sa.UniqueConstraint("app_key", "address", name="uq_unsubscribes_app_address"),
)

saved_views = sa.Table(
    "saved_views",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("app_key", sa.String(40), nullable=False),
    sa.Column("form_key", sa.String(40), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column(
        "owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("state", JSON, nullable=False, server_default="{}"),  # filter, sort, columns
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("updated_at", Stamp, nullable=False),
    sa.Index("ix_saved_views_form", "app_key", "form_key"),
)
