"""Record lists on SQLite and PostgreSQL: filters (the condition builder's documents), pinyin
sort, search over option and region labels, the template's and saved views, bulk actions,
export, the recycle bin and the related records of the record page."""

import csv
import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.lists.recycle import purge_recycle_bin
from tessera.runtime.tables import activities
from tests.support.demo import ADMIN_EMAIL, bearer, create_record, demo_app, signed_in

REP, OTHER, BOSS = "rep@example.com", "other@example.com", "boss@example.com"
MARK = "列表测试"  # in every company made here, so a filter isolates them from the demo data
ONLY_OURS = {"field": "company", "op": "contains", "value": MARK}


@pytest.fixture
def office(settings, migrated_db_url):
    app = demo_app(settings, users={REP: "sales", OTHER: "sales", BOSS: "manager"}, csrf=False)
    ids = {}
    for name, extra in (
        ("张伟", {"owner": REP, "stage": "new", "province": "330000", "city": "330100"}),
        ("李娜", {"owner": OTHER, "stage": "contacted"}),
        ("王强", {"stage": "new"}),
        ("Amy", {"owner": REP, "stage": "qualified"}),
    ):
        fields = {"name": name, "company": f"{MARK}{name}公司", **extra}
        ids[name] = create_record(app, "lead", fields)
    app.lead_ids = ids
    app.settings_ = settings
    return app


def names(html: str) -> list[str]:
    found = [(html.find(f">{n}<"), n) for n in ("张伟", "李娜", "王强", "Amy")]
    return [n for i, n in sorted(found) if i >= 0]


def list_url(cond=None, **args):
    query = {"filter": json.dumps(cond or ONLY_OURS, ensure_ascii=False), **args}
    return "/a/leads/lead", query


def get_list(client, cond=None, **args):
    path, query = list_url(cond, **args)
    return client.get(path, query_string=query)


def test_a_filter_from_the_builder_limits_the_list_and_the_total(office):
    admin = signed_in(office, ADMIN_EMAIL)
    cond = {"all": [ONLY_OURS, {"field": "stage", "op": "in", "value": ["new"]}]}
    html = get_list(admin, cond).get_data(as_text=True)
    assert sorted(names(html)) == ["张伟", "王强"]
    assert "2 in all" in html or "共 2 条" in html


def test_a_filter_that_does_not_fit_says_where_and_lists_nothing(office):
    admin = signed_in(office, ADMIN_EMAIL)
    response = get_list(admin, {"field": "stage", "op": "gt", "value": 1})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "阶段" in html or "Stage" in html
    assert names(html) == []
    assert admin.get("/a/leads/lead?filter={nope").status_code == 422


def test_chinese_names_sort_by_pinyin_both_ways(office):
    admin = signed_in(office, ADMIN_EMAIL)
    up = names(get_list(admin, sort="name").get_data(as_text=True))
    down = names(get_list(admin, sort="-name").get_data(as_text=True))
    chinese = [n for n in up if n != "Amy"]
    assert chinese == ["李娜", "王强", "张伟"]
    assert [n for n in down if n != "Amy"] == ["张伟", "王强", "李娜"]


def test_search_finds_region_and_option_labels(office):
    admin = signed_in(office, ADMIN_EMAIL)
    assert names(get_list(admin, q="杭州").get_data(as_text=True)) == ["张伟"]
    assert sorted(names(get_list(admin, q="已联系").get_data(as_text=True))) == ["李娜"]


def test_the_template_views_for_a_rep(office):
    rep = signed_in(office, REP)
    mine = rep.get("/a/leads/lead", query_string={"view": "mine", "q": MARK})
    assert sorted(names(mine.get_data(as_text=True))) == ["Amy", "张伟"]
    pool = rep.get("/a/leads/lead", query_string={"view": "pool", "q": MARK})
    assert names(pool.get_data(as_text=True)) == ["王强"]
    html = rep.get("/a/leads/lead").get_data(as_text=True)
    for title in ("我的线索", "公海", "A 级未联系"):
        assert title in html
    assert rep.get("/a/leads/lead?view=nope").status_code == 404


def test_saved_views_personal_and_shared(office):
    rep, other, boss = signed_in(office, REP), signed_in(office, OTHER), signed_in(office, BOSS)
    state = {
        "filter": json.dumps(ONLY_OURS, ensure_ascii=False),
        "sort": "-name",
        "cols": "name,stage",
    }
    saved = rep.post("/a/leads/lead/views", data={"name": "我的测试视图", **state})
    assert saved.status_code == 303 and "view=" in saved.location
    page = rep.get(saved.location).get_data(as_text=True)
    assert "我的测试视图" in page
    assert [n for n in names(page) if n != "Amy"] == ["张伟", "王强"]  # rep's scope: no 李娜
    assert "我的测试视图" not in other.get("/a/leads/lead").get_data(as_text=True)
    view_id = saved.location.rsplit("view=", 1)[1]
    assert other.get(f"/a/leads/lead?view={view_id}").status_code == 404
    # a rep may not share; nothing stored
    refused = rep.post("/a/leads/lead/views", data={"name": "共享?", "shared": "1", **state})
    assert refused.status_code == 303
    assert "共享?" not in rep.get("/a/leads/lead").get_data(as_text=True)
    assert rep.post("/a/leads/lead/views", data={"name": " ", **state}).status_code == 303
    boss.post("/a/leads/lead/views", data={"name": "全员视图", "shared": "1", **state})
    assert "全员视图" in other.get("/a/leads/lead").get_data(as_text=True)
    assert other.post(f"/a/leads/lead/views/{view_id}/delete").status_code == 404
    assert rep.post(f"/a/leads/lead/views/{view_id}/delete").status_code == 303


def _timeline_kinds(office, record_id):
    engine = make_engine(office.settings_.database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(activities.c.kind, activities.c.payload).where(
                (activities.c.form_key == "lead") & (activities.c.record_id == record_id)
            )
        ).all()
    engine.dispose()
    return rows


def _lead(office, record_id, email=ADMIN_EMAIL):
    url = f"/api/v1/apps/leads/forms/lead/records/{record_id}"
    return office.test_client().get(url, headers=bearer(office, email))


def test_bulk_change_stage_and_tag_go_through_the_record_writer(office):
    admin = signed_in(office, ADMIN_EMAIL)
    ids = [office.lead_ids["张伟"], office.lead_ids["王强"]]
    done = admin.post(
        "/a/leads/lead/bulk", data={"action": "set", "set": "stage:contacted", "ids": ids}
    )
    assert done.status_code == 303
    for record_id in ids:
        assert _lead(office, record_id).get_json()["fields"]["stage"] == "contacted"
        changes = [p["changes"] for k, p in _timeline_kinds(office, record_id) if k == "updated"]
        assert {"stage": ["new", "contacted"]} in changes
    tagged = admin.post(
        "/a/leads/lead/bulk",
        data={"action": "tag", "tag_field": "tags", "tag": "展会", "ids": ids},
        headers={"Accept": "application/json"},
    )
    assert tagged.get_json()["changed"] == 2
    assert "展会" in _lead(office, ids[0]).get_json()["fields"]["tags"]
    bad = admin.post(
        "/a/leads/lead/bulk",
        data={"action": "set", "set": "stage:nonsense", "ids": ids},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422 and "stage" in bad.get_json()["error"]["fields"]
    assert (
        admin.post("/a/leads/lead/bulk", data={"action": "set", "set": "name:x"}).status_code == 400
    )


def test_bulk_over_the_whole_list_in_batches(office):
    admin = signed_in(office, ADMIN_EMAIL)
    _path, query = list_url()
    answer = admin.post(
        "/a/leads/lead/bulk",
        data={"action": "set", "set": "stage:qualified", "scope": "all", **query},
        headers={"Accept": "application/json"},
    ).get_json()
    assert answer["total"] == 4 and answer["changed"] == 3 and answer["next"] is None
    html = get_list(
        admin, {"all": [ONLY_OURS, {"field": "stage", "op": "eq", "value": "qualified"}]}
    )
    assert sorted(names(html.get_data(as_text=True))) == ["Amy", "张伟", "李娜", "王强"]


def test_a_rep_cannot_bulk_assign_to_someone_else(office):
    rep = signed_in(office, REP)
    other_id = office.user_ids[OTHER]
    answer = rep.post(
        "/a/leads/lead/bulk",
        data={"action": "set", "set": f"owner:{other_id}", "ids": [office.lead_ids["张伟"]]},
        headers={"Accept": "application/json"},
    ).get_json()
    assert answer["changed"] == 0 and answer["refused"]
    assert _lead(office, office.lead_ids["张伟"]).get_json()["fields"]["owner"]["email"] == REP


def test_export_csv_and_xlsx_of_the_view_within_scope(office):
    rep = signed_in(office, REP)
    path, query = list_url(cols="name,stage,city")
    response = rep.get(path + "/export.csv", query_string=query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][1:] == ["姓名", "阶段", "城市"]
    body = {r[1]: r for r in rows[1:]}
    assert set(body) == {"张伟", "王强", "Amy"}  # not 李娜 (another rep's)
    assert body["张伟"][2] == "新线索" and body["张伟"][3] == "杭州市"
    xlsx = rep.get(path + "/export.xlsx", query_string=query)
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(body)


def test_recycle_bin_restore_and_purge_after_30_days(office):
    admin = signed_in(office, ADMIN_EMAIL)
    rep = signed_in(office, REP)
    ids = office.lead_ids
    admin.post("/a/leads/lead/bulk", data={"action": "delete", "ids": [ids["王强"], ids["李娜"]]})
    assert sorted(names(get_list(admin).get_data(as_text=True))) == ["Amy", "张伟"]
    trash = rep.get("/a/leads/lead/trash").get_data(as_text=True)
    assert "王强" in trash and "李娜" not in trash  # the rep's scope: 李娜 is another rep's
    assert rep.post(f"/a/leads/lead/{ids['李娜']}/restore").status_code == 404
    assert rep.post(f"/a/leads/lead/{ids['王强']}/restore").status_code == 303
    assert "王强" in names(get_list(admin).get_data(as_text=True))
    engine = make_engine(office.settings_.database_url)
    now = dt.datetime.now(dt.UTC)
    assert purge_recycle_bin(engine, AppCatalog(), at=now + dt.timedelta(days=29)) == {}
    assert purge_recycle_bin(engine, AppCatalog(), at=now + dt.timedelta(days=31)) == {
        "leads.lead": 1
    }
    engine.dispose()
    assert "李娜" not in admin.get("/a/leads/lead/trash").get_data(as_text=True)
    assert _lead(office, ids["李娜"]).status_code == 404
    assert _timeline_kinds(office, ids["李娜"]) == []


def test_a_follow_up_added_from_the_lead_page(office):
    rep = signed_in(office, REP)
    lead_id = office.lead_ids["张伟"]
    lead_url = f"/a/leads/lead/{lead_id}"
    page = rep.get(lead_url).get_data(as_text=True)
    assert 'href="/a/leads/followup/new?' in page
    new = rep.get(f"/a/leads/followup/new?lead={lead_id}&next={lead_url}").get_data(as_text=True)
    assert f'<option selected value="{lead_id}"' in new or f'value="{lead_id}" selected' in new
    saved = rep.post(
        "/a/leads/followup/new",
        data={
            "lead": str(lead_id),
            "method": "phone",
            "content": "电话沟通了报价",
            "next": lead_url,
        },
    )
    assert saved.status_code == 303 and saved.location.endswith(lead_url)
    page = rep.get(lead_url).get_data(as_text=True)
    assert "电话沟通了报价" in page
    kinds = _timeline_kinds(office, lead_id)
    assert [p["type"] for k, p in kinds if k == "event"] == ["linked_record_created"]
    assert "跟进记录 #" in page or "Follow-up #" in page
    off_site = rep.post(
        "/a/leads/followup/new",
        data={"lead": str(lead_id), "content": "再次", "next": "//evil.example/"},
    )
    assert "evil" not in off_site.location


def test_phone_and_email_are_links_on_the_record_page(office):
    admin = signed_in(office, ADMIN_EMAIL)
    record_id = create_record(
        office, "lead", {"name": "赵六", "phone": "13800138000", "email": "zl@example.com"}
    )
    page = admin.get(f"/a/leads/lead/{record_id}").get_data(as_text=True)
    assert 'href="tel:+8613800138000"' in page and 'href="mailto:zl@example.com"' in page
