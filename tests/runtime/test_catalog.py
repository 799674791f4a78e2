"""The catalog: one compiled app per published version, its sections compiled once, and
versions published before a check was added still load."""

import copy

import pytest
import sqlalchemy as sa

from tessera.builder import load_template
from tessera.registry import UnknownType
from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.scoring import model_for
from tessera.runtime.sections import section_registry
from tessera.runtime.tables import app_versions, apps


@pytest.fixture
def leads(engine):
    with engine.begin() as conn:
        publishing.create_app(conn, load_template("leads"))
        publishing.publish(conn, "leads")
    return engine


def test_a_version_is_compiled_once_with_every_section(leads):
    catalog = AppCatalog()
    with leads.connect() as conn:
        app = catalog.get(conn, "leads")
        assert catalog.get(conn, "leads") is app
    lead = app.form("lead")
    assert set(lead.sections) == set(section_registry.keys())
    assert lead.section("scoring") is model_for(app, "lead")
    assert lead.section("scoring").score_field == "score"
    assert lead.section("row_scope") is not None  # leads have an owner
    assert app.form("campaign").section("scoring") is None
    with pytest.raises(UnknownType):
        lead.section("scoring_model")


def test_a_version_published_before_a_stricter_check_still_loads(leads):
    """A published document the builder would refuse today (a visibility condition the page
    cannot evaluate) keeps serving: the catalog trusts what was checked at publish."""
    with leads.begin() as conn:
        app_id, number = conn.execute(sa.select(apps.c.id, apps.c.current_version)).one()
        where = (app_versions.c.app_id == app_id) & (app_versions.c.number == number)
        document = copy.deepcopy(
            conn.execute(sa.select(app_versions.c.document).where(where)).scalar_one()
        )
        field = document["forms"][0]["sections"][0]["fields"][1]
        field["visible_if"] = {"field": "owner", "op": "is_me"}
        conn.execute(app_versions.update().where(where).values(document=document))
    with leads.connect() as conn:
        app = AppCatalog().get(conn, "leads")
    lead = app.form("lead")
    assert lead.spec.fields[1].visible_if == {"field": "owner", "op": "is_me"}
    assert lead.spec.fields[1].key in lead.section("visibility")
