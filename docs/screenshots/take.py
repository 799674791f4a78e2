"""Regenerate the README screenshots in this folder.

    .venv/bin/python docs/screenshots/take.py

Builds a throw-away instance in a temporary directory (``Settings.from_env(instance_path=…)``
on its own SQLite file, whatever ``TESSERA_DATABASE_URL`` says), installs the lead-management
demo app with an admin, adds realistic sample campaigns, leads and follow-ups through the REST
API, serves the app on a loopback port (``tests.support.live_server.LiveServer``) and drives
Debian's ``/usr/bin/chromium`` with playwright (needs a CJK font, e.g. fonts-wqy-microhei):

- ``login.png``, ``app_home.png``, ``lead_list.png``, ``lead_detail.png`` — 1280×800;
- ``lead_form.png`` — the whole new-lead form, 1280 wide, after a submit refused one field;
- ``lead_form_phone.png`` — the new-lead form on a 390×844 phone.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from tessera.runtime.auth.tokens import create_token  # noqa: E402
from tessera.runtime.auth.users import find_user  # noqa: E402
from tessera.runtime.config import Settings  # noqa: E402
from tessera.runtime.database import make_engine  # noqa: E402
from tessera.runtime.setup import initialize  # noqa: E402
from tessera.runtime.web.app import create_app  # noqa: E402
from tests.support.browser import CONTEXT_OPTIONS, launch_chromium  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "screenshot-pass-2026"
API = "/api/v1/apps/leads/forms/{form}/records"

CAMPAIGNS = [
    {
        "name": "2026 中国国际工业博览会",
        "channel": "trade_show",
        "region": "east_china",
        "cost": 180000,
        "start_date": "2026-09-22",
        "end_date": "2026-09-26",
    },
    {
        "name": "智能制造数字化转型线上研讨会",
        "channel": "seminar",
        "region": "national",
        "cost": 25000,
        "start_date": "2026-10-15",
        "end_date": "2026-10-15",
    },
    {
        "name": "百度搜索推广 · 第四季度",
        "channel": "sem",
        "region": "national",
        "cost": 60000,
        "start_date": "2026-10-01",
        "end_date": "2026-12-31",
    },
]

# (fields, campaign index or None); 张伟 first: he is the lead shown on the detail page.
LEADS = [
    (
        {
            "name": "张伟",
            "phone": "138 0013 8000",
            "email": "zhang.wei@sh-zhizao.com.cn",
            "company": "上海某某制造有限公司",
            "title": "销售总监",
            "company_size": 1200,
            "industry": "manufacturing",
            "province": "上海市",
            "city": "上海市",
            "source": "trade_show",
            "est_amount": 580000,
            "stage": "contacted",
            "owner": ADMIN_EMAIL,
            "grade": "A",
            "tags": ["展会", "高意向"],
        },
        0,
    ),
    (
        {
            "name": "李娜",
            "phone": "139 1234 5678",
            "email": "li.na@hz-jinfu.cn",
            "company": "杭州某某金融服务有限公司",
            "title": "采购经理",
            "company_size": 320,
            "industry": "finance",
            "province": "浙江省",
            "city": "杭州市",
            "source": "website",
            "est_amount": 120000,
            "stage": "contacted",
            "grade": "B",
        },
        None,
    ),
    (
        {
            "name": "王强",
            "phone": "137 1111 2222",
            "email": "wangqiang88@qq.com",
            "company": "南京某某教育科技有限公司",
            "title": "市场专员",
            "company_size": 80,
            "industry": "education",
            "province": "江苏省",
            "city": "南京市",
            "source": "sem",
            "est_amount": 30000,
            "stage": "new",
            "grade": "C",
        },
        2,
    ),
    (
        {
            "name": "刘洋",
            "phone": "186 2000 3000",
            "email": "liu.yang@sz-hulian.com",
            "company": "深圳某某网络科技有限公司",
            "title": "CTO",
            "company_size": 650,
            "industry": "internet",
            "province": "广东省",
            "city": "深圳市",
            "source": "seminar",
            "est_amount": 800000,
            "stage": "proposal",
            "owner": ADMIN_EMAIL,
            "grade": "A",
        },
        1,
    ),
    (
        {
            "name": "陈静",
            "phone": "135 5555 6666",
            "email": "chenjing@163.com",
            "company": "成都某某零售连锁有限公司",
            "title": "运营经理",
            "company_size": 2000,
            "industry": "retail",
            "province": "四川省",
            "city": "成都市",
            "source": "social",
            "est_amount": 60000,
            "stage": "lost",
            "lost_reason": "price",
            "grade": "C",
        },
        None,
    ),
    (
        {
            "name": "杨帆",
            "phone": "158 8888 9999",
            "email": "yang.fan@bj-zhineng.com",
            "company": "北京某某智能装备股份有限公司",
            "title": "副总经理",
            "company_size": 900,
            "industry": "manufacturing",
            "province": "北京市",
            "city": "北京市",
            "source": "referral",
            "est_amount": 350000,
            "stage": "negotiation",
            "owner": ADMIN_EMAIL,
            "grade": "A",
        },
        None,
    ),
    (
        {
            "name": "赵敏",
            "phone": "150 1234 0000",
            "email": "zhao.min@sz-dianzi.cn",
            "company": "苏州某某电子有限公司",
            "title": "工程师",
            "company_size": 150,
            "industry": "manufacturing",
            "province": "江苏省",
            "city": "苏州市",
            "source": "content",
            "stage": "new",
            "grade": "D",
        },
        None,
    ),
    (
        {
            "name": "黄磊",
            "phone": "189 7000 8000",
            "email": "huang.lei@wh-wuliu.com",
            "company": "武汉某某物流有限公司",
            "title": "总裁",
            "company_size": 3000,
            "industry": "other",
            "province": "湖北省",
            "city": "武汉市",
            "source": "partner",
            "est_amount": 1200000,
            "stage": "won",
            "owner": ADMIN_EMAIL,
            "grade": "A",
        },
        None,
    ),
]

FOLLOWUPS = [  # on 张伟
    {
        "method": "phone",
        "content": "展会现场交换名片，电话回访：对产线数据采集方案感兴趣，约下周到厂参观。",
        "next_at": "2026-11-27T10:00:00+08:00",
    },
    {
        "method": "visit",
        "content": "到厂拜访，见到生产副总与 IT 负责人，需求明确，预算已批，需在年底前出方案。",
        "next_at": "2026-12-02T14:30:00+08:00",
    },
]


def post(request, base: str, token: str, form: str, fields: dict) -> int:
    """Create one record through the REST API; its id."""
    response = request.post(
        base + API.format(form=form),
        data={"fields": fields},
        headers={"Authorization": f"Bearer {token}"},
    )
    if response.status != 201:
        raise RuntimeError(f"creating a {form} failed: {response.status} {response.text()}")
    return response.json()["id"]


def add_samples(request, base: str, token: str) -> int:
    """Campaigns, leads and follow-ups; the id of the lead to show (张伟)."""
    campaigns = [post(request, base, token, "campaign", c) for c in CAMPAIGNS]
    ids = []
    for fields, campaign in reversed(LEADS):  # newest first in the list: 张伟 on top
        if campaign is not None:
            fields = {**fields, "campaign": campaigns[campaign]}
        ids.append(post(request, base, token, "lead", fields))
    lead = ids[-1]
    for followup in FOLLOWUPS:
        post(request, base, token, "followup", {**followup, "lead": lead})
    # A change, so the timeline shows more than «created».
    response = request.patch(
        f"{base}{API.format(form='lead')}/{lead}",
        data={"fields": {"stage": "qualified", "lifecycle": "sql"}},
        headers={"Authorization": f"Bearer {token}"},
    )
    if not response.ok:
        raise RuntimeError(f"updating the lead failed: {response.status} {response.text()}")
    return lead


def sign_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def choose(page, select: str, text: str) -> None:
    """Pick the selectable option of ``select`` whose text contains ``text``."""
    value = page.eval_on_selector(
        select,
        """(el, text) => Array.from(el.options)
            .find(o => !o.disabled && !o.hidden && o.textContent.includes(text)).value""",
        text,
    )
    page.select_option(select, value=value)


def fill_new_lead(page) -> None:
    """A new lead typed in, with one mistake (the email) for the server to refuse."""
    page.fill("#name", "孙悦")
    page.fill("#phone", "138 0013 8000")
    page.fill("#email", "not-an-email")
    page.fill("#company", "宁波某某模具有限公司")
    page.fill("#title", "采购总监")
    page.fill("#company_size", "450")
    choose(page, "#industry", "制造业")
    choose(page, "#province", "浙江省")
    choose(page, "#city", "宁波市")
    choose(page, "#source", "展会")


def shoot(page, name: str, **options) -> None:
    path = OUT / name
    page.screenshot(path=str(path), **options)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tessera-shots-") as tmp:
        instance = Path(tmp) / "instance"
        settings = Settings.from_env(
            instance_path=instance,
            database_url=f"sqlite:///{instance / 'tessera.db'}",
            smtp={},
        )
        engine = make_engine(settings.database_url)
        initialize(engine, demo=True, admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD)
        with engine.begin() as conn:
            token = create_token(conn, find_user(conn, ADMIN_EMAIL).id, name="screenshots")
        engine.dispose()

        server = LiveServer()
        settings.base_url = server.url
        app = create_app(settings)
        server.serve(app)
        base = server.url
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                desktop = browser.new_context(**CONTEXT_OPTIONS, device_scale_factor=1)
                page = desktop.new_page()
                lead_id = add_samples(desktop.request, base, token)

                page.goto(base + "/login")
                shoot(page, "login.png")

                sign_in(page, base)
                page.goto(base + "/a/leads")
                shoot(page, "app_home.png")

                page.goto(base + "/a/leads/lead")
                shoot(page, "lead_list.png")

                page.goto(f"{base}/a/leads/lead/{lead_id}")
                shoot(page, "lead_detail.png")

                page.goto(base + "/a/leads/lead/new")
                fill_new_lead(page)
                with page.expect_response(lambda r: r.request.method == "POST") as posted:
                    page.click("form.record-form .actions button[type=submit]")
                if posted.value.status != 422:
                    raise RuntimeError(
                        f"expected the email to be refused, got {posted.value.status}"
                    )
                shoot(page, "lead_form.png", full_page=True)

                page.goto(base + "/rules/leads/lead")
                page.select_option("#preview-lead", str(lead_id))
                page.wait_for_timeout(500)
                shoot(page, "rule_designer.png")

                phone = browser.new_context(
                    **{**CONTEXT_OPTIONS, "viewport": {"width": 390, "height": 844}},
                    is_mobile=True,
                    has_touch=True,
                    device_scale_factor=1,
                )
                phone.add_cookies(desktop.cookies())
                mobile = phone.new_page()
                mobile.goto(base + "/a/leads/lead/new")
                mobile.fill("#name", "孙悦")
                mobile.fill("#phone", "138 0013 8000")
                mobile.evaluate("document.activeElement.blur()")
                shoot(mobile, "lead_form_phone.png")

                link = desktop.request.post(
                    base + "/api/v1/apps/leads/links",
                    data={
                        "form": "lead",
                        "source": "trade_show",
                        "title": "2026 上海工博会 · 展位 A12",
                    },
                    headers={"Authorization": f"Bearer {token}"},
                ).json()
                visitor = phone.new_page()
                visitor.goto(link["url"])
                shoot(visitor, "public_form_phone.png")
                browser.close()
        finally:
            server.stop()
            app.extensions["tessera.engine"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
