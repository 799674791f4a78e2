"""Workspace pages: links (create, close), the merge view with field-by-field choice, undo."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.tables import capture_duplicates, capture_merges
from tests.runtime.capture.test_dedup import _post, _set_policy
from tests.runtime.conftest import csrf, sign_in


def test_create_a_link_in_the_workspace_then_close_it(leads):
    sign_in(leads.client)
    token = csrf(leads.client, "/a/leads/capture/links")
    created = leads.client.post(
        "/a/leads/capture/links",
        data={
            "csrf_token": token,
            "form": "lead",
            "source": "trade_show",
            "campaign": str(leads.campaign_id),
            "title": "展位 A12",
            "max_submissions": "100",
        },
    )
    assert created.status_code == 303
    detail_url = created.headers["Location"]
    slug = detail_url.rsplit("/", 1)[1]
    assert "展位 A12" in leads.client.get("/a/leads/capture/links").get_data(as_text=True)
    leads.client.post(
        f"/a/leads/capture/links/{slug}/active", data={"csrf_token": token, "active": "0"}
    )
    assert leads.client.get(f"/f/{slug}").status_code == 410


def test_bad_link_settings_are_named(leads):
    sign_in(leads.client)
    token = csrf(leads.client, "/a/leads/capture/links")
    response = leads.client.post(
        "/a/leads/capture/links",
        data={"csrf_token": token, "form": "lead", "max_submissions": "many"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert 'id="max_submissions-error"' in response.get_data(as_text=True)


def test_merge_view_takes_chosen_values_and_undo_restores(leads):
    _set_policy(leads, "flag")
    slug = leads.link()["slug"]
    first = _post(leads, slug, name="张三", phone="13800138000", company="甲公司")
    second = _post(leads, slug, name="张三", phone="13800138000", company="乙公司", title="总监")
    sign_in(leads.client)
    listing = leads.client.get("/a/leads/capture/duplicates").get_data(as_text=True)
    with leads.engine.connect() as conn:
        pair_id = conn.execute(sa.select(capture_duplicates.c.id)).scalar_one()
    assert f"/duplicates/{pair_id}" in listing
    page = leads.client.get(f"/a/leads/capture/duplicates/{pair_id}").get_data(as_text=True)
    assert "甲公司" in page and "乙公司" in page
    token = csrf(leads.client, f"/a/leads/capture/duplicates/{pair_id}")
    merged = leads.client.post(
        f"/a/leads/capture/duplicates/{pair_id}",
        data={
            "csrf_token": token,
            "take_company": "record",
            "take_title": "record",
            "action": "merge",
        },
    )
    assert merged.status_code == 303
    (lead,) = leads.rows()
    assert (lead["id"], lead["company"], lead["title"]) == (first, "乙公司", "总监")
    with leads.engine.connect() as conn:
        merge_id = conn.execute(sa.select(capture_merges.c.id)).scalar_one()
    undone = leads.client.post(
        f"/a/leads/capture/merges/{merge_id}/undo", data={"csrf_token": token}
    )
    assert undone.status_code == 303
    rows = {r["id"]: r for r in leads.rows()}
    assert rows[first]["company"] == "甲公司" and second in rows


def test_sales_users_cannot_open_capture_pages(leads):
    from tessera.runtime.auth.users import create_user

    with leads.engine.begin() as conn:
        create_user(conn, email="rep@example.com", password="secret-pass", role="sales")
    sign_in(leads.client, "rep@example.com")
    assert leads.client.get("/a/leads/capture/links").status_code == 403
