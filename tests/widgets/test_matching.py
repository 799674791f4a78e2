"""Exact matching of phones and emails (dedup, its indexes, the match of behaviour events)."""

import pytest
import sqlalchemy as sa

from tessera.widgets import widget_registry
from tessera.widgets.matching import EmailMatch, PhoneMatch

TABLE = sa.Table("t", sa.MetaData(), sa.Column("v", sa.String))


def sql(clause) -> str:
    return str(clause.compile(compile_kwargs={"literal_binds": True}))


def test_emails_match_whatever_their_case_and_gmail_dots_and_tags():
    match = EmailMatch()
    assert match.key("Ann.Lee+news@GoogleMail.com") == match.key("annlee@gmail.com")
    assert match.key("Ann@Example.com") == "ann@example.com" != match.key("an.n@example.com")
    assert match.key("") is None and match.key("no-at-sign") is None
    assert sql(match.equals(TABLE.c.v, "Ann@Example.com")) == "lower(t.v) = 'ann@example.com'"


def test_phones_match_on_their_stored_e164_value():
    match = PhoneMatch()
    assert match.key("+8613800138000") == "+8613800138000" and match.key(None) is None
    assert sql(match.equals(TABLE.c.v, "+8613800138000")) == "t.v = '+8613800138000'"
    assert sql(match.indexed(TABLE.c.v)) == "t.v"


@pytest.mark.parametrize("widget", widget_registry.all(), ids=lambda w: w.type)
def test_a_widget_that_reaches_a_person_matches_exactly(widget):
    assert widget.address in (None, "email", "phone")
    if widget.address is not None:
        assert widget.exact_match is not None


def test_a_switchboard_or_role_mailbox_is_not_one_persons_key():
    phone, email = PhoneMatch(), EmailMatch()
    assert phone.personal("+8613800138000")  # a mobile
    assert not phone.personal("+862168888888")  # 021-6888 8888, a company switchboard
    assert phone.personal("+862168888888;ext=8001")  # a desk with its own extension
    assert email.personal("wang.fang@huadong.cn") and email.personal("annlee@gmail.com")
    for role in ("sales@huadong.cn", "info@acme.com", "sales-01@acme.com", "hr@acme.com"):
        assert not email.personal(role), role
