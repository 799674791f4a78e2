"""The flow designer over HTTP: a new automation in the draft, saving at the page's revision
(a stale save refused with nothing lost), hostile posts refused with the problem named and
nothing saved, the publish checks on the draft named by card and setting, the side panel in
labels, a test run of the draft that leaves no trace, and publishing it."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.database import make_engine
from tessera.runtime.tables import activities, tasks
from tests.support.demo import create_record, demo_app, signed_in

DESIGN = "/flows/leads/{key}/design"


@pytest.fixture
def designer(settings, migrated_db_url):
    """``(client signed in as the admin, app, engine, flow key)`` with a new automation of
    the lead form in the draft, on SQLite and PostgreSQL."""
    app = demo_app(settings, csrf=False)
    client = signed_in(app, "admin@example.com")
    answer = client.post("/flows/leads/new", data={"form": "lead", "name": "欢迎新线索"})
    assert answer.status_code == 303
    key = re.search(r"/flows/leads/(\w+)/design", answer.headers["Location"]).group(1)
    engine = make_engine(settings.database_url)
    yield client, app, engine, key
    engine.dispose()


def _page_data(client, key) -> dict:
    page = client.get(DESIGN.format(key=key)).get_data(as_text=True)
    return json.loads(re.search(r'id="fd-data">(.*?)</script>', page, re.S).group(1))


def _draft(engine):
    with engine.connect() as conn:
        return publishing.load_draft(conn, "leads")


def _flow(steps, **extra) -> dict:
    flow = {
        "version": 1,
        "label": {"zh-CN": "欢迎新线索", "en": "Welcome"},
        "form": "lead",
        "enabled": True,
        "trigger": {"type": "record_created"},
        "steps": steps,
    }
    return {**flow, **extra}


BIG_BRANCH = {
    "key": "big",
    "type": "branch",
    "if": {"field": "company_size", "op": "gt", "value": 500},
    "then": [
        {"key": "call", "type": "action", "action": "create_task", "config": {"title": "致电"}}
    ],
    "else": [],
}


def test_a_new_automation_is_in_the_draft_and_its_page_shows_it_in_labels(designer):
    client, _app, engine, key = designer
    draft, _ = _draft(engine)
    assert draft["flows"][key]["label"]["zh-CN"] == "欢迎新线索"
    assert draft["flows"][key]["form"] == "lead"
    page = client.get(DESIGN.format(key=key)).get_data(as_text=True)
    assert "欢迎新线索" in page and "创建任务" in page and "分配负责人" in page
    assert "「线索」" in page  # the form by its label


def test_a_new_automation_without_a_name_is_refused_naming_the_field(designer):
    client, _app, engine, _key = designer
    before = _draft(engine)
    answer = client.post("/flows/leads/new", data={"form": "lead", "name": "  "})
    assert answer.status_code == 422
    assert "请给自动化起个名字" in answer.get_data(as_text=True)
    answer = client.post("/flows/leads/new", data={"form": "nope", "name": "x"})
    assert answer.status_code == 422
    assert _draft(engine) == before


def test_saving_keeps_an_unfinished_flow_and_names_what_is_missing_on_its_card(designer):
    client, _app, engine, key = designer
    data = _page_data(client, key)
    steps = [
        {
            **BIG_BRANCH,
            "then": [{"key": "call", "type": "action", "action": "create_task", "config": {}}],
        },
        {"key": "later", "type": "wait", "wait": {"days": 2}},
    ]
    answer = client.post(
        DESIGN.format(key=key) + "/save", json={"revision": data["revision"], "flow": _flow(steps)}
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["revision"] == data["revision"] + 1
    assert {
        "card": "/steps/0/then/0",
        "field": "config.title",
        "message": "请填写「任务标题」。",
    } in (body["problems"])
    draft, revision = _draft(engine)
    assert revision == body["revision"] and draft["flows"][key]["steps"] == steps


def test_a_stale_save_is_refused_and_the_other_save_is_kept(designer):
    client, _app, engine, key = designer
    data = _page_data(client, key)
    first = client.post(
        DESIGN.format(key=key) + "/save",
        json={"revision": data["revision"], "flow": _flow([BIG_BRANCH])},
    )
    assert first.status_code == 200
    stale = client.post(
        DESIGN.format(key=key) + "/save", json={"revision": data["revision"], "flow": _flow([])}
    )
    assert stale.status_code == 409
    assert (
        "Somebody else saved" in stale.get_json()["error"]["message"]
        or "其他人" in (stale.get_json()["error"]["message"])
    )
    draft, _ = _draft(engine)
    assert draft["flows"][key]["steps"] == [BIG_BRANCH]


@pytest.mark.parametrize(
    "body, status, words",
    [
        (
            lambda rev: json.dumps(
                {
                    "revision": rev,
                    "flow": _flow(
                        [
                            {
                                **BIG_BRANCH,
                                "then": [
                                    {"key": "x", "type": "action", "action": "launch_rockets"}
                                ],
                            }
                        ]
                    ),
                }
            ),
            422,
            "launch_rockets",
        ),
        (lambda rev: '{"flow": ' + "[" * 1000 + "]" * 1000 + "}", 400, "64"),
        (lambda rev: '{"flow": "' + "x" * (10 * 1024 * 1024) + '"}', 413, "512 KB"),
        (lambda rev: json.dumps({"revision": rev, "flow": {"version": 1}}), 422, "label"),
        (lambda rev: json.dumps({"revision": rev, "flow": _flow([], form="ghost")}), 422, "ghost"),
    ],
    ids=["unknown-action", "depth-1000", "10MB", "not-a-flow", "unknown-form"],
)
def test_hostile_posts_are_refused_naming_the_problem_and_nothing_is_saved(
    designer, body, status, words
):
    client, _app, engine, key = designer
    before = _draft(engine)
    answer = client.post(
        DESIGN.format(key=key) + "/save",
        data=body(before[1]),
        content_type="application/json",
    )
    assert answer.status_code == status
    assert words in answer.get_json()["error"]["message"]
    assert _draft(engine) == before


def test_the_check_names_the_card_and_setting_of_each_problem_in_the_users_language(designer):
    client, _app, _engine, key = designer
    steps = [
        {"key": "b", "type": "branch", "then": [], "else": []},
        {"key": "s", "type": "action", "action": "set_stage", "config": {"stage": "nirvana"}},
    ]
    answer = client.post(DESIGN.format(key=key) + "/check", json={"flow": _flow(steps)})
    rows = answer.get_json()["problems"]
    assert {"card": "/steps/0", "field": "", "message": "分支需要一个条件。"} in rows
    client.post("/lang", data={"lang": "en"})
    steps[0]["if"] = {"all": [{"field": "company_size", "op": "gt", "value": "many"}]}
    rows = client.post(DESIGN.format(key=key) + "/check", json={"flow": _flow(steps)}).get_json()
    problem = rows["problems"][0]
    assert problem["card"] == "/steps/0" and problem["field"] == "if"
    assert problem["message"].startswith("Condition 1")  # the builder's words, not a path
    steps[0]["if"] = BIG_BRANCH["if"]
    rows = client.post(DESIGN.format(key=key) + "/check", json={"flow": _flow(steps)}).get_json()
    assert rows["problems"] == [
        {
            "card": "/steps/1",
            "field": "config.stage",
            "message": "«nirvana» is not a stage of this form.",
        }
    ]


def test_the_panel_offers_settings_by_label_with_fields_and_options_by_name(designer):
    client, _app, _engine, key = designer
    item = {"key": "s", "type": "action", "action": "set_field", "config": {"field": "lifecycle"}}
    html = client.post(
        DESIGN.format(key=key) + "/panel", json={"target": "step", "item": item}
    ).get_data(as_text=True)
    assert "字段" in html and "生命周期" in html and "SQL 销售认可线索" in html
    assert 'data-bind="config.value"' in html
    trigger = {"type": "record_created", "if": BIG_BRANCH["if"]}
    html = client.post(
        DESIGN.format(key=key) + "/panel", json={"target": "trigger", "item": trigger}
    ).get_data(as_text=True)
    assert "公开链接" in html and "data-condition-builder" in html


def test_a_test_run_of_the_draft_shows_each_step_and_leaves_no_trace(designer):
    client, app, engine, key = designer
    record_id = create_record(
        app, "lead", {"name": "试运行", "company": "大厂", "company_size": 900}
    )
    found = client.get(DESIGN.format(key=key) + "/records?q=试运行").get_json()["records"]
    assert [r["id"] for r in found] == [record_id]
    with engine.connect() as conn:
        counts = [
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in (tasks, activities)
        ]
    steps = [BIG_BRANCH, {"key": "later", "type": "wait", "wait": {"days": 2}}]
    answer = client.post(
        DESIGN.format(key=key) + "/test", json={"flow": _flow(steps), "record": record_id}
    )
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert (
        "条件满足：是" in html and "已创建任务「致电」" in html and "将在此等待 48.0 小时" in html
    )
    assert "没有做任何修改" in html
    with engine.connect() as conn:
        after = [
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in (tasks, activities)
        ]
    assert after == counts
    missing = client.post(
        DESIGN.format(key=key) + "/test", json={"flow": _flow(steps), "record": 999999}
    )
    assert missing.status_code == 422 and "999999" in missing.get_data(as_text=True)


def test_publishing_from_the_designer_publishes_the_draft_with_the_flow(designer):
    client, _app, engine, key = designer
    data = _page_data(client, key)
    saved = client.post(
        DESIGN.format(key=key) + "/save",
        json={"revision": data["revision"], "flow": _flow([BIG_BRANCH])},
    ).get_json()
    answer = client.post(
        DESIGN.format(key=key) + "/publish", data={"revision": saved["revision"], "name": "x"}
    )
    assert answer.status_code == 303
    with engine.connect() as conn:
        number = publishing.list_versions(conn, "leads")[0]["number"]
        published = publishing.version_document(conn, "leads", number)
    assert published["flows"][key]["steps"] == [BIG_BRANCH]
    listing = client.get("/flows/leads").get_data(as_text=True)
    assert "欢迎新线索" in listing and "未发布" not in listing


def test_publishing_an_unfinished_flow_is_refused_and_names_its_card(designer):
    client, _app, engine, key = designer
    data = _page_data(client, key)
    before = _draft(engine)
    steps = [{"key": "b", "type": "branch", "then": [], "else": []}]
    saved = client.post(
        DESIGN.format(key=key) + "/save", json={"revision": data["revision"], "flow": _flow(steps)}
    ).get_json()
    answer = client.post(DESIGN.format(key=key) + "/publish", data={"revision": saved["revision"]})
    assert answer.status_code == 422
    rows = _page_data(client, key)  # the refused page carried the problems
    assert rows["revision"] == saved["revision"]
    assert "分支需要一个条件" in answer.get_data(as_text=True)
    with engine.connect() as conn:
        versions = publishing.list_versions(conn, "leads")
    assert len(versions) == 1 and before[1] + 1 == saved["revision"]
