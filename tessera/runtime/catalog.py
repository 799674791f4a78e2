"""Published apps as the runtime sees them: compiled specs, their record tables and their
compiled sections (:mod:`tessera.runtime.sections`).

Compiled once per published version into one immutable :class:`DeployedApp`, the only cache
of compiled pieces; a request costs one small query to learn whether an app's current
version moved.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.builder import compile_app
from tessera.builder.frozen import FrozenDict
from tessera.runtime.sections import compile_sections, section_registry
from tessera.runtime.store.bus import WriteBus
from tessera.runtime.store.deploy import table_names
from tessera.runtime.store.records import NO_SUBSCRIBERS
from tessera.runtime.store.tables import record_table
from tessera.runtime.tables import app_versions, apps
from tessera.runtime.wiring import standard_bus


@dataclass(frozen=True, eq=False)
class DeployedForm:
    """One published form: its spec, its record table and its compiled sections
    (:mod:`tessera.runtime.sections`: visibility, row scope, scoring …)."""

    app_key: str
    spec: object  # FormSpec
    table: sa.Table

    app: DeployedApp | None = field(default=None, repr=False)
    sections: FrozenDict = field(default=FrozenDict(), repr=False)

    @property
    def key(self) -> str:
        return self.spec.key

    def section(self, key: str):
        """The compiled section ``key`` of this form (None when the form has none), e.g.
        ``form.section("scoring")``: its scoring model. An unregistered key fails loudly.

        Example::

            form.section("visibility")["budget"](values)  # True
        """
        section_registry.get(key)  # an unregistered key raises UnknownType
        return self.sections.get(key)

    def input_fields(self):
        """Fields a user writes (not computed ones)."""
        return [f for f in self.spec.fields if not f.widget.computed]


@dataclass(frozen=True, eq=False)
class DeployedApp:
    """A published app version, ready to serve. ``bus``: who hears of its record writes
    (the process's wiring, :func:`tessera.runtime.wiring.standard_bus`)."""

    spec: object  # AppSpec
    version: int
    forms: dict
    bus: WriteBus = field(default=NO_SUBSCRIBERS, repr=False)

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
    """Cache of :class:`DeployedApp` keyed by app and version. ``bus``: the write bus every
    app it loads publishes to (default: the standard wiring)."""

    def __init__(self, bus: WriteBus | None = None):
        self.bus = bus if bus is not None else standard_bus()
        self._cache: dict[tuple[str, int], DeployedApp] = {}
        self._lock = threading.Lock()

    def get(self, conn: sa.Connection, app_key: str) -> DeployedApp | None:
        """The app's current published version, or None if unpublished or unknown."""
        row = conn.execute(
            sa.select(apps.c.id, apps.c.current_version).where(apps.c.key == app_key)
        ).first()
        if row is None or row.current_version is None:
            return None
        return self._version(conn, app_key, row.id, row.current_version)

    def version(self, conn: sa.Connection, app_key: str, number: int) -> DeployedApp | None:
        """Published version ``number`` of the app (e.g. the one a waiting flow run started
        in), or None when there is no such version. Versions never change: a cached one is
        served without a query."""
        cached = self._cache.get((app_key, number))
        if cached is not None:
            return cached
        app_id = conn.execute(sa.select(apps.c.id).where(apps.c.key == app_key)).scalar()
        return None if app_id is None else self._version(conn, app_key, app_id, number)

    def _version(self, conn, app_key: str, app_id: int, number: int) -> DeployedApp | None:
        cached = self._cache.get((app_key, number))
        if cached is not None:
            return cached
        document = conn.execute(
            sa.select(app_versions.c.document).where(
                (app_versions.c.app_id == app_id) & (app_versions.c.number == number)
            )
        ).scalar()
        if document is None:
            return None
        deployed = load_deployed(conn, document, number, bus=self.bus)
        with self._lock:
            self._cache[(app_key, number)] = deployed
        return deployed

    def all(self, conn: sa.Connection) -> list[DeployedApp]:
        """Every published app, in the apps' display order."""
        keys = conn.execute(
            sa.select(apps.c.key)
            .where(apps.c.current_version.isnot(None))
            .order_by(apps.c.position, apps.c.id)
        ).scalars()
        return [app for app in (self.get(conn, k) for k in keys) if app is not None]


def load_deployed(
    conn: sa.Connection, document: dict, version: int, *, bus: WriteBus | None = None
) -> DeployedApp:
    """Compile a published document (validated when it was published), bind each form to
    its table and compile every form's sections; its writes publish to ``bus`` (default:
    the standard wiring)."""
    spec = compile_app(document, checked=True)
    names = table_names(conn, spec.key)
    forms = {}
    for form in spec.forms:
        table = record_table(names[form.key], [(f.key, f.widget, f.config) for f in form.fields])
        forms[form.key] = DeployedForm(spec.key, form, table)
    app = DeployedApp(spec, version, forms, bus if bus is not None else standard_bus())
    for deployed in forms.values():
        object.__setattr__(deployed, "app", app)  # back-reference (frozen dataclass)
    compile_sections(forms)  # sections may read the other forms (links) and earlier sections
    return app
