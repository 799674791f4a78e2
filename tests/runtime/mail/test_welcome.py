"""The template's welcome nurture, end to end against a real SMTP server on loopback: a new
public lead gets the welcome email once (even with two deliverers), tracked; its open pixel
records ``email_opened`` once and turns the day-2 branch away from the call task; a click
records ``email_clicked`` and goes to the link's own URL only; on day 3 the case study goes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.flows.runner import run_due
from tessera.runtime.outbox import deliver_due
from tessera.runtime.store.records import RecordStore
from tests.runtime.flows.support import T0, runs, steps
from tests.runtime.mail.conftest import MARKETING
from tests.runtime.mail.support import (
    events_of,
    html_part,
    links,
    path_of,
    public_lead,
    queued,
    tasks_of,
    text_part,
)
from tests.support.smtp import Inbox

DAY = dt.timedelta(days=1)


def test_a_new_public_lead_gets_the_welcome_email_once_even_with_two_deliverers(mailroom):
    app, engine, settings = mailroom
    record_id = public_lead(app, T0, email="zhang.wei@xingchen-tech.cn", company="星辰智能")
    run_due(engine, T0)
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        outcomes = []
        barrier = threading.Barrier(2)

        def deliverer():
            barrier.wait()
            outcomes.append(deliver_due(engine, settings, at=T0))

        workers = [threading.Thread(target=deliverer) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert sum(o["sent"] for o in outcomes) == 1
        assert deliver_due(engine, settings, at=T0 + dt.timedelta(hours=3))["sent"] == 0
    (message,) = inbox.messages
    assert inbox.envelopes == [("news@example.com", ["zhang.wei@xingchen-tech.cn"])]
    assert message["Subject"] == "张伟，欢迎了解星辰云 CRM"
    assert message["To"] == "zhang.wei@xingchen-tech.cn"
    assert message["Message-ID"].endswith("@example.com>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/mail/unsubscribe/")
    html, text = html_part(message), text_part(message)
    assert "张伟 您好" in html and "代表星辰智能留下联系方式" in html
    assert "张伟 您好" in text and "<p>" not in text
    found = links(message)
    assert len(found["clicks"]) == 2, "both product links go through a click redirect"
    assert "https://www.example.com/zh/pricing" not in html, "no link left untracked"
    assert found["unsubscribe"] in message["List-Unsubscribe"]
    # The step, the message and the record's timeline agree.
    (run,) = [r for r in runs(engine) if r["flow_key"] == "welcome_nurture"]
    assert steps(engine, run["id"])[0][:2] == ("send_welcome", "done")
    (queued_message,) = queued(engine)
    assert (
        queued_message["state"] == "sent"
        and queued_message["target"] == "zhang.wei@xingchen-tech.cn"
    )
    with engine.connect() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        kinds = [e["kind"] for e in RecordStore(conn, form).timeline(record_id)]
    assert kinds.count("email_sent") == 1


def _welcome(app, engine, settings, inbox, email):
    record_id = public_lead(app, T0, email=email)
    run_due(engine, T0)
    deliver_due(engine, settings, at=T0)
    return record_id, inbox.messages[-1]


def test_an_opened_welcome_email_turns_the_branch_away_from_the_call_task(mailroom):
    app, engine, settings = mailroom
    client = app.test_client()
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        opened_id, message = _welcome(app, engine, settings, inbox, "li@opened.cn")
        quiet_id, _ = _welcome(app, engine, settings, inbox, "wang@quiet.cn")
        pixel = path_of(links(message)["open"])
        for _ in range(3):  # mail clients load images more than once
            answer = client.get(pixel)
            assert answer.status_code == 200 and answer.mimetype == "image/gif"
            assert answer.data.startswith(b"GIF89a")
        (opened,) = events_of(engine, opened_id, "email_opened")
        assert opened["props"]["email"] == "welcome"
        assert events_of(engine, quiet_id, "email_opened") == []

        run_due(engine, T0 + 2 * DAY + dt.timedelta(minutes=1))
        assert tasks_of(engine, opened_id) == [], "opened: no call task"
        (task,) = tasks_of(engine, quiet_id)
        assert task["title"] == "电话回访：欢迎邮件未打开"
        assert task["assignee_id"] == app.user_ids[MARKETING], "a marketing user calls"

        run_due(engine, T0 + 3 * DAY + dt.timedelta(minutes=1))
        deliver_due(engine, settings, at=T0 + 3 * DAY + dt.timedelta(minutes=1))
    subjects = [m["Subject"] for m in inbox.messages]
    assert subjects.count("客户如何把线索转化率提升 32%") == 2, "day 3: both get the case study"
    by_run = {r["record_id"]: r for r in runs(engine) if r["flow_key"] == "welcome_nurture"}
    branch = {k: d for k, _, d in steps(engine, by_run[opened_id]["id"])}["welcome_unopened"]
    assert branch == {"result": "no"}
    assert by_run[opened_id]["state"] == by_run[quiet_id]["state"] == "done"


def test_a_click_records_the_event_and_redirects_to_the_emails_own_url(mailroom):
    app, engine, settings = mailroom
    client = app.test_client()
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        record_id, message = _welcome(app, engine, settings, inbox, "chen@click.cn")
    click = path_of(links(message)["clicks"][1])
    answer = client.get(click)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "https://www.example.com/zh/pricing"
    (event,) = events_of(engine, record_id, "email_clicked")
    assert event["props"]["url"] == "https://www.example.com/zh/pricing"
    assert event["props"]["email"] == "welcome"


@pytest.mark.parametrize("kind", ["open", "click", "unsubscribe"])
def test_a_tampered_token_is_not_found_and_records_nothing(mailroom, kind):
    app, engine, settings = mailroom
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        record_id, message = _welcome(app, engine, settings, inbox, "zhao@tamper.cn")
    found = links(message)
    url = {"open": found["open"], "click": found["clicks"][0], "unsubscribe": found["unsubscribe"]}[
        kind
    ]
    path = path_of(url)
    token = path.rsplit("/", 1)[1].removesuffix(".gif")
    for bad in (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), token[:20], "x"):
        tampered = path.replace(token, bad)
        assert app.test_client().get(tampered).status_code == 404, tampered
    assert app.test_client().post(path.replace(token, token[:-1])).status_code in (404, 405)
    assert events_of(engine, record_id, "email_opened") == []
    assert events_of(engine, record_id, "email_clicked") == []


def test_a_click_token_signed_for_another_url_cannot_be_made(mailroom):
    """The URL is inside the signed token: changing it is tampering."""
    from tessera.runtime.mail import tokens

    app, engine, settings = mailroom
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        _, message = _welcome(app, engine, settings, inbox, "qian@redirect.cn")
    token = path_of(links(message)["clicks"][0]).rsplit("/", 1)[1]
    ref, (url,) = tokens.read(settings.secret_key, "click", token)
    forged = tokens.sign("not-the-secret", "click", ref, "https://evil.example.net/")
    assert app.test_client().get(f"/mail/click/{forged}").status_code == 404
    assert url.startswith("https://www.example.com/")
