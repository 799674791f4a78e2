"""Other CRMs' exports imported as they are: HubSpot (UTF-8 with BOM), a Salesforce report
(with its footer), 纷享销客 (GBK) and 简道云 (.xlsx with date and number cells). Every stored
value is checked, and so are the people who must not be merged (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from tessera.runtime.tables import activities
from tests.runtime.capture.peers.support import (
    by_name,
    create,
    csv_bytes,
    flagged_pairs,
    guessed,
    run,
    xlsx_bytes,
)

HUBSPOT = [
    ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
     "Company Name", "Job Title", "City", "State/Region", "Number of Employees"],
    ["101", "Wei", "Zhao", "wei.zhao@huadong.cn", "021-6888 8888", "", "华东精密制造有限公司",
     "Purchasing Manager", "上海", "上海", "200"],
    ["102", "Na", "Li", "sales@huadong.cn", "021 68888888", "", "华东精密制造有限公司",
     "Sales Rep", "上海", "上海", "200"],
    ["103", "Fang", "Wang", "fang.wang@huadong.cn", "(021)6888-8888", "13800138000",
     "华东精密制造有限公司", "Engineer", "上海", "上海", "200"],
    ["104", "Mei", "Chen", "mei.chen@hubei-tech.cn", "027-8765 0000 ext. 8001", "",
     "湖北光谷科技", "CTO", "武汉", "湖北", "80"],
    ["105", "John", "Smith", "john@acme-us.com", "1-800-555-0199", "", "Acme Inc.", "VP",
     "", "", ""],
    ["106", "Mary", "Jones", "mary@acme-us.com", "(415) 555-2671", "", "Acme Inc.", "CEO",
     "", "", ""],
    ["107", "Lei", "Zhang", "lei.zhang@qq.com", "无", "-", "个人", "", "", "", ""],
]  # fmt: skip


def test_hubspot_contacts_export(leads, tmp_path):
    data = csv_bytes(HUBSPOT, encoding="utf-8-sig")
    path, headers, mapping = guessed(leads, data, ".csv", tmp_path)
    assert headers[0] == "Record ID"  # the BOM is not part of the first header
    assert mapping == {
        "First Name": "name", "Last Name": "name", "Email": "email", "Phone Number": "phone",
        "Mobile Phone Number": "phone", "Company Name": "company", "Job Title": "title",
        "City": "city", "State/Region": "province", "Number of Employees": "company_size",
    }  # fmt: skip
    result = run(leads, path, mapping)
    job = result["job"]
    assert (job.created_count, job.merged_count, job.flagged_count) == (5, 0, 1)
    assert result["rejected"] == {
        7: {
            "Phone Number + Mobile Phone Number": "Not a Chinese phone number; write a foreign "
            "number with its country code, e.g. +1 415 555 2671"
        }
    }
    leads_by_name = by_name(leads)
    assert set(leads_by_name) == {"Wei Zhao", "Na Li", "Fang Wang", "Mei Chen", "John Smith",
                                  "Lei Zhang"}  # fmt: skip
    wei, na, fang = leads_by_name["Wei Zhao"], leads_by_name["Na Li"], leads_by_name["Fang Wang"]
    assert (wei["phone"], wei["email"], wei["company"], wei["title"]) == (
        "+862168888888",
        "wei.zhao@huadong.cn",
        "华东精密制造有限公司",
        "Purchasing Manager",
    )
    assert (wei["province"], wei["city"], wei["company_size"]) == ("310000", "310100", 200)
    # Li Na shares the switchboard and writes from the sales mailbox: a different person,
    # kept apart and flagged for review, never merged into Zhao Wei.
    assert na["phone"] == "+862168888888" and na["email"] == "sales@huadong.cn"
    assert flagged_pairs(leads) == {(na["id"], wei["id"])}
    # The mobile counts before the switchboard.
    assert fang["phone"] == "+8613800138000"
    assert leads_by_name["Mei Chen"]["phone"] == "+862787650000;ext=8001"
    assert (leads_by_name["Mei Chen"]["province"], leads_by_name["Mei Chen"]["city"]) == (
        "420000",
        "420100",
    )
    assert leads_by_name["John Smith"]["phone"] == "+18005550199"
    assert leads_by_name["Lei Zhang"]["phone"] is None  # «无» and «-» are no phone


def test_a_public_submission_on_a_shared_switchboard_is_not_someone_else(leads, tmp_path):
    wei = create(leads, {"name": "赵伟", "phone": "+862168888888", "company": "华东精密制造"})
    answer = leads.client.post(
        "/api/v1/apps/leads/forms/lead/records",
        json={"fields": {"name": "李娜", "phone": "021-6888 8888", "company": "华东精密制造"}},
        headers=leads.auth,
    )
    assert answer.status_code == 201, answer.get_json()
    na = answer.get_json()["id"]
    assert na != wei and by_name(leads)["赵伟"]["name"] == "赵伟"
    assert flagged_pairs(leads) == {(na, wei)}
    # The same person on the same line is still recognised: same name, same switchboard.
    again = leads.client.post(
        "/api/v1/apps/leads/forms/lead/records",
        json={"fields": {"name": "赵伟", "phone": "021 6888 8888", "title": "采购经理"}},
        headers=leads.auth,
    )
    assert again.get_json()["id"] == wei
    assert by_name(leads)["赵伟"]["title"] == "采购经理"


SALESFORCE_REPORT = [
    ["First Name", "Last Name", "Title", "Company / Account", "Email", "Phone", "Mobile",
     "State/Province", "City"],
    ["Ming", "Liu", "Director", "Acme Co., Ltd.", "ming.liu@acme.cn", "010-12345678-8002", "",
     "北京", "北京"],
    ["Jie", "Sun", "VP", "Acme Co., Ltd.", "info@acme.cn", "010-12345678", "13911112222",
     "北京市", "北京市"],
]  # fmt: skip
SALESFORCE_FOOTER = [
    "Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.",
    "Confidential Information - Do Not Distribute",
    "Generated By:  Jane Doe  3/26/2024 9:14 AM",
    "Acme Co., Ltd.",
]


def test_salesforce_report_footer_is_not_imported(leads, tmp_path):
    data = csv_bytes(SALESFORCE_REPORT, encoding="utf-8", footer=SALESFORCE_FOOTER)
    path, _, mapping = guessed(leads, data, ".csv", tmp_path)
    assert mapping == {
        "First Name": "name", "Last Name": "name", "Title": "title",
        "Company / Account": "company", "Email": "email", "Phone": "phone", "Mobile": "phone",
        "State/Province": "province", "City": "city",
    }  # fmt: skip
    result = run(leads, path, mapping)
    assert result["job"].total_rows == 2 and result["job"].processed_rows == 2
    assert result["rejected"] == {}
    stored = by_name(leads)
    assert set(stored) == {"Ming Liu", "Jie Sun"}  # no «Copyright …», no «Acme Co., Ltd.»
    assert stored["Ming Liu"]["phone"] == "+861012345678;ext=8002"
    assert stored["Jie Sun"]["phone"] == "+8613911112222"
    assert stored["Jie Sun"]["email"] == "info@acme.cn"
    assert (stored["Jie Sun"]["province"], stored["Jie Sun"]["city"]) == ("110000", "110100")


def test_salesforce_api_names_are_guessed(leads):
    from tessera.runtime.capture.importer import guess_mapping

    headers = ["Id", "FirstName", "LastName", "Company", "Title", "Email", "Phone",
               "MobilePhone", "State", "City", "NumberOfEmployees", "LeadSource", "Status",
               "OwnerId"]  # fmt: skip
    assert guess_mapping(leads.form(), headers) == {
        "FirstName": "name", "LastName": "name", "Company": "company", "Title": "title",
        "Email": "email", "Phone": "phone", "MobilePhone": "phone", "State": "province",
        "City": "city", "NumberOfEmployees": "company_size", "LeadSource": "source",
        "Status": "stage",
    }  # fmt: skip


FXIAOKE = [
    ["客户名称", "联系人", "职务", "手机号", "电话", "邮件", "省", "市", "人员规模"],
    ["苏州数联科技有限公司", "陈静", "经理", "139 0000 1111", "", "", "江苏", "苏州", "300"],
    ["华东精密制造(上海)有限公司", "王 芳", "采购总监", "", "", "", "上海", "上海", "500"],
    ["华东精密制造有限公司上海分公司", "王芳", "采购总监", "", "", "wangfang@huadong.cn", "",
     "", ""],
]  # fmt: skip


def test_fxiaoke_gbk_export_merges_the_same_people_and_keeps_regions_whole(leads, tmp_path):
    chen = create(leads, {"name": "陈静", "phone": "+8613900001111", "province": "330000",
                          "company": "杭州数联科技有限公司"})  # fmt: skip
    wang = create(leads, {"name": "王芳", "company": "华东精密制造有限公司"})
    data = csv_bytes(FXIAOKE, encoding="gbk")
    path, _, mapping = guessed(leads, data, ".csv", tmp_path)
    assert mapping == {
        "客户名称": "company", "联系人": "name", "职务": "title", "手机号": "phone",
        "电话": "phone", "邮件": "email", "省": "province", "市": "city",
        "人员规模": "company_size",
    }  # fmt: skip
    result = run(leads, path, mapping)
    assert (result["job"].created_count, result["job"].merged_count) == (0, 3)
    stored = {r["id"]: r for r in leads.rows()}
    assert set(stored) == {chen, wang}
    # 浙江 stays with no city rather than gaining 苏州: the region is merged as a whole.
    assert (stored[chen]["province"], stored[chen]["city"]) == ("330000", None)
    assert stored[chen]["title"] == "经理" and stored[chen]["company_size"] == 300
    assert (stored[wang]["province"], stored[wang]["city"]) == ("310000", "310100")
    assert stored[wang]["email"] == "wangfang@huadong.cn"
    with leads.engine.connect() as conn:
        merged = conn.execute(
            sa.select(activities.c.payload).where(
                (activities.c.record_id == chen) & (activities.c.kind == "merged")
            )
        ).scalar_one()
    assert merged["conflicts"]["city"] == [None, "320500"]
    assert merged["conflicts"]["province"] == ["330000", "320000"]


def test_jiandaoyun_xlsx_with_number_and_date_cells(leads, tmp_path):
    submitted = dt.datetime(2024, 4, 1, 15, 0)
    rows = [
        ["姓名", "手机号", "公司", "省", "市", "人员规模", "预计金额", "提交时间"],
        ["赵敏", 13700001234, "星河教育", "浙江", "杭州", 150, "EUR 38,000", submitted],
        ["钱程", 13700005678.0, "星河教育", "浙江省", "杭州市", 80, 120000, submitted],
    ]
    path, _, mapping = guessed(leads, xlsx_bytes(rows), ".xlsx", tmp_path)
    assert mapping == {"姓名": "name", "手机号": "phone", "公司": "company", "省": "province",
                       "市": "city", "人员规模": "company_size", "预计金额": "est_amount"}  # fmt: skip
    result = run(leads, path, mapping)
    assert result["rejected"] == {
        2: {"预计金额": "This amount is in EUR; this field holds CNY: convert it first"}
    }
    qian = by_name(leads)["钱程"]
    assert qian["phone"] == "+8613700005678" and qian["est_amount"] == Decimal("120000.00")
    assert (qian["province"], qian["city"], qian["company_size"]) == ("330000", "330100", 80)
    assert "赵敏" not in by_name(leads)  # €38,000 is never stored as ¥38,000


def test_campaigns_with_excel_date_cells_and_exported_timestamps(leads, tmp_path):
    rows = [
        ["活动名称", "开始日期", "结束日期", "活动成本"],
        ["2024 春季展", dt.datetime(2024, 3, 26), "2024-04-01 00:00:00", 50000],
        ["华东巡展", dt.date(2024, 5, 6), "2024/5/9", 12000.5],
    ]
    path, _, mapping = guessed(leads, xlsx_bytes(rows), ".xlsx", tmp_path, form_key="campaign")
    assert mapping == {"活动名称": "name", "开始日期": "start_date", "结束日期": "end_date",
                       "活动成本": "cost"}  # fmt: skip
    result = run(leads, path, mapping, form_key="campaign")
    assert result["rejected"] == {}
    stored = by_name(leads, "campaign")
    spring, east = stored["2024 春季展"], stored["华东巡展"]
    assert (spring["start_date"], spring["end_date"]) == (dt.date(2024, 3, 26), dt.date(2024, 4, 1))
    assert spring["cost"] == Decimal("50000.00")
    assert (east["start_date"], east["end_date"], east["cost"]) == (
        dt.date(2024, 5, 6),
        dt.date(2024, 5, 9),
        Decimal("12000.50"),
    )


def test_a_bad_optional_cell_can_be_emptied_instead_of_refusing_the_row(leads, tmp_path):
    rows = [
        ["姓名", "手机号", "公司", "预计金额", "省"],
        ["赵敏", "13700001234", "星河教育", "EUR 38,000", "浙江"],
        ["", "13700009999", "星河教育", "1000", "浙江"],  # the name is required: refused
        ["孙丽", "(415) 555-2671", "星河教育", "2000", "火星"],
    ]
    path, _, mapping = guessed(leads, xlsx_bytes(rows), ".xlsx", tmp_path)
    result = run(leads, path, mapping, options={"empty_bad_cells": True})
    assert result["job"].created_count == 2 and result["job"].rejected_count == 1
    assert result["rejected"] == {3: {"姓名": "This field is required"}}
    assert result["emptied"] == {
        2: {"预计金额": "This amount is in EUR; this field holds CNY: convert it first"},
        4: {
            "手机号": "Not a Chinese phone number; write a foreign number with its country "
            "code, e.g. +1 415 555 2671",
            "省": "No such province: 火星",
        },
    }
    stored = by_name(leads)
    assert stored["赵敏"]["est_amount"] is None and stored["赵敏"]["province"] == "330000"
    assert stored["孙丽"]["phone"] is None and stored["孙丽"]["est_amount"] == Decimal("2000.00")
