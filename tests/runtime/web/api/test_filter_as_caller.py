"""API list filters speak for the caller: ``is_me`` is the token's user."""

from __future__ import annotations

import json

from tests.support.demo import bearer, create_record, demo_app

LEADS = "/api/v1/apps/leads/forms/lead/records"
REP, OTHER = "rep@example.com", "other@example.com"


def test_is_me_in_a_list_filter_means_the_tokens_user(settings, migrated_db_url):
    app = demo_app(settings, users={REP: "sales", OTHER: "sales"}, csrf=False)
    create_record(app, "lead", {"name": "甲", "phone": "13800000001", "owner": REP})
    create_record(app, "lead", {"name": "乙", "phone": "13800000002", "owner": OTHER})
    create_record(app, "lead", {"name": "丙", "phone": "13800000003"})  # the pool
    mine = json.dumps({"field": "owner", "op": "is_me"})
    for email, names in ((REP, ["甲"]), (OTHER, ["乙"]), ("admin@example.com", [])):
        answer = app.test_client().get(
            LEADS, query_string={"filter": mine}, headers=bearer(app, email)
        )
        assert answer.status_code == 200
        assert [r["fields"]["name"] for r in answer.get_json()["records"]] == names, email
