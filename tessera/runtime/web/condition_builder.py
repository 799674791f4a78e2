"""The web side of the visual condition builder (docs/conditions.md): its catalog with the
database's pickers (users, teams, linked records the user may see), the template helpers of
``templates/conditions/builder.html``, reading a posted condition, and putting a checker's
error in the builder's words.

A page that embeds the builder::

    catalog = builder_catalog(app, "lead")                   # in the view
    tree = condition_tree(rule["when"], catalog)
    condition = read_posted_condition(request.form["cond-x"], locale=current_locale())
    problem = condition_problem(condition, FormSchema.of_deployed(form), "")   # the one checker
    message = error_text(condition_tree(condition, catalog), problem.path,
                         problem.text(locale), catalog)   # «条件 2 › 字段 公司规模: …»
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from flask_login import current_user

from tessera.conditions.compiler import MAX_DEPTH
from tessera.runtime.auth.scope import scope_for
from tessera.runtime.auth.users import list_users
from tessera.runtime.forms.condition_builder import (
    LINK_SEPARATOR,
    BuilderCatalog,
    Pickers,
    describe_form,
)
from tessera.runtime.forms.condition_tree import condition_of, place_of
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import teams
from tessera.runtime.web.db import db
from tessera.runtime.web.i18n import current_locale
from tessera.runtime.web.json_input import UnsafeJSON, loads
from tessera.widgets.base import tr

MAX_CONDITION_BYTES = 64 * 1024  # far past any condition a person builds
RECORD_CHOICES = 100  # newest linked records a link comparison picks from


class PostedConditionError(ValueError):
    """A posted condition that cannot even be read (not JSON, too large, too deep)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_posted_condition(text: str | None, *, locale: str):
    """The condition a builder's hidden input posted (None for none). Raises
    :class:`PostedConditionError` with a message in ``locale`` for text that is not a
    condition document at all; everything else is for the one checker.

    Example::

        read_posted_condition('{"field": "company_size", "op": "gt", "value": 500}', locale="en")
    """
    text = (text or "").strip()
    if not text:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_CONDITION_BYTES:
        raise PostedConditionError(
            tr(
                locale,
                f"条件太大（{size // 1024} KB），最多 {MAX_CONDITION_BYTES // 1024} KB。",
                f"The condition is too large ({size // 1024} KB); at most "
                f"{MAX_CONDITION_BYTES // 1024} KB.",
            )
        )
    try:
        return loads(text)
    except UnsafeJSON as exc:
        if exc.reason.startswith("nested"):
            raise PostedConditionError(
                tr(
                    locale,
                    f"条件嵌套过深：最多 {MAX_DEPTH} 层。",
                    f"The condition is nested too deep: at most {MAX_DEPTH} levels.",
                )
            ) from None
        raise PostedConditionError(
            tr(locale, f"条件中有无法保存的内容：{exc.reason}", f"The condition {exc.reason}.")
        ) from None
    except ValueError:
        raise PostedConditionError(
            tr(
                locale,
                "无法读取条件（不是有效的 JSON）。",
                "The condition cannot be read (not JSON).",
            )
        ) from None


def error_text(tree: dict, path: str, message: str, catalog: BuilderCatalog) -> str:
    """A checker's ``message`` about ``path`` of the condition ``tree`` was loaded from, led
    by its place and with field keys replaced by labels: «条件 2 › 字段 公司规模: …».

    Example::

        error_text(tree, "/all/1/value", "«x» is not a valid value for «company_size»", catalog)
        # "Condition 2 › field Company size: «x» is not a valid value for «Company size»"
    """
    for f in catalog.fields:
        keys = {f.key, f.key.split(LINK_SEPARATOR)[-1]} if LINK_SEPARATOR in f.key else {f.key}
        for key in keys:
            if f"«{key}»" in message or f"「{key}」" in message:
                label = f.label.split(" › ")[-1]
                message = message.replace(f"«{key}»", f"«{label}»")
                message = message.replace(f"「{key}」", f"「{label}」")
    message = re.sub(r"^/[^\s:]*: ", "", message)
    return f"{place_of(tree, path, catalog)}: {message}"


def builder_catalog(app, form_key: str, *, include_computed: bool = False) -> BuilderCatalog:
    """What the builder offers for a deployed form, with pickers from the database as the
    signed-in user may see them, in the request's language."""
    form = app.form(form_key)
    conn = db()
    users = tuple((u.id, u.display_name) for u in list_users(conn))
    team_rows = conn.execute(sa.select(teams.c.key, teams.c.name).order_by(teams.c.name)).all()
    records = {}
    for spec in form.spec.fields:
        target = (spec.config or {}).get("form") if spec.widget.refers_to == "record" else None
        linked = app.form(target) if target else None
        if linked is None:
            continue
        store = RecordStore(conn, linked, scope=scope_for(current_user, linked))
        title = linked.spec.title_field
        records[spec.key] = tuple(
            (i, f"#{i} {label}" if label not in (None, "") else f"#{i}")
            for i, label in store.choices(title, limit=RECORD_CHOICES)
        )
    pickers = Pickers(users, tuple((k, n) for k, n in team_rows), records)
    return describe_form(
        app.spec,
        form_key,
        locale=current_locale(),
        pickers=pickers,
        include_computed=include_computed,
    )


def condition_json(tree: dict) -> str:
    """The hidden input's value for ``tree``: the condition it saves as, in JSON."""
    return json.dumps(condition_of(tree), ensure_ascii=False)


def install(app) -> None:
    """Give templates the builder's helpers (``condition_json``)."""
    app.add_template_global(condition_json)
