"""How a widget's stored values compare when the platform looks a person up by them: dedup
of submissions and imports, its indexes, and the ``match`` of behaviour events.

A widget offers one as its ``exact_match`` capability (phone, email); text that has none is
compared fuzzily by dedup. Keeping the Python key and the SQL expressions side by side means
the index a publish creates is the one the lookups use.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

# Mailboxes of a function, not a person (compared without dots, dashes and digits).
ROLE_MAILBOXES = frozenset(
    """sales info admin contact contactus service services support help hr jobs career careers
    marketing market office hello team enquiries enquiry inquiry inquiries noreply donotreply
    webmaster postmaster mail email biz business bd cs kefu shichang xiaoshou fuwu public
    reception frontdesk general account accounts billing finance purchase purchasing order
    orders media pr press partner partners""".split()
)


class ExactMatch:
    """Exact matching of one kind of value.

    Example::

        match = widget_registry.get("email").exact_match
        match.key("Ann.Lee+news@Gmail.com")                      # "annlee@gmail.com"
        match.equals(table.c.email, "ann@example.com")           # lower(email) = :v
    """

    def key(self, value) -> str | None:
        """The canonical key of a stored or normalized ``value``; None when it cannot match."""
        return None if value in (None, "") else str(value).strip().lower()

    def indexed(self, column) -> sa.ColumnElement:
        """The SQL expression lookups compare, and so the one a dedup index is built on."""
        return sa.func.lower(column)

    def plain(self, value) -> str:
        """``value`` as :meth:`indexed` makes a stored one (no folding beyond it)."""
        return str(value).lower()

    def equals(self, column, value) -> sa.ColumnElement:
        """Rows whose ``column`` holds ``value``, as the index sees it (served by the index)."""
        return self.indexed(column) == self.plain(value)

    def narrow(self, column, wanted: str) -> sa.ColumnElement:
        """Rows that may have key ``wanted`` (the caller checks :meth:`key` on each)."""
        return self.indexed(column) == wanted

    def personal(self, key: str) -> bool:
        """Whether a shared ``key`` is evidence of the same person on its own. A company
        switchboard or a role mailbox (``sales@…``) is shared by colleagues: a match on it
        alone says «same company», not «same person»."""
        return True


class PhoneMatch(ExactMatch):
    """Phones are stored in E.164 already: the stored value is the key. Only a mobile
    number (or a line with its own extension) belongs to one person."""

    def key(self, value):
        return value or None

    def personal(self, key):
        import phonenumbers  # only a match asks, so the import of this module stays light

        number, _, extension = key.partition(";ext=")
        if extension:
            return True
        try:
            kind = phonenumbers.number_type(phonenumbers.parse(number, None))
        except phonenumbers.NumberParseException:
            return False
        return kind in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        )

    def indexed(self, column):
        return column

    def plain(self, value):
        return str(value)


class EmailMatch(ExactMatch):
    """Lower-case; for Gmail, dots and ``+tags`` in the local part do not count."""

    def key(self, value):
        if not value or "@" not in value:
            return None
        local, _, domain = value.strip().lower().rpartition("@")
        if domain in ("gmail.com", "googlemail.com"):
            local = local.split("+", 1)[0].replace(".", "")
            domain = "gmail.com"
        return f"{local}@{domain}"

    def personal(self, key):
        local = key.partition("@")[0]
        return re.sub(r"[._\-+\d]+", "", local) not in ROLE_MAILBOXES

    def narrow(self, column, wanted):
        if wanted.endswith("@gmail.com"):
            lowered = sa.func.lower(column)
            return lowered.like("%@gmail.com") | lowered.like("%@googlemail.com")
        return self.indexed(column) == wanted


def fuzzy_anchor(column) -> sa.ColumnElement:
    """Text matched fuzzily agrees exactly on its anchor, trimmed and lower-cased: the
    expression the anchor's lookups compare and its dedup index is built on."""
    return sa.func.lower(sa.func.trim(column))
