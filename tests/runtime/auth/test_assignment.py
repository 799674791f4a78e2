"""Who may set a lead's owner, over the API and in the workspace, on SQLite and PostgreSQL:
a sales rep takes pool leads and releases their own; giving one to someone else is refused
(403 naming ``owner``); a manager assigns anyone; a save that moves the record out of the
rep's scope answers clearly (200 / a flash and the list), never 500 or 404."""

import pytest

from tessera.runtime.store.records import RecordStore
from tessera.runtime.store.write_events import RecordChanged
from tessera.runtime.wiring import standard_bus
from tests.support.demo import ADMIN_EMAIL, PASSWORD, bearer, demo_app
from tests.support.html_form import edit_revision

REP, OTHER, BOSS = "rep@example.com", "other@example.com", "boss@example.com"


@pytest.fixture
def office(settings, migrated_db_url):  # both databases (settings uses this URL)
    app = demo_app(settings, users={REP: "sales", OTHER: "sales", BOSS: "manager"}, csrf=False)
    client = app.test_client()
    client.app_ = app
    client.ids = app.user_ids

    def made(fields):
        response = client.post(lead_url(), json={"fields": fields}, headers=as_(client))
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def login(email):
        web = app.test_client()
        assert web.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
        return web

    client.login = login
    client.leads = {
        "mine": made({"name": "我的线索", "owner": REP}),
        "pool": made({"name": "公海"}),
    }
    return client


def lead_url(record_id=None):
    base = "/api/v1/apps/leads/forms/lead/records"
    return base if record_id is None else f"{base}/{record_id}"


def as_(client, email=ADMIN_EMAIL):
    return bearer(client.app_, email)


def owner_of(office, key):
    owner = office.get(lead_url(office.leads[key]), headers=as_(office)).get_json()["fields"]
    return None if owner["owner"] is None else owner["owner"]["email"]


def patch_owner(office, key, owner, email=REP):
    return office.patch(
        lead_url(office.leads[key]), json={"fields": {"owner": owner}}, headers=as_(office, email)
    )


@pytest.fixture
def hand_over_on_contact(office, monkeypatch):
    """A write subscriber that gives a lead to OTHER when its stage becomes «contacted», as
    the sales hand-off flow does: the rep's own save moves the lead out of their scope."""

    def hand_over(event):
        if event.form.key == "lead" and event.changes.get("stage", [None, None])[1] == "contacted":
            RecordStore(event.conn, event.form).update(
                event.record_id, {"owner": office.ids[OTHER]}
            )

    bus = standard_bus()
    monkeypatch.setattr(bus, "_subscribers", [*bus._subscribers, (RecordChanged, hand_over)])


def test_a_rep_cannot_give_a_lead_to_someone_else(office):
    for key in ("mine", "pool"):
        refused = patch_owner(office, key, OTHER)
        assert refused.status_code == 403
        error = refused.get_json()["error"]
        assert error["code"] == "forbidden" and set(error["fields"]) == {"owner"}
    assert owner_of(office, "mine") == REP and owner_of(office, "pool") is None
    created = office.post(
        lead_url(), json={"fields": {"name": "送人", "owner": OTHER}}, headers=as_(office, REP)
    )
    assert created.status_code == 403 and set(created.get_json()["error"]["fields"]) == {"owner"}
    assert office.get(lead_url(), headers=as_(office)).get_json()["total"] == 2


def test_a_rep_takes_pool_leads_and_releases_own_but_may_not_pass_them_on(office):
    taken = patch_owner(office, "pool", REP)
    assert taken.status_code == 200 and taken.get_json()["fields"]["owner"]["email"] == REP
    assert patch_owner(office, "pool", OTHER).status_code == 403
    released = patch_owner(office, "pool", None)
    assert released.status_code == 200 and released.get_json()["fields"]["owner"] is None
    released = patch_owner(office, "mine", None)
    assert released.status_code == 200 and owner_of(office, "mine") is None


def test_a_manager_assigns_what_a_rep_may_not(office):
    assert patch_owner(office, "mine", OTHER).status_code == 403
    assert patch_owner(office, "mine", OTHER, email=BOSS).status_code == 200
    assert owner_of(office, "mine") == OTHER
    assert patch_owner(office, "pool", OTHER).status_code == 403
    assert patch_owner(office, "pool", REP, email=BOSS).status_code == 200
    assert owner_of(office, "pool") == REP


def test_a_save_that_moves_the_lead_out_of_scope_answers_200_with_the_record(
    office, hand_over_on_contact
):
    url = lead_url(office.leads["mine"])
    rep = as_(office, REP)
    response = office.patch(url, json={"fields": {"stage": "contacted"}}, headers=rep)
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == office.leads["mine"] and body["fields"]["owner"]["email"] == OTHER
    assert office.get(url, headers=rep).status_code == 404


def test_the_edit_page_refuses_giving_a_lead_away_beside_the_owner_field(office):
    rep = office.login(REP)
    url = f"/a/leads/lead/{office.leads['mine']}/edit"
    response = rep.post(
        url,
        data={
            "name": "我的线索",
            "owner": str(office.ids[OTHER]),
            "_revision": edit_revision(rep, url),
        },
    )
    assert response.status_code == 403
    assert "只能领取公海中的记录或释放自己的记录" in response.get_data(as_text=True)
    assert owner_of(office, "mine") == REP
    pool_url = f"/a/leads/lead/{office.leads['pool']}/edit"
    taken = rep.post(
        pool_url,
        data={
            "name": "公海",
            "owner": str(office.ids[REP]),
            "_revision": edit_revision(rep, pool_url),
        },
    )
    assert taken.status_code == 303 and taken.headers["Location"].endswith(
        f"/a/leads/lead/{office.leads['pool']}"
    )
    assert owner_of(office, "pool") == REP


def test_the_edit_page_goes_to_the_list_when_the_save_moves_the_lead_away(
    office, hand_over_on_contact
):
    rep = office.login(REP)
    url = f"/a/leads/lead/{office.leads['mine']}/edit"
    response = rep.post(
        url,
        data={
            "name": "我的线索",
            "owner": str(office.ids[REP]),
            "stage": "contacted",
            "_revision": edit_revision(rep, url),
        },
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/a/leads/lead")
    page = rep.get(response.headers["Location"])
    assert page.status_code == 200
    assert "已保存。该记录已不在你的列表中。" in page.get_data(as_text=True)
    assert owner_of(office, "mine") == OTHER
