"""Realistic sample records for the lead-management demo (``tessera init --demo``).

A new user opening the demo should see a pipeline that looks like a real quarter: sales reps
in their teams and regions, campaigns with costs, leads from every channel at every stage with
their history, behaviour events that explain their scores, follow-ups and won customers. Every
record is written through the same pipeline as a user's (clean, the record writer and its
subscribers, events), at instants spread over the last four months, and the same seed always
gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.auth.users import create_user, find_user
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.events import record_event
from tessera.runtime.forms.values import clean_values
from tessera.runtime.lookups import widget_context
from tessera.runtime.scoring.decay import run_score_decay
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import teams

DOMAIN = "demo.tessera.local"

# (email name, display name, role, team, regions)
PEOPLE = [
    ("wang.fang", "王芳", "sales", "east_china", ["上海", "苏州"]),
    ("liu.yang", "刘洋", "sales", "east_china", ["杭州", "宁波", "南京"]),
    ("li.qiang", "李强", "sales", "key_accounts", ["北京"]),
    ("chen.jing", "陈静", "sales", None, ["广州", "深圳"]),
    ("zhao.lei", "赵磊", "sales", None, ["成都", "武汉"]),
    ("zhou.min", "周敏", "manager", None, []),
    ("sun.li", "孙丽", "marketing", None, []),
]

# Teams by key, with the names people read.
TEAMS = {"east_china": "华东团队", "key_accounts": "大客户团队"}

# (name, channel, region, cost, days ago it started, length in days)
CAMPAIGNS = [
    ("2026 上海国际工业博览会", "trade_show", "east_china", 180_000, 100, 4),
    ("百度搜索推广·第四季度", "sem", "national", 60_000, 95, 90),
    ("数字化转型研讨会·北京站", "seminar", "north_china", 45_000, 70, 1),
    ("白皮书《制造业数字化实践》", "content", "national", 12_000, 110, 120),
    ("微信公众号推广", "social", "national", 20_000, 80, 60),
    ("华南渠道伙伴大会", "partner", "south_china", 30_000, 40, 2),
]
CAMPAIGN_OF_SOURCE = {
    "trade_show": 0,
    "sem": 1,
    "seminar": 2,
    "content": 3,
    "social": 4,
    "partner": 5,
}

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
]  # fmt: skip
GIVEN = [
    ("伟", "wei"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
    ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
    ("秀英", "xiuying"), ("建华", "jianhua"), ("志强", "zhiqiang"), ("海燕", "haiyan"),
]  # fmt: skip
BRANDS = [
    ("星辰", "xingchen"), ("华拓", "huatuo"), ("远航", "yuanhang"), ("恒信", "hengxin"),
    ("博远", "boyuan"), ("中科智", "zhongkezhi"), ("天衡", "tianheng"), ("瑞丰", "ruifeng"),
    ("云启", "yunqi"), ("金桥", "jinqiao"), ("长风", "changfeng"), ("新元", "xinyuan"),
    ("盛达", "shengda"), ("鼎峰", "dingfeng"), ("安泰", "antai"), ("明途", "mingtu"),
]  # fmt: skip
SUFFIX = {
    "manufacturing": "智能制造有限公司",
    "finance": "金融服务有限公司",
    "education": "教育科技有限公司",
    "internet": "网络科技有限公司",
    "retail": "商贸有限公司",
    "other": "企业管理咨询有限公司",
}
TITLES = [
    ("CEO", 2), ("总裁", 2), ("副总经理", 3), ("CTO", 2), ("信息化总监", 4), ("市场总监", 4),
    ("采购经理", 6), ("IT 经理", 6), ("销售经理", 4), ("项目经理", 5), ("工程师", 6),
    ("市场专员", 5), ("采购专员", 4), ("行政主管", 3),
]  # fmt: skip
# (province, city): names the region widget resolves to GB/T 2260 codes.
PLACES = [
    ("上海", "上海"), ("江苏", "苏州"), ("浙江", "杭州"), ("浙江", "宁波"), ("江苏", "南京"),
    ("北京", "北京"), ("广东", "广州"), ("广东", "深圳"), ("四川", "成都"), ("湖北", "武汉"),
    ("山东", "青岛"), ("福建", "厦门"),
]  # fmt: skip
SOURCES = [
    ("website", 18), ("sem", 14), ("trade_show", 16), ("seminar", 8), ("content", 10),
    ("social", 8), ("partner", 6), ("referral", 6), ("email", 5), ("sales_self", 5), ("store", 2),
]  # fmt: skip
# Final stage and how often it is reached; the stages before it are passed on the way.
OUTCOMES = [
    ("new", 30), ("contacted", 22), ("qualified", 14), ("proposal", 8), ("negotiation", 5),
    ("won", 9), ("lost", 8), ("invalid", 4),
]  # fmt: skip
PATH = ["new", "contacted", "qualified", "proposal", "negotiation", "won"]
LIFECYCLE_AT = {"contacted": "mql", "qualified": "sql"}
MOBILE_PREFIXES = ["133", "135", "136", "138", "139", "150", "158", "186", "187", "189"]
FREE_MAIL = ["qq.com", "163.com", "126.com"]
FOLLOWUP_NOTES = {
    "phone": "电话沟通，客户确认了需求范围，约定下周发送方案。",
    "wechat": "已加微信，发送了产品介绍和案例资料。",
    "email": "邮件发送报价单，等待客户内部评审。",
    "visit": "上门拜访，与信息化负责人交流了现有系统的痛点。",
    "meeting": "线上会议演示了线索评分和看板功能，客户反馈积极。",
}
EVENTS = [
    ("page_view", {"page": "pricing"}),
    ("page_view", {"page": "solution"}),
    ("download", {"asset": "whitepaper"}),
    ("download", {"asset": "case_study"}),
    ("webinar_attended", {}),
    ("demo_video_completed", {}),
    ("email_clicked", {}),
]


@dataclass
class SampleReport:
    """What was installed, for the CLI to print."""

    users: int = 0
    password: str | None = None
    records: dict | None = None

    def lines(self) -> list[str]:
        if not self.records:
            return ["sample records: none added (the app already has leads)"]
        counts = ", ".join(f"{n} {form}" for form, n in (self.records or {}).items())
        out = [f"sample records: {counts}"]
        if self.password:
            out.append(
                f"sample users: {self.users} (sales reps, a manager and a marketer) "
                f"@{DOMAIN}, e.g. wang.fang@{DOMAIN}, all with password {self.password}"
            )
        return out


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _at(days_ago: float) -> dt.datetime:
    return clock.now() - dt.timedelta(days=days_ago)


class _Writer:
    """Creates and updates records of one app as users would, at chosen instants."""

    def __init__(self, conn, app, timezone: str):
        self.conn, self.app = conn, app
        self.ctx = widget_context(conn, app, locale="zh_CN", timezone=timezone)

    def create(self, form_key: str, raw: dict, *, at: dt.datetime, actor: int | None) -> int:
        form = self.app.form(form_key)
        with clock.frozen_at(at):
            values = clean_values(form, raw, self.ctx)
            return RecordStore(self.conn, form, actor_id=actor).create(values)

    def update(self, form_key: str, record_id: int, raw: dict, *, at, actor) -> None:
        form = self.app.form(form_key)
        store = RecordStore(self.conn, form, actor_id=actor)
        with clock.frozen_at(at):
            current = store.get(record_id)
            values = clean_values(form, raw, self.ctx, existing=current.values, partial=True)
            store.update(record_id, values)

    def event(self, record_id: int, kind: str, props: dict, *, at) -> None:
        with clock.frozen_at(at):
            record_event(self.conn, self.app.form("lead"), record_id, type=kind, props=props)


def _users(conn, report: SampleReport) -> dict[str, int]:
    for key, name in TEAMS.items():
        if conn.execute(sa.select(teams.c.id).where(teams.c.key == key)).first() is None:
            conn.execute(teams.insert().values(key=key, name=name))
    ids = {}
    password = secrets.token_urlsafe(9)
    for handle, name, role, team, regions in PEOPLE:
        email = f"{handle}@{DOMAIN}"
        user = find_user(conn, email)
        if user is None:
            user = create_user(
                conn,
                email=email,
                password=password,
                role=role,
                name=name,
                team=team,
                regions=regions,
            )
            report.users += 1
            report.password = password
        ids[handle] = user.id
    return ids


def _person(rng: random.Random):
    (surname, s_py), (given, g_py) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return surname + given, f"{s_py}.{g_py}"


def _lead(rng: random.Random, campaign_ids: list[int]) -> dict:
    name, handle = _person(rng)
    industry = _weighted(
        rng,
        [
            ("manufacturing", 30),
            ("finance", 15),
            ("education", 12),
            ("internet", 18),
            ("retail", 15),
            ("other", 10),
        ],
    )
    brand, brand_py = rng.choice(BRANDS)
    province, city = rng.choice(PLACES)
    company = f"{city}{brand}{SUFFIX[industry]}"
    domain = rng.choice(FREE_MAIL) if rng.random() < 0.3 else f"{brand_py}-{industry[:4]}.com.cn"
    source = _weighted(rng, SOURCES)
    raw = {
        "name": name,
        "phone": f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}",
        "email": f"{handle}{rng.randrange(100)}@{domain}",
        "company": company,
        "title": _weighted(rng, TITLES),
        "company_size": rng.choice([20, 50, 80, 150, 300, 600, 1200, 3000, 8000]),
        "industry": industry,
        "province": province,
        "city": city,
        "source": source,
        "est_amount": rng.choice([30_000, 80_000, 120_000, 200_000, 350_000, 600_000, 1_200_000]),
    }
    if source in CAMPAIGN_OF_SOURCE:
        raw["campaign"] = campaign_ids[CAMPAIGN_OF_SOURCE[source]]
    return raw


def _owner_for(rng: random.Random, raw: dict, reps: dict[str, int], people) -> int:
    for handle, _name, role, _team, regions in people:
        if role == "sales" and raw["city"] in regions:
            return reps[handle]
    return reps[rng.choice([p[0] for p in people if p[2] == "sales"])]


def install_sample_records(
    conn: sa.Connection, *, app_key: str = "leads", timezone: str = "Asia/Shanghai", seed=2026
) -> SampleReport:
    """Add sample users and records to the published demo app; does nothing if it has leads.

    Example::

        install_sample_records(conn).lines()
        # ['sample records: 6 campaign, 120 lead, …', 'sample users: 7 …']
    """
    app = AppCatalog().get(conn, app_key)
    report = SampleReport()
    if app is None or app.form("lead") is None:
        return report
    lead_table = app.form("lead").table
    if conn.execute(sa.select(sa.func.count()).select_from(lead_table)).scalar_one():
        return report
    rng = random.Random(seed)
    write = _Writer(conn, app, timezone)
    ids = _users(conn, report)
    marketer = ids["sun.li"]
    counts = dict.fromkeys(("campaign", "lead", "followup", "customer"), 0)

    campaign_ids = []
    for name, channel, region, cost, started, length in CAMPAIGNS:
        start = _at(started)
        raw = {
            "name": name,
            "channel": channel,
            "region": region,
            "cost": cost,
            "start_date": start.date().isoformat(),
            "end_date": (start + dt.timedelta(days=length)).date().isoformat(),
        }
        campaign_ids.append(write.create("campaign", raw, at=_at(started + 10), actor=marketer))
        counts["campaign"] += 1

    for _ in range(120):
        raw = _lead(rng, campaign_ids)
        outcome = _weighted(rng, OUTCOMES)
        created = rng.uniform(1, 110)
        lead_id = write.create(
            "lead",
            {**raw, "stage": "new", "lifecycle": "nurturing"},
            at=_at(created),
            actor=marketer,
        )
        counts["lead"] += 1
        for kind, props in rng.sample(EVENTS, k=rng.choice([0, 1, 1, 2, 3, 4])):
            write.event(lead_id, kind, props, at=_at(created - rng.uniform(0, min(created, 5))))
        if outcome == "new":
            continue
        owner = _owner_for(rng, raw, ids, PEOPLE)
        elapsed = created
        steps = PATH[1 : PATH.index(outcome) + 1] if outcome in PATH else ["contacted", outcome]
        for i, stage in enumerate(steps):
            elapsed = max(0.2, elapsed - rng.uniform(0.3, min(6, elapsed / (len(steps) + 1))))
            change = {"stage": stage}
            if i == 0:
                change["owner"] = owner
            if stage in LIFECYCLE_AT:
                change["lifecycle"] = LIFECYCLE_AT[stage]
            if stage == "lost":
                change["lost_reason"] = _weighted(
                    rng,
                    [("price", 4), ("feature", 2), ("timing", 3), ("competitor", 3), ("other", 1)],
                )
            write.update("lead", lead_id, change, at=_at(elapsed), actor=owner)
            if stage in ("contacted", "qualified", "proposal") and rng.random() < 0.8:
                method = rng.choice(list(FOLLOWUP_NOTES))
                note = {
                    "lead": lead_id,
                    "method": method,
                    "content": FOLLOWUP_NOTES[method],
                    "next_at": (
                        _at(elapsed) + dt.timedelta(days=rng.choice([1, 3, 7]))
                    ).isoformat(),
                }
                write.create("followup", note, at=_at(elapsed), actor=owner)
                counts["followup"] += 1
        if outcome == "won":
            customer = {
                "name": raw["company"],
                "industry": raw["industry"],
                "company_size": raw["company_size"],
                "province": raw["province"],
                "city": raw["city"],
                "owner": owner,
                "lead": lead_id,
                "won_amount": int(raw["est_amount"] * rng.choice([0.8, 0.9, 1.0, 1.1])),
            }
            write.create("customer", customer, at=_at(elapsed), actor=owner)
            counts["customer"] += 1
    # The records were scored at their own instants: bring time-dependent points (no
    # interaction for 30 days) up to now, as `tessera tick` would have done meanwhile.
    run_score_decay(conn, clock.now())
    report.records = counts
    return report
