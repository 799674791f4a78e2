"""Hostile input at every endpoint finds no 5xx (issue 9, «Done when»), on SQLite and
PostgreSQL.

Endpoints are listed from ``app.url_map``, so a new one is fuzzed without editing this file:
every JSON endpoint (``/api/v1/*`` with a valid token, the public form's JSON post,
``/t/page-view``) gets generated JSON bodies, every other POST a generated form (with a
valid CSRF token, signed in as the admin) and every GET generated query strings. Path
parameters are real ids and slugs or hostile ones (huge, NUL). Flask's test client raises
what a view raised, so a 500 fails the example with its traceback.

``TESSERA_FUZZ_SCALE=10`` runs ten times the examples (a longer hunt than CI's).
"""

from __future__ import annotations

import io
import os
import re
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tessera.runtime.capture.tracking import Visitor, visitor_token
from tessera.runtime.web.designer.edits import FIELD_EDITS
from tests.support import hostile
from tests.support.demo import ADMIN_EMAIL, PASSWORD, bearer, demo_app

SCALE = float(os.environ.get("TESSERA_FUZZ_SCALE", "1"))  # e.g. 10 for a long local hunt
# Per endpoint; JSON endpoints are fewer and the core of it, forms many: ~40 s per database.
EXAMPLES = {"json": int(40 * SCALE), "form": int(15 * SCALE), "read": int(6 * SCALE)}
APP_EDITS = ["settings", "add_form", "rename_form", "remove_form", "move_form", "reorder_forms"]
SKIPPED = {"static", "auth.logout"}
DESTRUCTIVE = (
    "delete",
    "publish",
    "restore",
    "active",
    "/edit/",
)  # files on disk; signing out would end the form fuzzing
PAGES_WITH_FORMS = [
    "/login",
    "/a/leads/lead/new",
    "/a/leads/lead/{record}/edit",
    "/design/",
    "/design/leads",
    "/design/leads/form/lead?field=name",
    "/design/leads/form/lead?field=industry",
    "/rules/leads/lead",
    "/a/leads/capture/links",
    "/a/leads/capture/import",
    "/a/leads/capture/import/{job}",
]
EXTRA_NAMES = {"direction", "option", "order", "action", "cond_action", "cond_mode", "lead"}
EXTRA_NAMES |= {"cond_rows", "cond_field_0", "cond_op_0", "cond_value_0", "cond_prev_0"}
EXTRA_NAMES |= {"next", "lang", "remember", "active", "take_name", "template", "map_0"}
FILENAMES = ["名单.csv", "x\x00.csv", "a.xlsx", "\x00", "a" * 300 + ".csv", "../../etc/x.csv"]
QUERY_NAMES = ["q", "page", "per_page", "sort", "filter", "field", "device", "lang", "tl"]
QUERY_NAMES += ["embed", "next", "utm_source", "utm_campaign", "assignee", "status", "filters"]
SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES["json"],
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def target(settings, migrated_db_url):
    app = demo_app(settings)
    app.config.update(CAPTURE_MIN_FILL_S=0, CAPTURE_IP_LIMIT=10**6, CAPTURE_LINK_LIMIT=10**6)
    client = app.test_client()
    auth = {**bearer(app), "Accept-Language": "en"}
    lead = client.post(
        "/api/v1/apps/leads/forms/lead/records",
        json={"fields": {"name": "张三", "phone": "13800138000"}},
        headers=auth,
    ).get_json()["id"]
    slug = client.post(
        "/api/v1/apps/leads/links", json={"form": "lead", "source": "website"}, headers=auth
    ).get_json()["slug"]
    csrf = _sign_in(client)
    job = _import_job(client, csrf)
    ctx = SimpleNamespace(
        app=app, client=client, auth=auth, csrf=csrf, lead=lead, slug=slug, job=job
    )
    ctx.visitor = visitor_token(settings.secret_key, Visitor("leads", "lead", lead))
    ctx.names = _form_names(ctx)
    return ctx


def _sign_in(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    data = {"email": ADMIN_EMAIL, "password": PASSWORD, "csrf_token": csrf}
    assert client.post("/login", data=data).status_code == 303
    return csrf


def _import_job(client, csrf) -> int:
    data = {"csrf_token": csrf, "form": "lead", "file": (io.BytesIO(b"name\nA\n"), "a.csv")}
    answer = client.post("/a/leads/capture/import", data=data)
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def _form_names(ctx) -> set[str]:
    names = set(EXTRA_NAMES)
    for page in PAGES_WITH_FORMS:
        html = ctx.client.get(page.format(record=ctx.lead, job=ctx.job)).get_data(as_text=True)
        names |= set(re.findall(r'name="([^"]+)"', html))
    return names - {"csrf_token"}


def _rules(app, *, methods: set[str]):
    rules = [
        r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED and r.methods & methods
    ]
    # What closes, deletes or replaces the fixture's app, link and lead runs last, so the
    # other endpoints are fuzzed with them in place.
    return sorted(rules, key=lambda r: (any(w in r.rule for w in DESTRUCTIVE), r.rule))


def _path_values(ctx, rule, draw):
    real = {
        "app_key": "leads",
        "form_key": "lead",
        "record_id": ctx.lead,
        "slug": ctx.slug,
        "job_id": ctx.job,
        "number": 1,
        "pair_id": 1,
        "merge_id": 1,
    }
    edits = list(FIELD_EDITS) if rule.endpoint == "designer.edit_form" else APP_EDITS
    values = {}
    for name in rule.arguments:
        # Mostly the real value, so the request reaches the view's own checks.
        choices = [real.get(name, "x")] * 6 + ["a%00b", 2**31, 10**30, "²"]
        values[name] = draw(st.sampled_from([*edits, "nope"] if name == "edit" else choices))
    return values


def _url(rule, values) -> str:
    path = rule.rule
    for name, value in values.items():
        segment = "%00" if value == "a%00b" else hostile.path_part(value)
        path = re.sub(r"<(?:[^:<>]+:)?" + name + ">", segment, path)
    return path


def _template(ctx, endpoint: str):
    """A valid body for ``endpoint`` (None when there is none), to mutate."""
    if endpoint == "api.put_draft":
        return ctx.client.get("/api/v1/apps/leads/draft", headers=ctx.auth).get_json()
    fields = {"name": "李四", "phone": "13900139000", "email": "a@b.cn", "company_size": 10}
    fields |= {"tags": ["vip"], "province": "浙江", "est_amount": 100, "owner": 1}
    return {
        "api.create_record": {"fields": fields},
        "api.patch_record": {"fields": fields},
        "api.post_event": {
            "app": "leads",
            "form": "lead",
            "record_id": ctx.lead,
            "type": "page_view",
            "props": {"page": "pricing"},
            "occurred_at": "2026-01-01T00:00:00+08:00",
        },
        "api.create_public_link": {
            "form": "lead",
            "source": "website",
            "title": "t",
            "fields": ["name", "phone"],
            "locale": "en",
            "expires_at": "2030-01-01T00:00:00+08:00",
            "max_submissions": 10,
            "thank_you": "谢谢",
            "redirect_url": "https://acme.example/",
        },
        "api.publish_app": {"note": "n"},
        "public.submit_page": {"fields": {"name": "访客", "phone": "13700137000"}},
        "tracking.page_view": {"t": ctx.visitor, "page": "pricing", "url": "https://a.example/"},
    }.get(endpoint)


def _json_endpoint(rule) -> bool:
    return rule.rule.startswith(("/api/", "/t/")) or rule.endpoint == "public.submit_page"


def _no_server_error(answer, method, url, body) -> None:
    assert answer.status_code < 500, (method, url, repr(body)[:300], answer.status_code)


def _fuzz_json(ctx, rule, method) -> None:
    bodies = hostile.json_bodies(_template(ctx, rule.endpoint))  # fixed for the whole run

    @SETTINGS
    @given(data=st.data())
    def run(data):
        url = _url(rule, _path_values(ctx, rule, data.draw))
        body = data.draw(bodies)
        answer = ctx.client.open(
            url, method=method, data=body, content_type="application/json", headers=ctx.auth
        )
        _no_server_error(answer, method, url, body)

    run()


def _fuzz_form(ctx, rule) -> None:
    plausible = {"csrf_token": ctx.csrf, "key": "name", "form": "lead", "type": "text"}
    plausible |= {"source": "website", "lang": "en", "email": ADMIN_EMAIL, "action": "preview"}

    @hypothesis_settings(SETTINGS, max_examples=EXAMPLES["form"])
    @given(data=st.data())
    def run(data):
        url = _url(rule, _path_values(ctx, rule, data.draw))
        form = data.draw(hostile.form_data(ctx.names, plausible=plausible))
        if url.startswith(("/design/", "/rules/")):  # edits need the draft's revision
            draft = ctx.client.get("/api/v1/apps/leads/draft", headers=ctx.auth).get_json()
            form.setdefault("revision", str((draft or {}).get("revision", 0)))
        if rule.endpoint == "public.submit_page":
            page = ctx.client.get(f"/f/{ctx.slug}").get_data(as_text=True)
            token = re.search(r'name="_token" value="([^"]+)"', page)
            form["_token"] = token.group(1) if token else ""
        if rule.endpoint == "capture.import_upload":
            content = data.draw(hostile.form_values()).encode("utf-8", "replace")
            filename = data.draw(st.sampled_from(FILENAMES))
            form["file"] = (io.BytesIO(b"name,phone\n" + content + b",1\n"), filename)
        answer = ctx.client.post(url, data=form)
        _no_server_error(answer, "POST", url, form)

    run()


def _fuzz_query(ctx, rule) -> None:
    @hypothesis_settings(SETTINGS, max_examples=EXAMPLES["read"])
    @given(data=st.data())
    def run(data):
        url = _url(rule, _path_values(ctx, rule, data.draw))
        names = st.sampled_from(QUERY_NAMES)
        query = data.draw(st.dictionaries(names, hostile.form_values(), max_size=4))
        headers = ctx.auth if url.startswith("/api/") else {}
        answer = ctx.client.get(url, query_string=query, headers=headers)
        _no_server_error(answer, "GET", url, query)

    run()


def test_hostile_json_at_every_json_endpoint(target):
    for rule in _rules(target.app, methods={"POST", "PUT", "PATCH", "DELETE"}):
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            if _json_endpoint(rule):
                _fuzz_json(target, rule, method)


def test_hostile_forms_at_every_form_post(target):
    for rule in _rules(target.app, methods={"POST"}):
        if not rule.rule.startswith(("/api/", "/t/")):
            _fuzz_form(target, rule)


def test_hostile_query_strings_at_every_page(target):
    for rule in _rules(target.app, methods={"GET"}):
        _fuzz_query(target, rule)
