"""Physical names of per-form tables and their system columns."""

import hashlib

MAX_IDENTIFIER = 63  # PostgreSQL's limit


def table_name_for(app_key: str, form_key: str) -> str:
    """``r_<app>__<form>``, shortened with a hash suffix when over 63 characters.

    Example::

        table_name_for("leads", "lead")  # "r_leads__lead"
    """
    name = f"r_{app_key}__{form_key}"
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_IDENTIFIER - 9]}_{digest}"
