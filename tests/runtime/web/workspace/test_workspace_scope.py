"""Row scope through link fields in the workspace pages, on SQLite and PostgreSQL: lists,
record pages, link pickers and saves obey what a signed-in sales rep may see."""

import re

import pytest

from tests.support.demo import ADMIN_EMAIL, bearer, create_record, demo_app, signed_in
from tests.support.html_form import edit_revision

REP, OTHER, BOSS = "rep@example.com", "other@example.com", "boss@example.com"
LEAD_NAMES = {"mine": "我的线索", "theirs": "别人的线索", "pool": "公海线索"}


@pytest.fixture
def office(settings, migrated_db_url):  # both databases (settings uses this URL)
    """Leads of two reps and one in the pool, a follow-up on each; ``office.login(email)``
    gives a signed-in test client."""
    app = demo_app(settings, users={REP: "sales", OTHER: "sales", BOSS: "manager"}, csrf=False)
    api = app.test_client()

    def made(form, fields):
        return create_record(app, form, fields)

    def login(email):
        return signed_in(app, email)

    api.app_, api.made, api.login = app, made, login
    api.leads = {
        "mine": made("lead", {"name": LEAD_NAMES["mine"], "owner": REP}),
        "theirs": made("lead", {"name": LEAD_NAMES["theirs"], "owner": OTHER}),
        "pool": made("lead", {"name": LEAD_NAMES["pool"]}),
    }
    api.followups = {
        key: made("followup", {"lead": lead_id, "content": f"跟进-{key}"})
        for key, lead_id in api.leads.items()
    }
    return api


def stored(office, form, record_id):
    url = f"/api/v1/apps/leads/forms/{form}/records/{record_id}"
    return office.get(url, headers=bearer(office.app_, ADMIN_EMAIL))


def picker(html: str, field: str) -> str:
    return re.search(rf'<select[^>]*name="{field}".*?</select>', html, re.S).group(0)


def test_a_rep_sees_and_opens_only_follow_ups_of_leads_they_see(office):
    rep = office.login(REP)
    page = rep.get("/a/leads/followup").get_data(as_text=True)
    assert "跟进-mine" in page and "跟进-pool" in page and "跟进-theirs" not in page
    theirs = f"/a/leads/followup/{office.followups['theirs']}"
    assert rep.get(theirs).status_code == 404
    assert rep.get(f"{theirs}/edit").status_code == 404
    edited = rep.post(f"{theirs}/edit", data={"lead": office.leads["theirs"], "content": "改了"})
    assert edited.status_code == 404
    assert rep.post(f"{theirs}/delete").status_code == 404
    kept = stored(office, "followup", office.followups["theirs"])
    assert kept.status_code == 200 and kept.get_json()["fields"]["content"] == "跟进-theirs"
    boss_page = office.login(BOSS).get("/a/leads/followup").get_data(as_text=True)
    assert all(f"跟进-{key}" in boss_page for key in office.followups)


@pytest.mark.parametrize("form", ["followup", "customer"])
def test_link_pickers_list_only_leads_in_the_users_scope(office, form):
    options = picker(office.login(REP).get(f"/a/leads/{form}/new").get_data(as_text=True), "lead")
    assert LEAD_NAMES["mine"] in options and LEAD_NAMES["pool"] in options
    assert LEAD_NAMES["theirs"] not in options
    assert f'value="{office.leads["theirs"]}"' not in options
    options = picker(office.login(BOSS).get(f"/a/leads/{form}/new").get_data(as_text=True), "lead")
    assert all(name in options for name in LEAD_NAMES.values())


@pytest.mark.parametrize("form, text", [("followup", "content"), ("customer", "name")])
def test_saving_a_link_to_another_reps_lead_is_a_form_error(office, form, text):
    rep = office.login(REP)
    response = rep.post(
        f"/a/leads/{form}/new", data={"lead": str(office.leads["theirs"]), text: "偷偷关联"}
    )
    assert response.status_code == 422
    assert "关联的记录不存在" in response.get_data(as_text=True)
    assert "偷偷关联" not in office.login(BOSS).get(f"/a/leads/{form}").get_data(as_text=True)
    saved = rep.post(f"/a/leads/{form}/new", data={"lead": str(office.leads["mine"]), text: "好"})
    assert saved.status_code == 303


def test_editing_a_customer_keeps_a_lead_the_rep_cannot_list(office):
    rep_id = office.app_.user_ids[REP]
    customer_id = office.made(
        "customer", {"name": "某某科技", "owner": REP, "lead": office.leads["theirs"]}
    )
    rep = office.login(REP)
    url = f"/a/leads/customer/{customer_id}"
    detail = rep.get(url).get_data(as_text=True)
    assert LEAD_NAMES["theirs"] not in detail  # its title stays hidden: shown as «#id»
    options = picker(rep.get(f"{url}/edit").get_data(as_text=True), "lead")
    theirs = office.leads["theirs"]
    assert re.search(
        rf'<option[^>]*selected[^>]*value="{theirs}"|value="{theirs}"[^>]*selected', options
    )
    assert LEAD_NAMES["theirs"] not in options and f"#{theirs}" in options
    saved = rep.post(
        f"{url}/edit",
        data={
            "name": "某某科技",
            "owner": str(rep_id),
            "lead": str(theirs),
            "won_amount": "1000",
            "_revision": edit_revision(rep, f"{url}/edit"),
        },
    )
    assert saved.status_code == 303
    fields = stored(office, "customer", customer_id).get_json()["fields"]
    assert fields["lead"] == theirs and fields["won_amount"] == 1000
