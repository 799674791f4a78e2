"""send_email and the email channel: the record's language picks the version, an unsubscribed
address is skipped with the reason (so is a missing or broken one), no SMTP server means the
email is recorded and not sent, a 550 fails the message with the server's words and a 4xx is
retried, and a template that reaches beyond the record's fields is refused at publish."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from tessera.builder import InvalidDocument
from tessera.runtime import clock, publishing
from tessera.runtime.flows.runner import run_due
from tessera.runtime.outbox import deliver_due
from tests.runtime.flows.support import LABEL, LEADS, create_lead, runs, steps
from tests.runtime.mail.support import html_part, links, path_of, queued
from tests.support.demo import bearer, signed_in
from tests.support.smtp import Inbox


def send_flow(email="welcome"):
    return {
        "version": 1,
        "label": LABEL,
        "form": "lead",
        "trigger": {"type": "record_created", "config": {"via": ["api"]}},
        "steps": [
            {"key": "mail", "type": "action", "action": "send_email", "config": {"email": email}}
        ],
    }


def publish(engine, edit):
    with engine.begin() as conn:
        doc, revision = publishing.load_draft(conn, "leads")
        edit(doc)
        publishing.save_draft(conn, "leads", doc, expected_revision=revision)
        publishing.publish(conn, "leads")


def only_the_send_flow(doc):
    doc["flows"] = {"send": send_flow()}


def with_language_field(doc):
    only_the_send_flow(doc)
    lead = next(f for f in doc["forms"] if f["key"] == "lead")
    lead["sections"][0]["fields"].append(
        {
            "key": "lang",
            "type": "select",
            "label": {"zh-CN": "语言", "en": "Language"},
            "config": {
                "options": [
                    {"key": "zh", "label": {"zh-CN": "中文", "en": "Chinese"}},
                    {"key": "en", "label": {"zh-CN": "英文", "en": "English"}},
                ]
            },
        }
    )
    lead["roles"]["language"] = "lang"


def step_of(engine, record_id):
    (run,) = [r for r in runs(engine) if r["record_id"] == record_id]
    ((key, state, detail),) = steps(engine, run["id"])
    return state, detail, run


def test_the_records_language_field_picks_the_version(mailroom):
    app, engine, settings = mailroom
    publish(engine, with_language_field)
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        create_lead(app, name="Emily Chen", email="emily@acme.com", company="Acme", lang="en")
        create_lead(
            app, name="李娜", phone="13900000001", email="lina@huaxia.cn", company="华夏制造"
        )
        run_due(engine)
        deliver_due(engine, settings)
    by_to = {m["To"]: m for m in inbox.messages}
    english, chinese = by_to["emily@acme.com"], by_to["lina@huaxia.cn"]
    assert english["Subject"] == "Welcome to Xingchen Cloud CRM, Emily Chen"
    assert "Hi Emily Chen," in html_part(english) and "on behalf of Acme" in html_part(english)
    assert '<html lang="en">' in html_part(english)
    assert chinese["Subject"] == "李娜，欢迎了解星辰云 CRM"
    assert "代表华夏制造留下联系方式" in html_part(chinese)


def test_record_values_are_escaped_in_the_html(mailroom):
    app, engine, settings = mailroom
    publish(engine, only_the_send_flow)
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        create_lead(
            app, name="<img src=x onerror=alert(1)>", email="x@evil.cn", company='"><script>'
        )
        run_due(engine)
        deliver_due(engine, settings)
    html = html_part(inbox.messages[0])
    assert "<img src=x" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_an_unsubscribed_address_is_skipped_by_later_sends_with_the_reason(mailroom):
    app, engine, settings = mailroom
    again = {
        **send_flow("case_study"),
        "trigger": {"type": "field_changed", "config": {"field": "company"}},
    }
    publish(engine, lambda doc: doc.update(flows={"send": send_flow(), "again": again}))
    with Inbox() as inbox:
        settings.smtp = inbox.settings
        record_id = create_lead(app, email="Liu.Yang@Example.cn")
        run_due(engine)
        deliver_due(engine, settings)
        unsubscribe = path_of(links(inbox.messages[0])["unsubscribe"])
        # A mail client's One-Click POST (RFC 8058), as Gmail sends it.
        answer = app.test_client().post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
        assert answer.status_code == 200
        changed = app.test_client().patch(
            f"{LEADS}/{record_id}", json={"fields": {"company": "刘氏贸易"}}, headers=bearer(app)
        )
        assert changed.status_code == 200
        run_due(engine)
        deliver_due(engine, settings)
    assert len(inbox.messages) == 1, "nothing more to the unsubscribed address"
    (run,) = [r for r in runs(engine) if r["flow_key"] == "again"]
    ((_, state, detail),) = steps(engine, run["id"])
    assert state == "skipped" and detail["skipped"] == "unsubscribed"
    page = signed_in(app, "admin@example.com").get(f"/flows/leads/runs/{run['id']}")
    text = page.get_data(as_text=True)
    assert "Liu.Yang@example.cn 已退订此类邮件" in text, "the run history says why"


@pytest.mark.parametrize(
    ("email", "reason"), [(None, "no_address"), ("not-an-address", "invalid_address")]
)
def test_a_record_without_a_usable_address_is_skipped_with_the_reason(mailroom, email, reason):
    app, engine, settings = mailroom
    publish(engine, only_the_send_flow)
    record_id = create_lead(app)
    if email is not None:  # written past the widget's check, as an old import might have
        with engine.begin() as conn:
            from tessera.runtime.catalog import AppCatalog

            table = AppCatalog().get(conn, "leads").form("lead").table
            conn.execute(table.update().where(table.c.id == record_id).values({"email": email}))
    run_due(engine)
    state, detail, _ = step_of(engine, record_id)
    assert state == "skipped" and detail["skipped"] == reason
    assert queued(engine) == []


def test_without_smtp_the_email_is_recorded_not_sent(mailroom):
    app, engine, settings = mailroom
    publish(engine, only_the_send_flow)
    settings.smtp = {}
    record_id = create_lead(app, email="zhou@example.cn")
    run_due(engine)
    outcomes = deliver_due(engine, settings)
    assert (outcomes["recorded"], outcomes["sent"]) == (1, 0)
    (message,) = queued(engine)
    assert message["state"] == "sent" and message["error"] is None
    assert message["result"]["not_sent"] == "smtp_not_configured"
    _, _, run = step_of(engine, record_id)
    client = signed_in(app, "admin@example.com")
    page = client.get(f"/flows/leads/runs/{run['id']}").get_data(as_text=True)
    assert "已记录，未发送" in page and "已发送" not in page.split("已记录，未发送")[1][:200]


def test_an_smtp_550_fails_the_message_with_the_servers_words(mailroom):
    app, engine, settings = mailroom
    publish(engine, only_the_send_flow)
    with Inbox(refuse="550 5.1.1 <nobody@example.cn>: Recipient address rejected") as inbox:
        settings.smtp = inbox.settings
        create_lead(app, email="nobody@example.cn")
        run_due(engine)
        assert deliver_due(engine, settings)["failed"] == 1
    (message,) = queued(engine)
    assert message["state"] == "failed"
    assert (
        message["error"].startswith("SMTP 550") and "Recipient address rejected" in message["error"]
    )


def test_an_smtp_4xx_is_retried(mailroom):
    app, engine, settings = mailroom
    publish(engine, only_the_send_flow)
    with Inbox(refuse="451 4.7.1 Greylisted, try again later") as inbox:
        settings.smtp = inbox.settings
        create_lead(app, email="grey@example.cn")
        run_due(engine)
        assert deliver_due(engine, settings)["retry"] == 1
        inbox.refuse = None
        later = clock.now() + dt.timedelta(minutes=2)
        assert deliver_due(engine, settings, at=later)["sent"] == 1
    assert len(inbox.messages) == 1
    assert queued(engine)[0]["attempt"] == 2


HOSTILE = [
    "{{ ''.__class__.__mro__ }}",
    "{% for x in range(99999999) %}x{% endfor %}",
    "{{ lipsum.__globals__ }}",
    "{{ config }}",
    "{% include 'base.html' %}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_a_hostile_template_is_refused_at_publish_naming_the_email_and_part(mailroom, source):
    _, engine, _ = mailroom

    def hostile(doc):
        doc["emails"] = copy.deepcopy(doc["emails"])
        doc["emails"]["case_study"]["body"]["en"] = source

    with pytest.raises(InvalidDocument) as refused:
        publish(engine, hostile)
    (error,) = refused.value.errors
    assert error.path == "/emails/case_study/body/en"
    assert "email «case_study», body (en)" in error.message
    assert "邮件「case_study」的正文（en）" in error.message_zh


def test_a_flow_naming_an_email_that_does_not_exist_is_refused(mailroom):
    _, engine, _ = mailroom

    def missing(doc):
        doc["flows"] = {"send": send_flow("newsletter")}

    with pytest.raises(InvalidDocument) as refused:
        publish(engine, missing)
    assert refused.value.errors[0].path == "/flows/send/steps/0/config/email"


def test_a_test_run_shows_the_rendered_email_and_sends_nothing(mailroom):
    app, engine, settings = mailroom
    publish(engine, only_the_send_flow)
    record_id = create_lead(app, name="王芳", email="wang.fang@example.cn")
    with engine.begin() as conn:
        from tessera.runtime.catalog import AppCatalog
        from tessera.runtime.flows.rehearsal import rehearse

        form = AppCatalog().get(conn, "leads").form("lead")
        (flow,) = [f for f in form.section("flows") if f.key == "send"]
        (walked,) = rehearse(conn, form, flow, record_id)
    assert walked.detail["would_send"] == "email" and walked.detail["to"] == "wang.fang@example.cn"
    assert walked.detail["subject"] == "王芳，欢迎了解星辰云 CRM"
    assert "王芳 您好" in walked.detail["text"]
