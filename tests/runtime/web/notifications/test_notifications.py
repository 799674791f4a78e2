"""The bell and the list: a user sees only their own notifications; opening one marks it
read and goes to its record; another user's is a 404; the availability switch refuses
anything but yes or no with a 400 and changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.notifications import notify, unread_count
from tessera.runtime.tables import users
from tests.support.demo import demo_app, signed_in


def _app(settings):
    return demo_app(
        settings, users={"rep@example.com": "sales", "other@example.com": "sales"}, csrf=False
    )


def test_opening_a_notification_marks_it_read_and_goes_to_the_record(settings, engine):
    app = _app(settings)
    rep = app.user_ids["rep@example.com"]
    with engine.begin() as conn:
        first = notify(conn, user_id=rep, kind="assigned", app_key="leads", form_key="lead",
                       record_id=7, payload={"title": "张伟", "form_label": {"zh-CN": "线索", "en": "Lead"}})  # fmt: skip
        notify(conn, user_id=rep, kind="assigned", payload={"title": "李娜"})
    client = signed_in(app, "rep@example.com")
    page = client.get("/notifications", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'data-unread="2"' in page and "Lead «张伟» was assigned to you." in page
    opened = client.post(f"/notifications/{first}/open")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/a/leads/lead/7")
    with engine.connect() as conn:
        assert unread_count(conn, rep) == 1
    other = signed_in(app, "other@example.com")
    assert other.post(f"/notifications/{first}/open").status_code == 404
    assert "张伟" not in other.get("/notifications").get_data(as_text=True)
    assert client.post("/notifications/read").status_code == 303
    with engine.connect() as conn:
        assert unread_count(conn, rep) == 0


def test_the_availability_switch_takes_yes_or_no_only(settings, engine):
    app = _app(settings)
    client = signed_in(app, "rep@example.com")

    def available():
        with engine.connect() as conn:
            query = sa.select(users.c.available).where(users.c.email == "rep@example.com")
            return conn.execute(query).scalar_one()

    assert client.post("/me/availability", data={"available": "maybe"}).status_code == 400
    assert available() is True
    assert client.post("/me/availability", data={"available": "no"}).status_code == 303
    assert available() is False
    assert signed_in(app, "other@example.com").get("/notifications").status_code == 200


def test_a_rep_who_chose_email_gets_the_assignment_by_email_too(settings, engine):
    """The switch on the notifications page; then an assignment by the Distribution flow
    reaches the rep's inbox (a real SMTP server on loopback) once, in their words, with the
    link to the lead; a rep who did not choose it gets the bell only."""
    import dataclasses

    from tessera.runtime.flows.runner import run_due
    from tessera.runtime.outbox import deliver_due
    from tests.support.demo import bearer
    from tests.support.smtp import Inbox

    app = _app(settings)
    with engine.begin() as conn:  # the rep covering 杭州: the Distribution flow's rule 3
        conn.execute(
            users.update().where(users.c.email == "rep@example.com").values(regions=["杭州"])
        )
    client = signed_in(app, "rep@example.com")
    assert client.post("/me/notify-email", data={"email": "maybe"}).status_code == 400
    page = client.post("/me/notify-email", data={"email": "yes"}, follow_redirects=True)
    assert "每条通知也会发邮件给您" in page.get_data(as_text=True)
    assert 'aria-checked="true"' in page.get_data(as_text=True)
    api = app.test_client()
    leads = "/api/v1/apps/leads/forms/lead/records?dedup=off"
    made = api.post(leads, json={"fields": {"name": "周敏", "city": "杭州"}}, headers=bearer(app))
    record_id = made.get_json()["id"]
    api.patch(
        f"/api/v1/apps/leads/forms/lead/records/{record_id}",
        json={"fields": {"lifecycle": "sql"}},
        headers=bearer(app),
    )
    run_due(engine)
    with Inbox() as inbox:
        mailing = dataclasses.replace(
            settings, smtp=inbox.settings, base_url="https://crm.example.com"
        )
        assert deliver_due(engine, mailing)["sent"] >= 1
        assert deliver_due(engine, mailing)["sent"] == 0
        notices = [m for m in inbox.messages if m["To"] in ("rep@example.com", "other@example.com")]
    owner = api.get(
        f"/api/v1/apps/leads/forms/lead/records/{record_id}", headers=bearer(app)
    ).get_json()["fields"]["owner"]
    assert owner["email"] == "rep@example.com"
    assert [m["To"] for m in notices] == ["rep@example.com"]
    assert notices[0]["Subject"].startswith("线索「周敏」已分配给您")
    assert f"https://crm.example.com/a/leads/lead/{record_id}" in notices[0].get_content()
