"""Generated leads and events for the scoring benchmark, and the same rules written by hand:
a Python function and a SQL ``CASE`` (the baselines the engine is measured against)."""

from __future__ import annotations

import datetime as dt
import random
import re

TITLES = [
    "销售总监",
    "采购经理",
    "CTO",
    "工程师",
    "Director of IT",
    "总经理",
    "Factory Manager",
    "市场专员",
    "VP Sales",
    "Product Manager",
    "财务副总",
    "助理",
    None,
]
INDUSTRIES = ["manufacturing", "finance", "education", "internet", "retail", "other", None]
DOMAINS = [
    "qq.com",
    "163.com",
    "gmail.com",
    "acme.cn",
    "example-machinery.com",
    "outlook.com",
    "corp.com.cn",
]
EVENTS = [
    ("page_view", {"page": "pricing"}),
    ("page_view", {"page": "blog"}),
    ("page_view", {"page": "solution"}),
    ("download", {"asset": "whitepaper"}),
    ("download", {"asset": "brochure"}),
    ("webinar_attended", {}),
    ("demo_video_completed", {}),
    ("email_clicked", {}),
    ("email_opened", {}),
]

DIRECTOR_WORDS = (
    "总监",
    "副总",
    "总裁",
    "总经理",
    "董事",
    "首席",
    "director",
    "vice president",
    "chief",
    "president",
)
ACRONYM = re.compile(r"(?i)(^|[^a-z])(vp|ceo|cto|cfo|coo|cio|cmo)([^a-z]|$)")
FREEMAIL = re.compile(
    r"@(qq|163|126|gmail|outlook|hotmail|foxmail|sina|sohu|yahoo|139|aliyun|yeah)\.(com|cn|net|com\.cn)$"
)
TARGET = frozenset({"manufacturing", "finance", "education"})


def generate(n: int, *, seed: int = 7, now: dt.datetime):
    """``(leads, events)``: ``n`` lead value dicts (with ``id``) and ``{id: [(type, props, at)]}``."""
    rnd = random.Random(seed)
    leads, events = [], {}
    for i in range(1, n + 1):
        leads.append(
            {
                "id": i,
                "title": rnd.choice(TITLES),
                "company_size": rnd.choice([None, 20.0, 150.0, 500.0, 501.0, 2000.0]),
                "industry": rnd.choice(INDUSTRIES),
                "email": None if rnd.random() < 0.1 else f"u{i}@{rnd.choice(DOMAINS)}",
                "created_at": now - dt.timedelta(days=rnd.randint(0, 60)),
            }
        )
        evs = []
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3, 5])):
            type_, props = rnd.choice(EVENTS)
            evs.append(
                (
                    type_,
                    props,
                    now - dt.timedelta(days=rnd.randint(0, 40), hours=rnd.randint(0, 23)),
                )
            )
        events[i] = evs
    return leads, events


def hand_score(lead: dict, events, now: dt.datetime) -> int:
    """The template's default scoring written by hand."""
    score = 0
    title = lead["title"]
    if title:
        low = title.lower()
        director = any(w in low for w in DIRECTOR_WORDS) or ACRONYM.search(title) is not None
        if director:
            score += 20
        elif "经理" in low or "manager" in low:
            score += 10
    size = lead["company_size"]
    if size is not None and size > 500:
        score += 15
    if lead["industry"] in TARGET:
        score += 10
    email = lead["email"]
    if email and FREEMAIL.search(email) is None:
        score += 5
    pricing = download = webinar = demo = click = False
    since = now - dt.timedelta(days=30)
    recent = False
    for event in events:
        type_, props, at = event.type, event.props, event.occurred_at
        if at > since:
            recent = True
        if type_ == "page_view" and props.get("page") in ("pricing", "solution"):
            pricing = True
        elif type_ == "download" and props.get("asset") in ("whitepaper", "case_study"):
            download = True
        elif type_ == "webinar_attended":
            webinar = True
        elif type_ == "demo_video_completed":
            demo = True
        elif type_ == "email_clicked":
            click = True
    score += 15 * pricing + 10 * download + 15 * webinar + 10 * demo + 5 * click
    if lead["created_at"] <= since and not recent:
        score -= 10
    return score


def hand_update_sql(table: str, *, dialect: str) -> str:
    """``UPDATE … SET score = CASE …`` by hand, the bulk baseline (binds :since, :app, :form)."""
    ev = (
        f"EXISTS (SELECT 1 FROM events e WHERE e.app_key = :app AND e.form_key = :form "
        f"AND e.record_id = {table}.id AND "
    )
    page = "e.props->>'page'" if dialect == "postgresql" else "json_extract(e.props, '$.page')"
    asset = "e.props->>'asset'" if dialect == "postgresql" else "json_extract(e.props, '$.asset')"
    title = f"lower({table}.title)"
    director = " OR ".join(f"{title} LIKE '%{w}%'" for w in DIRECTOR_WORDS)
    acronym = (
        f"{table}.title ~ '(?i)(^|[^a-z])(vp|ceo|cto|cfo|coo|cio|cmo)([^a-z]|$)'"
        if dialect == "postgresql"
        else f"{table}.title REGEXP '(?i)(^|[^a-z])(vp|ceo|cto|cfo|coo|cio|cmo)([^a-z]|$)'"
    )
    freemail = FREEMAIL.pattern.replace("'", "''")
    free = (
        f"{table}.email ~ '{freemail}'"
        if dialect == "postgresql"
        else f"{table}.email REGEXP '{freemail}'"
    )
    return f"""UPDATE {table} SET score =
      CASE WHEN {table}.title IS NOT NULL AND ({director} OR {acronym}) THEN 20
           WHEN {title} LIKE '%经理%' OR {title} LIKE '%manager%' THEN 10 ELSE 0 END
    + CASE WHEN {table}.company_size > 500 THEN 15 ELSE 0 END
    + CASE WHEN {table}.industry IN ('manufacturing', 'finance', 'education') THEN 10 ELSE 0 END
    + CASE WHEN {table}.email IS NOT NULL AND {table}.email <> '' AND NOT ({free}) THEN 5 ELSE 0 END
    + CASE WHEN {ev}e.type = 'page_view' AND {page} IN ('pricing', 'solution')) THEN 15 ELSE 0 END
    + CASE WHEN {ev}e.type = 'download' AND {asset} IN ('whitepaper', 'case_study')) THEN 10 ELSE 0 END
    + CASE WHEN {ev}e.type = 'webinar_attended') THEN 15 ELSE 0 END
    + CASE WHEN {ev}e.type = 'demo_video_completed') THEN 10 ELSE 0 END
    + CASE WHEN {ev}e.type = 'email_clicked') THEN 5 ELSE 0 END
    + CASE WHEN {table}.created_at <= :since AND NOT {ev}e.occurred_at > :since) THEN -10 ELSE 0 END"""
