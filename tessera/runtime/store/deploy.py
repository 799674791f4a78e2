"""Deploy a published app version to real tables, never losing data.

A publish is first *planned* (what will happen to stored data: new tables and columns, fields
archived with how many values they hold, refused type changes and why), then *applied* in the
caller's transaction. Columns are never dropped: removing a field archives it, and adding it
back restores its values. Each form's dedup indexes are kept in step with its policy
(:mod:`.indexes`), its list indexes with its filterable fields and views
(:mod:`.list_indexes`), and its text search index with its search fields (:mod:`.search_index`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.runtime.store import search_index
from tessera.runtime.store.indexes import sync_indexes
from tessera.runtime.store.list_indexes import sync_list_indexes
from tessera.runtime.store.naming import table_name_for
from tessera.runtime.store.tables import field_column, record_table, revision_column
from tessera.runtime.tables import form_columns, form_tables


@dataclass(frozen=True)
class Change:
    """One effect of a publish on stored data.

    ``kind``: ``create_table``, ``archive_form``, ``restore_form``, ``add_column``,
    ``archive_field``, ``restore_field``, ``change_type``, ``refuse``.
    """

    kind: str
    form: str
    field: str | None = None
    widget_type: str | None = None
    old_type: str | None = None
    values_held: int = 0

    def describe(self, locale: str = "zh_CN") -> str:
        """One readable sentence about this change."""
        zh = not locale.startswith("en")
        name = f"{self.form}.{self.field}" if self.field else self.form
        texts = {
            "create_table": ("新建表单 {n} 的数据表", "Create the table of form {n}"),
            "archive_form": (
                "表单 {n} 将被归档，其 {v} 条记录保留",
                "Form {n} is archived; its {v} records are kept",
            ),
            "restore_form": ("恢复已归档的表单 {n}", "Restore the archived form {n}"),
            "add_column": ("新增字段 {n}（{t}）", "Add field {n} ({t})"),
            "archive_field": (
                "{v} 个值将被归档：字段 {n} 被移除，数据保留、可恢复",
                "{v} values will be archived: field {n} is removed, its data kept and restorable",
            ),
            "restore_field": (
                "恢复字段 {n} 及其 {v} 个已归档的值",
                "Restore field {n} and its {v} archived values",
            ),
            "change_type": (
                "字段 {n} 的类型由 {o} 改为 {t}",
                "Field {n} changes type from {o} to {t}",
            ),
            "refuse": (
                "不允许：字段 {n} 已存有 {v} 个 {o} 类型的值，改为 {t} 可能丢失数据；请改用新的字段键",
                "Refused: field {n} holds {v} stored values of type {o}; changing it to {t} "
                "could lose data. Add a new field with another key instead.",
            ),
        }
        template = texts[self.kind][0 if zh else 1]
        return template.format(n=name, t=self.widget_type, o=self.old_type, v=self.values_held)


@dataclass
class DeployPlan:
    """Everything a publish will do to stored data, computed before anything is written."""

    app_key: str
    changes: list[Change] = field(default_factory=list)

    @property
    def refusals(self) -> list[Change]:
        """Changes that block the publish."""
        return [c for c in self.changes if c.kind == "refuse"]

    @property
    def ok(self) -> bool:
        """Whether the publish may go ahead."""
        return not self.refusals


class SchemaChangeRefused(Exception):
    """A publish would lose data (an incompatible type change); nothing was written."""

    def __init__(self, refusals: list[Change]):
        super().__init__("; ".join(c.describe("en") for c in refusals))
        self.refusals = refusals


def _deployed(conn: sa.Connection, app_key: str) -> dict[str, dict]:
    """Deployed forms of an app: ``{form_key: {"row": …, "columns": {field_key: row}}}``."""
    forms = {
        r.form_key: {"row": r, "columns": {}}
        for r in conn.execute(sa.select(form_tables).where(form_tables.c.app_key == app_key))
    }
    by_id = {f["row"].id: f for f in forms.values()}
    if by_id:
        for col in conn.execute(
            sa.select(form_columns).where(form_columns.c.form_table_id.in_(by_id))
        ):
            by_id[col.form_table_id]["columns"][col.field_key] = col
    return forms


def _count_values(conn, table_name: str, column: str | None = None) -> int:
    q = sa.select(sa.func.count()).select_from(sa.table(table_name, sa.column("deleted_at")))
    q = q.where(sa.column("deleted_at").is_(None))
    if column:
        q = q.where(sa.column(column).isnot(None))
    return conn.execute(q).scalar_one()


def plan_deploy(conn: sa.Connection, app) -> DeployPlan:
    """What deploying ``app`` (an ``AppSpec``) would do, without writing anything."""
    plan = DeployPlan(app.key)
    deployed = _deployed(conn, app.key)
    for form in app.forms:
        current = deployed.get(form.key)
        if current is None:
            plan.changes.append(Change("create_table", form.key))
            continue
        table_name = current["row"].table_name
        if current["row"].archived:
            plan.changes.append(Change("restore_form", form.key))
        columns = current["columns"]
        for spec in form.fields:
            old = columns.get(spec.key)
            if old is None:
                plan.changes.append(Change("add_column", form.key, spec.key, spec.type))
                continue
            if old.storage != spec.widget.storage_for(spec.config):
                held = _count_values(conn, table_name, spec.key)
                plan.changes.append(
                    Change("refuse", form.key, spec.key, spec.type, old.widget_type, held)
                )
                continue
            if old.archived:
                held = _count_values(conn, table_name, spec.key)
                plan.changes.append(
                    Change("restore_field", form.key, spec.key, spec.type, old.widget_type, held)
                )
            elif old.widget_type != spec.type:
                plan.changes.append(
                    Change("change_type", form.key, spec.key, spec.type, old.widget_type)
                )
        keys = {f.key for f in form.fields}
        for key, old in columns.items():
            if key not in keys and not old.archived:
                held = _count_values(conn, table_name, key)
                plan.changes.append(
                    Change("archive_field", form.key, key, None, old.widget_type, held)
                )
    live = {f.key for f in app.forms}
    for form_key, current in deployed.items():
        if form_key not in live and not current["row"].archived:
            held = _count_values(conn, current["row"].table_name)
            plan.changes.append(Change("archive_form", form_key, values_held=held))
    return plan


def apply_deploy(conn: sa.Connection, app, *, version: int) -> DeployPlan:
    """Deploy ``app`` in the caller's transaction; raises :class:`SchemaChangeRefused` first
    if any change would lose data (then nothing is written)."""
    plan = plan_deploy(conn, app)
    if not plan.ok:
        raise SchemaChangeRefused(plan.refusals)
    forms = {f.key: f for f in app.forms}
    deployed = _deployed(conn, app.key)
    quote = conn.dialect.identifier_preparer.quote
    for change in plan.changes:
        form = forms.get(change.form)
        if change.kind == "create_table":
            _create_table(conn, app.key, form, version)
            continue
        row = deployed[change.form]["row"]
        if change.kind in ("archive_form", "restore_form"):
            conn.execute(
                form_tables.update()
                .where(form_tables.c.id == row.id)
                .values(archived=change.kind == "archive_form")
            )
        elif change.kind == "add_column":
            spec = form.field(change.field)
            column = field_column(spec.key, spec.widget, spec.config)
            ddl_type = column.type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(
                f"ALTER TABLE {quote(row.table_name)} ADD COLUMN {quote(spec.key)} {ddl_type}"
            )
            conn.execute(
                form_columns.insert().values(
                    form_table_id=row.id,
                    field_key=spec.key,
                    widget_type=spec.type,
                    storage=spec.widget.storage_for(spec.config),
                    added_in_version=version,
                )
            )
        else:
            col_filter = (form_columns.c.form_table_id == row.id) & (
                form_columns.c.field_key == change.field
            )
            if change.kind == "archive_field":
                values = {"archived": True, "archived_in_version": version}
            else:  # restore_field, change_type
                values = {
                    "archived": False,
                    "archived_in_version": None,
                    "widget_type": change.widget_type,
                }
            conn.execute(form_columns.update().where(col_filter).values(**values))
    for current in deployed.values():
        add_system_columns(conn, current["row"].table_name, set(current["columns"]))
    names = table_names(conn, app.key)
    for form in app.forms:
        sync_indexes(conn, form, names[form.key])
        views = (app.document.get("views") or {}).get(form.key)
        sync_list_indexes(conn, form, names[form.key], views)
        search_index.sync_search_index(conn, form, names[form.key])
    return plan


class SystemColumnTaken(Exception):
    """A table made by an older Tessera has a field whose key is now a system column."""


def add_system_columns(conn: sa.Connection, table_name: str, field_keys: set[str]) -> list[str]:
    """Add the system columns a table made by an older Tessera lacks (``revision``); its
    rows keep every value and get the column's default. Returns the names added."""
    present = {c["name"] for c in sa.inspect(conn).get_columns(table_name)}
    quote = conn.dialect.identifier_preparer.quote
    added = []
    for column in (revision_column(),):
        if column.name in field_keys:
            raise SystemColumnTaken(
                f"table {table_name} has a field named {column.name!r}, now a system column; "
                "archive that field under a new key before upgrading"
            )
        if column.name in present:
            continue
        ddl_type = column.type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(
            f"ALTER TABLE {quote(table_name)} ADD COLUMN {quote(column.name)} {ddl_type} "
            f"NOT NULL DEFAULT {column.server_default.arg}"
        )
        added.append(column.name)
    return added


def upgrade_record_tables(conn: sa.Connection) -> dict[str, list[str]]:
    """Bring every deployed record table up to the current system columns (run after the
    platform migrations, so an upgrade needs no republish): ``{table: [columns added]}``."""
    upgraded = {}
    for app_key in conn.execute(sa.select(form_tables.c.app_key).distinct()).scalars():
        for current in _deployed(conn, app_key).values():
            table_name = current["row"].table_name
            added = add_system_columns(conn, table_name, set(current["columns"]))
            if added:
                upgraded[table_name] = added
    return upgraded


def _create_table(conn, app_key: str, form, version: int) -> None:
    name = table_name_for(app_key, form.key)
    table = record_table(name, [(f.key, f.widget, f.config) for f in form.fields])
    table.create(conn)
    form_table_id = conn.execute(
        form_tables.insert().values(app_key=app_key, form_key=form.key, table_name=name)
    ).inserted_primary_key[0]
    if form.fields:
        conn.execute(
            form_columns.insert(),
            [
                {
                    "form_table_id": form_table_id,
                    "field_key": f.key,
                    "widget_type": f.type,
                    "storage": f.widget.storage_for(f.config),
                    "added_in_version": version,
                }
                for f in form.fields
            ],
        )


def table_names(conn: sa.Connection, app_key: str) -> dict[str, str]:
    """``{form_key: table_name}`` of an app's deployed forms."""
    rows = conn.execute(
        sa.select(form_tables.c.form_key, form_tables.c.table_name).where(
            form_tables.c.app_key == app_key
        )
    )
    return dict(rows.all())
