"""Public links end to end over HTTP: the page, form and JSON posts, tagging, closing,
exactly-once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.tables import capture_links, capture_submissions
from tests.runtime.conftest import form_token


def _slug(link):
    return link["slug"]


def test_rest_endpoint_returns_the_link_with_its_qr_codes(leads):
    link = leads.link()
    assert link["url"] == f"http://127.0.0.1:5000/f/{link['slug']}"
    assert link["qr_svg"].endswith(f"/f/{link['slug']}/qr.svg")
    assert link["qr_png"].endswith(f"/f/{link['slug']}/qr.png")


def test_rest_endpoint_names_each_bad_setting(leads):
    response = leads.client.post(
        "/api/v1/apps/leads/links",
        json={"form": "lead", "source": "billboard", "campaign": 999, "max_submissions": 0},
        headers=leads.auth,
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"source", "campaign", "max_submissions"}
    unknown = leads.client.post(
        "/api/v1/apps/leads/links", json={"form": "nope"}, headers=leads.auth
    )
    assert unknown.status_code == 422 and "form" in unknown.get_json()["error"]["fields"]
    anonymous = leads.client.post("/api/v1/apps/leads/links", json={"form": "lead"})
    assert anonymous.status_code == 401


def test_page_shows_public_fields_only_with_a_token_and_honeypot(leads):
    slug = _slug(leads.link())
    page = leads.client.get(f"/f/{slug}", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="name"' in html and 'name="phone"' in html and 'name="company"' in html
    for hidden in ('name="owner"', 'name="stage"', 'name="source"', 'name="campaign"'):
        assert hidden not in html
    assert form_token(html) and 'name="hp-website"' in html
    assert "Submit" in html and "<script" not in html


def test_page_language_follows_the_browser(leads):
    slug = _slug(leads.link())
    zh = leads.client.get(f"/f/{slug}", headers={"Accept-Language": "zh-CN"})
    en = leads.client.get(f"/f/{slug}", headers={"Accept-Language": "en-US"})
    assert "姓名" in zh.get_data(as_text=True) and 'lang="zh-CN"' in zh.get_data(as_text=True)
    assert "Name" in en.get_data(as_text=True) and 'lang="en"' in en.get_data(as_text=True)


def test_form_post_is_tagged_by_link_and_utm_and_redirects_to_thanks(leads):
    slug = _slug(leads.link(thank_you="展位见！"))
    token = form_token(leads.client.get(f"/f/{slug}").get_data(as_text=True))
    response = leads.client.post(
        f"/f/{slug}?utm_source=wechat&utm_medium=qr",
        data={"_token": token, "name": "张三", "phone": "138 0013 8000", "company": "示例科技"},
    )
    assert response.status_code == 303
    assert f"/f/{slug}/thanks?tl=" in response.headers["Location"], "thanks, with the visitor token"
    assert "展位见！" in leads.client.get(response.headers["Location"]).get_data(as_text=True)
    (lead,) = leads.rows()
    assert lead["source"] == "trade_show" and lead["campaign"] == leads.campaign_id
    assert lead["phone"] == "+8613800138000" and lead["stage"] == "new"
    with leads.engine.connect() as conn:
        sub = conn.execute(sa.select(capture_submissions)).one()
        count = conn.execute(sa.select(capture_links.c.submission_count)).scalar_one()
    assert sub.record_id == lead["id"] and sub.utm == {"utm_source": "wechat", "utm_medium": "qr"}
    assert count == 1


def test_double_click_with_one_token_stores_one_record(leads):
    slug = _slug(leads.link())
    token = form_token(leads.client.get(f"/f/{slug}").get_data(as_text=True))
    data = {"_token": token, "name": "李四", "phone": "13900139000"}
    first = leads.client.post(f"/f/{slug}", data=data)
    second = leads.client.post(f"/f/{slug}", data=data)
    assert first.status_code == second.status_code == 303
    assert len(leads.rows()) == 1


def test_json_post_with_idempotency_key_stores_once(leads):
    slug = _slug(leads.link())
    body = {"fields": {"name": "王五", "email": "wang@example.com"}}
    headers = {"Idempotency-Key": "retry-1"}
    first = leads.client.post(f"/f/{slug}", json=body, headers=headers)
    second = leads.client.post(f"/f/{slug}", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json(), "the same receipt and visitor token"
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(leads.rows()) == 1


def test_concurrent_duplicates_create_one_record(leads):
    slug = _slug(leads.link())
    results = []

    def post():
        client = leads.app.test_client()
        response = client.post(
            f"/f/{slug}", json={"name": "并发"}, headers={"Idempotency-Key": "same"}
        )
        results.append((response.status_code, response.get_json()["submission"]["id"]))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(leads.rows()) == 1
    assert {status for status, _ in results} == {201}
    assert len({receipt for _, receipt in results}) == 1


def test_invalid_json_gives_422_per_field_and_stores_nothing(leads):
    slug = _slug(leads.link())
    response = leads.client.post(
        f"/f/{slug}",
        json={"fields": {"name": "", "phone": "12", "owner": 1}},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"name", "phone", "owner"}
    assert leads.rows() == []
    with leads.engine.connect() as conn:
        assert conn.execute(sa.select(capture_links.c.submission_count)).scalar_one() == 0


def test_a_json_body_that_is_not_an_object_is_a_400_in_the_error_shape(leads):
    slug = _slug(leads.link())
    for body in ([{"name": "张三"}], "张三", 7):
        response = leads.client.post(f"/f/{slug}", json=body)
        assert response.status_code == 400
        assert response.get_json()["error"] == {
            "code": "bad_request",
            "message": "the request body must be a JSON object",
        }
    assert leads.rows() == []


def test_invalid_form_post_shows_messages_and_stores_nothing(leads):
    slug = _slug(leads.link())
    token = form_token(leads.client.get(f"/f/{slug}").get_data(as_text=True))
    response = leads.client.post(
        f"/f/{slug}",
        data={"_token": token, "name": "", "phone": "abc"},
        headers={"Accept-Language": "en"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in html and 'id="phone-error"' in html
    assert form_token(html) == token  # the retry keeps its idempotency key
    assert leads.rows() == []


def test_bad_or_missing_token_is_refused(leads):
    slug = _slug(leads.link())
    other = _slug(leads.link())
    foreign = form_token(leads.client.get(f"/f/{other}").get_data(as_text=True))
    for data in (
        {"name": "x"},
        {"_token": "forged", "name": "x"},
        {"_token": foreign, "name": "x"},
    ):
        assert leads.client.post(f"/f/{slug}", data=data).status_code == 400
    assert leads.rows() == []


def test_closed_links_show_a_clear_page_and_take_nothing(leads):
    inactive = leads.link()
    with leads.engine.begin() as conn:
        conn.execute(
            capture_links.update()
            .where(capture_links.c.slug == inactive["slug"])
            .values(active=False)
        )
    page = leads.client.get(f"/f/{inactive['slug']}", headers={"Accept-Language": "en"})
    assert page.status_code == 410 and "This form is closed" in page.get_data(as_text=True)
    posted = leads.client.post(f"/f/{inactive['slug']}", json={"name": "x"})
    assert posted.status_code == 410
    soon = leads.link(expires_at=(clock.now() + timedelta(hours=1)).isoformat())
    with clock.frozen_at(clock.now() + timedelta(hours=2)):
        assert leads.client.get(f"/f/{soon['slug']}").status_code == 410
    assert leads.rows() == []


def test_submission_cap_closes_the_link(leads):
    slug = _slug(leads.link(max_submissions=2))
    codes = [
        leads.client.post(
            f"/f/{slug}", json={"name": f"n{i}", "phone": f"1380013800{i}"}
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 410]
    assert len(leads.rows()) == 2
    assert leads.client.get(f"/f/{slug}").status_code == 410


def test_unknown_slug_is_404(leads):
    assert leads.client.get("/f/doesnotexist").status_code == 404
    assert leads.client.get("/f/doesnotexist/qr.png").status_code == 404


def test_a_key_over_100_characters_is_refused_never_cut(leads):
    """Issue 9: keys were cut to 100 characters, so two keys sharing their first 100
    collided and the second submission was dropped as a replay."""
    slug = _slug(leads.link())
    shared = "order-2026-11-" + "x" * 86  # 100 characters
    for i, key in enumerate((shared + "-a", shared + "-b")):
        response = leads.client.post(
            f"/f/{slug}", json={"name": f"客户{i}"}, headers={"Idempotency-Key": key}
        )
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert "at most 100 characters" in error["fields"]["Idempotency-Key"]
    assert leads.rows() == []
    for i, key in enumerate((shared, shared[:-1] + "y")):
        response = leads.client.post(
            f"/f/{slug}", json={"name": f"客户{i}"}, headers={"Idempotency-Key": key}
        )
        assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert [r["name"] for r in leads.rows()] == ["客户0", "客户1"]


def test_a_reused_key_with_a_different_body_is_refused(leads):
    slug = _slug(leads.link())
    headers = {"Idempotency-Key": "pay-7"}
    first = leads.client.post(f"/f/{slug}", json={"name": "赵六"}, headers=headers)
    other = leads.client.post(f"/f/{slug}", json={"name": "钱七"}, headers=headers)
    again = leads.client.post(f"/f/{slug}", json={"name": "赵六"}, headers=headers)
    assert first.status_code == 201
    assert other.status_code == 422
    assert other.get_json()["error"]["code"] == "key_reused"
    assert "Idempotency-Key" in other.get_json()["error"]["fields"]
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert [r["name"] for r in leads.rows()] == ["赵六"]


def test_a_form_sent_again_with_other_answers_says_so_and_can_then_be_sent(leads):
    slug = _slug(leads.link())
    token = form_token(leads.client.get(f"/f/{slug}").get_data(as_text=True))
    first = leads.client.post(f"/f/{slug}", data={"_token": token, "name": "孙八"})
    edited = leads.client.post(
        f"/f/{slug}", data={"_token": token, "name": "孙八八"}, headers={"Accept-Language": "en"}
    )
    assert first.status_code == 303 and edited.status_code == 422
    page = edited.get_data(as_text=True)
    assert "already sent with other answers" in page and 'value="孙八八"' in page
    fresh = form_token(page)
    assert fresh != token
    sent = leads.client.post(f"/f/{slug}", data={"_token": fresh, "name": "孙八八"})
    assert sent.status_code == 303
    assert [r["name"] for r in leads.rows()] == ["孙八", "孙八八"]
