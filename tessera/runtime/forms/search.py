"""Finding records by typed text: the quick search of record lists and the link-field picker.

Both are one condition of the condition language (any field ``contains`` the text), compiled
by the one SQL compiler, so a search means the same everywhere; the row scope is applied by
the store that runs it.
"""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators import operators_for
from tessera.runtime.condition_env import compile_sql
from tessera.runtime.store.records import RecordStore

MAX_QUERY = 100  # characters of typed text that count
PICKER_LIMIT = 20


def quick_search(form, q: str, ctx, fields=None) -> sa.ColumnElement | None:
    """A WHERE clause: any of ``fields`` (keys; default every field offering ``contains``)
    contains ``q``; None when there is nothing to search. Without ``fields`` (a list's
    search), a field with a closed set of values (options, regions) matches too when one of
    its labels, in either language, contains ``q``: «杭州» finds the leads in 杭州市.

    Example::

        quick_search(lead_form, "星辰", ctx)  # lower(name) LIKE '%星辰%' OR lower(company) …
    """
    labelled = []
    if fields is None:
        fields = [
            f.key for f in form.spec.fields if "contains" in operators_for(f.widget, f.config)
        ]
        labelled = [] if not q else _label_matches(form, q)
    if not q or not (fields or labelled):
        return None
    return compile_sql(
        {"any": [{"field": k, "op": "contains", "value": q} for k in fields] + labelled},
        form,
        ctx,
    )


def _label_matches(form, q: str) -> list[dict]:
    """``{"field", "op": "in"|"has_any", "value": [keys]}`` for each field with a closed set
    of values some of whose labels (zh-CN or English) contain ``q``."""
    needle = q.casefold()
    out = []
    for f in form.spec.fields:
        ops = operators_for(f.widget, f.config)
        op = "in" if "in" in ops else "has_any" if "has_any" in ops else None
        if op is None:
            continue
        values = {
            choice["value"]
            for locale in ("zh_CN", "en")
            for choice in f.widget.condition_choices(f.config, locale) or ()
            if needle in str(choice["label"]).casefold()
        }
        if values:
            out.append({"field": f.key, "op": op, "value": sorted(values)})
    return out


def pick_records(store: RecordStore, q: str, ctx, *, limit: int = PICKER_LIMIT) -> list[dict]:
    """What a link-field picker offers for typed text ``q``: the newest records of the
    store's form (within the store's scope) whose search fields contain it, or the newest
    ones when ``q`` is empty; each ``{"id", "title", "detail"}`` (``detail``: the other
    search fields, to tell two «张伟» apart).

    Example::

        pick_records(RecordStore(conn, lead_form, scope=scope), "星辰", ctx)
        # [{"id": 7, "title": "张伟", "detail": "杭州星辰智能制造有限公司 · 138 0013 8000"}, …]
    """
    form = store.form
    q = (q or "").strip()[:MAX_QUERY]
    fields = form.spec.search_fields
    where = quick_search(form, q, ctx, fields) if fields else None
    if q and where is None:
        return []  # nothing to search in: no record matches
    records = store.search(where, text=q or None, limit=limit)
    return [_offer(form, record, ctx) for record in records]


def _offer(form, record, ctx) -> dict:
    def shown(key):
        if not key or record.values.get(key) is None:
            return ""
        field = form.spec.field(key)
        return field.widget.display(record.values[key], config=field.config, ctx=ctx)

    title_key = form.spec.title_field
    details = [shown(k) for k in form.spec.search_fields if k != title_key]
    return {
        "id": record.id,
        "title": shown(title_key) or f"#{record.id}",
        "detail": " · ".join(d for d in details if d),
    }
