"""The column headers other CRMs export, in the words a Tessera form's labels use.

HubSpot (``First Name``, ``Phone Number``, ``State/Region``), Salesforce (report labels such
as ``Lead Source`` and API names such as ``LastName``, ``NumberOfEmployees``), 纷享销客
(``客户名称``, ``人员规模``, ``职务``) and 简道云 (``手机号``, ``省``, ``市``). A header is first
matched against the form's own keys and labels; only when that fails, each word listed for it
here is tried in turn, so a form that calls its field «客户名称» keeps its own meaning.

Some headers are *parts* of one field: a first and a last name, a mobile and a landline. They
may all map to the same field; the import then combines them (:mod:`.columns`).
"""

from __future__ import annotations

import re

# The words a form may call the field (label or key, either language) → the peers' headers.
_ALIASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("姓名", "name"): (
        "联系人", "联系人姓名", "客户姓名", "全名", "full name", "contact name", "lead name",
    ),
    ("手机", "phone", "电话"): (
        "手机号", "手机号码", "移动电话", "联系电话", "电话", "联系方式", "座机", "办公电话",
        "phone number", "mobile", "mobile phone", "mobilephone", "mobile phone number",
        "cell phone", "telephone", "work phone",
    ),
    ("邮箱", "email"): (
        "电子邮箱", "邮件", "电子邮件", "邮箱地址", "e-mail", "email address", "work email",
    ),
    ("公司名称", "company", "公司"): (
        "公司", "客户名称", "企业名称", "单位", "单位名称", "company name", "account name",
        "company / account", "account", "organization",
    ),
    ("职位", "title", "job title"): ("职务", "岗位", "title", "job title", "position"),
    ("公司规模", "company size"): (
        "人员规模", "员工人数", "企业规模", "公司人数", "number of employees",
        "numberofemployees", "employees", "company size",
    ),
    ("行业", "industry"): ("所属行业", "industry"),
    ("省份", "province"): (
        "省", "所在省份", "省/直辖市", "省份/直辖市", "state/region", "state", "state/province",
        "province", "region",
    ),
    ("城市", "city"): ("市", "所在城市", "城市", "city"),
    ("线索来源", "source", "来源"): (
        "来源", "来源渠道", "获客渠道", "lead source", "leadsource", "original source",
        "source",
    ),
    ("负责人", "owner"): (
        "所有者", "跟进人", "销售负责人", "归属人", "contact owner", "lead owner",
        "hubspot owner", "owner", "owner name",
    ),
    ("生命周期", "lifecycle stage"): ("lifecycle stage", "lifecyclestage", "生命周期阶段"),
    ("阶段", "stage"): ("线索状态", "跟进状态", "状态", "lead status", "status"),
    ("预计金额", "estimated amount"): ("预算", "预计成交金额", "amount"),
    ("线索", "lead"): ("关联线索", "线索名称", "线索姓名", "lead", "related lead"),
    ("跟进内容", "notes"): ("内容", "跟进记录", "备注", "notes", "note", "description"),
    ("跟进方式", "method"): ("跟进类型", "联系方式类型", "activity type", "type"),
    ("下次跟进时间", "next follow-up"): ("下次联系时间", "下次跟进", "next follow-up date"),
    ("活动名称", "campaign name"): ("市场活动名称", "活动", "campaign"),
    ("活动成本", "cost"): ("成本", "费用", "actual cost", "budgeted cost"),
    ("开始日期", "start date"): ("开始时间", "start date", "startdate"),
    ("结束日期", "end date"): ("结束时间", "end date", "enddate"),
    ("渠道", "channel"): ("渠道", "活动类型", "type"),
}  # fmt: skip

# Headers that are one part of a field another column fills too (combined, not replaced).
PART_HEADERS = (
    "first name", "firstname", "last name", "lastname", "given name", "family name",
    "surname", "名", "姓", "姓氏", "middle name",
)  # fmt: skip
PART_ALIASES: tuple[str, ...] = ("姓名", "name")
# Several phone columns fill one phone field: the first non-empty counts, a mobile first.
PHONE_PARTS = (
    "phone", "phone number", "mobile", "mobile phone", "mobile phone number", "mobilephone",
    "手机", "手机号", "手机号码", "电话", "座机", "联系电话", "办公电话", "移动电话",
)  # fmt: skip


def normalize_header(text) -> str:
    """A header as headers are compared: lower-case, no spaces, underscores, dashes,
    brackets, colons or stars."""
    return re.sub(r"[\s_\-()（）:：*]+", "", str(text or "")).lower()


def _inverted() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for words, headers in _ALIASES.items():
        for header in headers:
            out.setdefault(normalize_header(header), []).extend(words)
    for header in PART_HEADERS:
        out.setdefault(normalize_header(header), []).extend(PART_ALIASES)
    return out


_BY_HEADER = _inverted()
_PARTS = frozenset(normalize_header(h) for h in PART_HEADERS + PHONE_PARTS)


def words_for(header: str) -> list[str]:
    """What a form may call the field a peer's ``header`` holds, best first."""
    return _BY_HEADER.get(normalize_header(header), [])


def is_part(header: str) -> bool:
    """Whether ``header`` is one part of a field (a first or a last name, one of several
    phone columns)."""
    return normalize_header(header) in _PARTS
