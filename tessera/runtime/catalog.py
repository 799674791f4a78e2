"""Published apps as the runtime sees them: compiled specs plus their record tables.

Compiled once per published version and cached; a request costs one small query to learn
whether an app's current version moved.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property

import sqlalchemy as sa

from tessera.builder import compile_app
from tessera.runtime.auth.scope import compile_row_scope
from tessera.runtime.condition_env import eval_env
from tessera.runtime.store.deploy import table_names
from tessera.runtime.store.tables import record_table
from tessera.runtime.tables import app_versions, apps


@dataclass(frozen=True, eq=False)
class DeployedForm:
    """One published form: its spec, its record table, its compiled visibility rules."""

    app_key: str
    spec: object  # FormSpec
    table: sa.Table

    app: DeployedApp | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return self.spec.key

    @cached_property
    def visibility(self) -> dict:
        """``{field_key: predicate(values)}`` for fields with a ``visible_if`` condition,
        compiled once by the builder; evaluated as of the clock's now."""
        return {
            f.key: _as_of_now(f.visibility.predicate)
            for f in self.spec.fields
            if f.visibility is not None
        }

    @cached_property
    def row_scope(self):
        """Who may see which records (:mod:`tessera.runtime.auth.scope`), compiled once per
        published version; None when nobody is limited."""
        return compile_row_scope(self)

    def input_fields(self):
        """Fields a user writes (not computed ones)."""
        return [f for f in self.spec.fields if not f.widget.computed]


@dataclass(frozen=True, eq=False)
class DeployedApp:
    """A published app version, ready to serve."""

    spec: object  # AppSpec
    version: int
    forms: dict

    @property
    def key(self) -> str:
        return self.spec.key

    def form(self, key: str) -> DeployedForm | None:
        """A form of this app by key, or None."""
        return self.forms.get(key)

    def navigation(self) -> list[DeployedForm]:
        """Forms in menu order."""
        order = list(self.spec.navigation) or [f.key for f in self.spec.forms]
        return [self.forms[k] for k in order if k in self.forms]


class AppCatalog:
    """Cache of :class:`DeployedApp` keyed by app and version."""

    def __init__(self):
        self._cache: dict[tuple[str, int], DeployedApp] = {}
        self._lock = threading.Lock()

    def get(self, conn: sa.Connection, app_key: str) -> DeployedApp | None:
        """The app's current published version, or None if unpublished or unknown."""
        row = conn.execute(
            sa.select(apps.c.id, apps.c.current_version).where(apps.c.key == app_key)
        ).first()
        if row is None or row.current_version is None:
            return None
        cached = self._cache.get((app_key, row.current_version))
        if cached is not None:
            return cached
        document = conn.execute(
            sa.select(app_versions.c.document).where(
                (app_versions.c.app_id == row.id) & (app_versions.c.number == row.current_version)
            )
        ).scalar_one()
        deployed = load_deployed(conn, document, row.current_version)
        with self._lock:
            self._cache[(app_key, row.current_version)] = deployed
        return deployed

    def all(self, conn: sa.Connection) -> list[DeployedApp]:
        """Every published app, in the apps' display order."""
        keys = conn.execute(
            sa.select(apps.c.key)
            .where(apps.c.current_version.isnot(None))
            .order_by(apps.c.position, apps.c.id)
        ).scalars()
        return [app for app in (self.get(conn, k) for k in keys) if app is not None]


def _as_of_now(predicate):
    """``predicate`` with an env at the clock's now unless the caller gives one."""
    return lambda values, env=None: predicate(values, env if env is not None else eval_env())


def load_deployed(conn: sa.Connection, document: dict, version: int) -> DeployedApp:
    """Compile a published document and bind each form to its table."""
    spec = compile_app(document)
    names = table_names(conn, spec.key)
    forms = {}
    for form in spec.forms:
        table = record_table(names[form.key], [(f.key, f.widget, f.config) for f in form.fields])
        forms[form.key] = DeployedForm(spec.key, form, table)
    app = DeployedApp(spec, version, forms)
    for deployed in forms.values():
        object.__setattr__(deployed, "app", app)  # back-reference for hooks (frozen dataclass)
    return app
