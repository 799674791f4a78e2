"""Physical names of per-form tables and of what is built beside them (indexes, side tables)."""

import hashlib

MAX_IDENTIFIER = 63  # PostgreSQL's limit


def table_name_for(app_key: str, form_key: str) -> str:
    """``r_<app>__<form>``, shortened with a hash suffix when over 63 characters.

    Example::

        table_name_for("leads", "lead")  # "r_leads__lead"
    """
    return identifier(f"r_{app_key}__{form_key}")


def identifier(name: str) -> str:
    """``name`` as a database identifier: itself when it fits in 63 characters, else cut and
    given a hash of the whole, so two long names never meet.

    Example::

        identifier("dd_r_leads__lead__phone")  # unchanged
        identifier("x" * 80)                   # "xxx…x_1c5f0e3a" (63 characters)
    """
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_IDENTIFIER - 9]}_{digest}"
