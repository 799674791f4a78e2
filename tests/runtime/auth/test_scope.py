"""Row scope through link fields, over the API, on SQLite and PostgreSQL: a follow-up is
visible iff its lead is; a customer follows its own owner; a link value outside the caller's
scope reads as a missing record; managers and admins see everything."""

import pytest

from tests.support.demo import ADMIN_EMAIL, bearer, demo_app

REP, OTHER, BOSS = "rep@example.com", "other@example.com", "boss@example.com"
MISSING = {"lead": "The linked record does not exist"}  # English: no Accept-Language
TEXT = {"followup": "content", "customer": "name"}  # each form's required text field


def records_url(form, record_id=None):
    base = f"/api/v1/apps/leads/forms/{form}/records"
    return base if record_id is None else f"{base}/{record_id}"


@pytest.fixture
def office(settings, migrated_db_url):  # both databases (settings uses this URL)
    """Leads of two reps and one in the pool, a follow-up on each, as the admin made them."""
    app = demo_app(settings, users={REP: "sales", OTHER: "sales", BOSS: "manager"})
    client = app.test_client()
    client.app_ = app
    admin = bearer(app, ADMIN_EMAIL)

    def made(form, fields):
        response = client.post(records_url(form), json={"fields": fields}, headers=admin)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    client.made = made
    client.leads = {
        "mine": made("lead", {"name": "我的线索", "owner": REP}),
        "theirs": made("lead", {"name": "别人的线索", "owner": OTHER}),
        "pool": made("lead", {"name": "公海线索"}),
    }
    client.followups = {
        key: made("followup", {"lead": lead_id, "content": f"跟进-{key}"})
        for key, lead_id in client.leads.items()
    }
    return client


def as_(client, email):
    return bearer(client.app_, email)


def contents(client, email, form="followup", key="content"):
    body = client.get(records_url(form), headers=as_(client, email)).get_json()
    return sorted(r["fields"][key] for r in body["records"]), body["total"]


def test_a_rep_lists_only_follow_ups_of_leads_they_see_managers_see_all(office):
    assert contents(office, REP) == (["跟进-mine", "跟进-pool"], 2)
    assert contents(office, OTHER) == (["跟进-pool", "跟进-theirs"], 2)
    everything = (["跟进-mine", "跟进-pool", "跟进-theirs"], 3)
    assert contents(office, BOSS) == everything
    assert contents(office, ADMIN_EMAIL) == everything


def test_a_rep_cannot_read_patch_delete_another_reps_follow_up(office):
    theirs = records_url("followup", office.followups["theirs"])
    rep = as_(office, REP)
    assert office.get(theirs, headers=rep).status_code == 404
    assert office.get(f"{theirs}/timeline", headers=rep).status_code == 404
    patched = office.patch(theirs, json={"fields": {"content": "改了"}}, headers=rep)
    assert patched.status_code == 404
    assert office.delete(theirs, headers=rep).status_code == 404
    stored = office.get(theirs, headers=as_(office, ADMIN_EMAIL))
    assert stored.status_code == 200 and stored.get_json()["fields"]["content"] == "跟进-theirs"


def test_a_follow_up_of_a_pool_lead_follows_the_lead_when_it_is_taken(office):
    boss = as_(office, BOSS)
    lead = records_url("lead", office.leads["pool"])
    assert office.patch(lead, json={"fields": {"owner": OTHER}}, headers=boss).status_code == 200
    assert contents(office, REP) == (["跟进-mine"], 1)
    assert contents(office, OTHER) == (["跟进-pool", "跟进-theirs"], 2)


@pytest.mark.parametrize("form", ["followup", "customer"])
def test_a_rep_links_to_own_and_pool_leads_but_not_to_another_reps(office, form):
    rep = as_(office, REP)
    before = contents(office, ADMIN_EMAIL, form, TEXT[form])
    fields = {"lead": office.leads["theirs"], TEXT[form]: "偷看"}
    response = office.post(records_url(form), json={"fields": fields}, headers=rep)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == MISSING
    # The same words as for a record that does not exist: nothing tells that it does.
    fields["lead"] = 999_999
    missing = office.post(records_url(form), json={"fields": fields}, headers=rep)
    assert missing.status_code == 422 and missing.get_json()["error"]["fields"] == MISSING
    assert contents(office, ADMIN_EMAIL, form, TEXT[form]) == before
    for lead in ("mine", "pool"):
        fields = {"lead": office.leads[lead], TEXT[form]: f"链接-{lead}"}
        created = office.post(records_url(form), json={"fields": fields}, headers=rep)
        assert created.status_code == 201
        assert created.get_json()["fields"]["lead"] == office.leads[lead]


def test_moving_a_follow_up_to_another_reps_lead_is_refused(office):
    mine = records_url("followup", office.followups["mine"])
    rep = as_(office, REP)
    response = office.patch(mine, json={"fields": {"lead": office.leads["theirs"]}}, headers=rep)
    assert response.status_code == 422 and response.get_json()["error"]["fields"] == MISSING
    assert office.get(mine, headers=rep).get_json()["fields"]["lead"] == office.leads["mine"]


def test_a_customer_follows_its_own_owner_and_keeps_its_lead_on_edit(office):
    customer_id = office.made(
        "customer", {"name": "某某科技", "owner": REP, "lead": office.leads["theirs"]}
    )
    rep = as_(office, REP)
    assert contents(office, REP, "customer", "name") == (["某某科技"], 1)
    url = records_url("customer", customer_id)
    patched = office.patch(url, json={"fields": {"won_amount": 1000}}, headers=rep)
    assert patched.status_code == 200
    assert patched.get_json()["fields"]["lead"] == office.leads["theirs"]
    # Sending the unchanged link back (as the edit page does) is no change …
    same = office.patch(url, json={"fields": {"lead": office.leads["theirs"]}}, headers=rep)
    assert same.status_code == 200
    # … but once moved to a lead the rep sees, it cannot be pointed back.
    moved = office.patch(url, json={"fields": {"lead": office.leads["pool"]}}, headers=rep)
    assert moved.status_code == 200
    back = office.patch(url, json={"fields": {"lead": office.leads["theirs"]}}, headers=rep)
    assert back.status_code == 422 and back.get_json()["error"]["fields"] == MISSING
    assert office.get(url, headers=rep).get_json()["fields"]["lead"] == office.leads["pool"]


def _add_note_form(office):
    """Publish a «note» form that links to a follow-up: a chain note → follow-up → lead."""
    admin = as_(office, ADMIN_EMAIL)
    draft = office.get("/api/v1/apps/leads/draft", headers=admin).get_json()
    document = draft["document"]
    document["forms"].append(
        {
            "key": "note",
            "label": {"zh-CN": "备注", "en": "Note"},
            "title_field": "body",
            "sections": [
                {
                    "key": "main",
                    "label": {"zh-CN": "备注", "en": "Note"},
                    "fields": [
                        {
                            "key": "followup",
                            "type": "link",
                            "label": {"zh-CN": "跟进", "en": "Follow-up"},
                            "config": {"form": "followup"},
                        },
                        {"key": "body", "type": "text", "label": {"zh-CN": "内容", "en": "Body"}},
                    ],
                }
            ],
        }
    )
    saved = office.put(
        "/api/v1/apps/leads/draft",
        json={"document": document, "revision": draft["revision"]},
        headers=admin,
    )
    assert saved.status_code == 200, saved.get_json()
    published = office.post("/api/v1/apps/leads/publish", headers=admin)
    assert published.status_code == 201, published.get_json()


def test_scope_follows_a_chain_of_links_to_the_owner(office):
    _add_note_form(office)
    for key, followup_id in office.followups.items():
        office.made("note", {"followup": followup_id, "body": f"备注-{key}"})
    office.made("note", {"body": "备注-none"})  # an empty link limits nothing
    assert contents(office, REP, "note", "body") == (["备注-mine", "备注-none", "备注-pool"], 3)
    assert contents(office, BOSS, "note", "body")[1] == 4
    rep = as_(office, REP)
    refused = office.post(
        records_url("note"),
        json={"fields": {"followup": office.followups["theirs"], "body": "x"}},
        headers=rep,
    )
    assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {"followup"}
