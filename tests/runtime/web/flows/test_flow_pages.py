"""The automation pages a builder uses: the list with labels and an on/off switch that
publishes only that switch, a flow's run history, one run's steps in words (a skipped step
says why), a failed run retried from its step, a test run that changes and sends nothing,
and the record page showing what automations did to it."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import clock, publishing
from tessera.runtime.database import make_engine
from tessera.runtime.flows.actions.set_field import SetFieldAction
from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import flow_runs, outbox
from tests.support.demo import bearer, create_record, demo_app, signed_in

REP = "rep@example.com"
HOT = {"name": "陈总", "title": "销售总监", "company": "华东制造", "company_size": 900}
HOT |= {"industry": "finance", "email": "chen@huadong-mfg.com"}


def _app(settings):
    return demo_app(settings, users={REP: "sales"}, csrf=False)


def _hot_lead(app, fields=HOT):
    record_id = create_record(app, "lead", fields)
    for event in (
        {"type": "webinar_attended"},
        {"type": "page_view", "props": {"page": "pricing"}},
    ):
        body = {"app": "leads", "form": "lead", "record_id": record_id, **event}
        client = app.test_client()
        assert client.post("/api/v1/events", json=body, headers=bearer(app)).status_code in (
            200,
            201,
        )
    return record_id


def test_the_list_shows_the_templates_flows_in_words_and_reps_are_kept_out(settings):
    app = _app(settings)
    admin = signed_in(app, "admin@example.com")
    page = admin.get("/flows/leads").get_data(as_text=True)
    assert "销售交接" in page and "超时回收" in page
    assert "评分达到 80 时" in page and "24 小时无活动" in page
    assert "score_crossed" not in page and "no_activity" not in page
    admin.post("/lang", data={"lang": "en"})
    english = admin.get("/flows/leads").get_data(as_text=True)
    assert "Sales hand-off" in english and "When the score reaches 80" in english
    assert signed_in(app, REP).get("/flows/leads").status_code == 403


def test_switching_a_flow_off_publishes_only_that_and_it_starts_nothing(settings):
    app = _app(settings)
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:  # an unpublished change waiting in the draft
        draft, revision = publishing.load_draft(conn, "leads")
        draft["label"] = {"zh-CN": "线索管理（草稿）", "en": "Leads (draft)"}
        publishing.save_draft(conn, "leads", draft, expected_revision=revision)
    admin = signed_in(app, "admin@example.com")
    answer = admin.post("/flows/leads/sales_handoff/enabled", data={"enabled": "0"})
    assert answer.status_code == 303
    assert 'aria-checked="false"' in admin.get("/flows/leads").get_data(as_text=True)
    _hot_lead(app)
    with engine.connect() as conn:
        assert conn.execute(sa.select(flow_runs.c.flow_key)).scalars().all() == []
        draft, _ = publishing.load_draft(conn, "leads")
        published = publishing.version_document(
            conn, "leads", publishing.list_versions(conn, "leads")[0]["number"]
        )
    assert draft["label"]["en"] == "Leads (draft)"  # still a draft
    assert draft["flows"]["sales_handoff"]["enabled"] is False
    assert published["label"]["en"] != "Leads (draft)"
    admin.post("/flows/leads/sales_handoff/enabled", data={"enabled": "1"})
    other = {**HOT, "name": "王总", "phone": "13900139000", "email": "wang@x-corp.com"}
    assert _hot_lead(app, other) and _flow_keys(engine) == ["sales_handoff"]
    engine.dispose()


def _flow_keys(engine):
    with engine.connect() as conn:
        return conn.execute(sa.select(flow_runs.c.flow_key)).scalars().all()


def test_history_and_run_pages_say_what_each_step_did(settings):
    app = _app(settings)
    engine = make_engine(settings.database_url)
    record_id = _hot_lead(app)
    run_due(engine)
    admin = signed_in(app, "admin@example.com")
    history = admin.get("/flows/leads/sales_handoff/runs").get_data(as_text=True)
    assert "评分 65 → 80（阈值 80）" in history and "已完成" in history
    with engine.connect() as conn:
        run_id = conn.execute(
            sa.select(flow_runs.c.id).where(flow_runs.c.flow_key == "sales_handoff")
        ).scalar_one()
    page = admin.get(f"/flows/leads/runs/{run_id}").get_data(as_text=True)
    assert "生命周期：培育中 → SQL" in page
    assert "已跳过" in page and "连接「sales_webhook」未设置或已停用" in page
    assert "connection_missing" not in page
    record_page = admin.get(f"/a/leads/lead/{record_id}").get_data(as_text=True)
    assert "销售交接" in record_page and "由自动化「销售交接」" in record_page
    engine.dispose()


def test_a_failed_run_is_retried_from_its_step(settings, monkeypatch):
    app = _app(settings)
    engine = make_engine(settings.database_url)
    _hot_lead(app)

    def broken(self, ctx, config):
        raise RuntimeError("数据库忙")

    monkeypatch.setattr(SetFieldAction, "run", broken)
    start = clock.now()
    for minutes in (0, 2, 7, 40):
        run_due(engine, start + dt.timedelta(minutes=minutes))
    with engine.connect() as conn:
        run_id, state = conn.execute(sa.select(flow_runs.c.id, flow_runs.c.state)).one()
    assert state == "failed"
    admin = signed_in(app, "admin@example.com")
    page = admin.get(f"/flows/leads/runs/{run_id}").get_data(as_text=True)
    assert "失败" in page and "数据库忙" in page and "从失败的步骤重试" in page
    monkeypatch.undo()
    assert admin.post(f"/flows/leads/runs/{run_id}/retry").status_code == 303
    run_due(engine, start + dt.timedelta(minutes=41))
    with engine.connect() as conn:
        assert conn.execute(sa.select(flow_runs.c.state)).scalar() == "done"
    again = admin.post(f"/flows/leads/runs/{run_id}/retry", follow_redirects=True)
    assert "只有失败的运行可以重试" in again.get_data(as_text=True)
    engine.dispose()


def test_a_test_run_shows_the_steps_and_changes_and_sends_nothing(settings):
    app = _app(settings)
    engine = make_engine(settings.database_url)
    record_id = create_record(app, "lead", {**HOT, "owner": "admin@example.com"})
    admin = signed_in(app, "admin@example.com")
    answer = admin.post("/flows/leads/sla_reclaim/test", data={"record": str(record_id)})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert (
        "退回公海" in page and "通知销售群" in page and "没有做任何修改，也没有发送任何内容" in page
    )
    lead = admin.get(f"/a/leads/lead/{record_id}").get_data(as_text=True)
    assert "退回公海" not in lead and "Admin" in lead  # still owned, nothing on its timeline
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(outbox)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(flow_runs)).scalar() == 0
    missing = admin.post("/flows/leads/sla_reclaim/test", data={"record": "999999"})
    assert missing.status_code == 422 and "没有编号为 999999 的记录" in missing.get_data(
        as_text=True
    )
    hostile = admin.post("/flows/leads/sla_reclaim/test", data={"record": "1 OR 1=1"})
    assert hostile.status_code == 422
    engine.dispose()
