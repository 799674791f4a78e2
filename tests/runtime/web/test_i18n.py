"""zh-CN first, English too: the catalogue is complete, pages and widget messages follow the
chosen language.

The catalogue lives in ``tessera/translations/zh_Hans_CN``: Flask-Babel parses the selected
locale ``zh_CN`` into Babel's ``zh_Hans_CN`` and looks for that directory (then ``zh``), never
``zh_CN`` — so a catalogue under ``zh_CN/`` would be silently ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tessera.runtime.database import make_engine
from tessera.runtime.setup import initialize
from tessera.runtime.web.app import create_app
from tessera.widgets import FieldError, WidgetContext, widget_registry

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "tessera" / "translations"
PO = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
CJK = re.compile(r"[\u4e00-\u9fff]")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ADMIN = {"admin_email": "admin@example.com", "admin_password": "secret-pass"}
# Shapes an attacker or a careless integration sends: an operator object, SQL, markup with
# control characters, a huge number, NaN.
HOSTILE = (
    {"$gt": 1},
    "'; DROP TABLE users; --",
    "\x00\x07<script>alert(1)</script>",
    10**30,
    float("nan"),
)


def _catalog():
    with PO.open("rb") as f:
        return read_po(f)


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


# --- the catalogue ------------------------------------------------------------------------------


def test_every_msgid_has_a_translation_with_the_same_placeholders():
    messages = [m for m in _catalog() if m.id]
    assert messages
    for message in messages:
        assert "fuzzy" not in message.flags, message.id
        wanted = sorted(PLACEHOLDER.findall(_ids(message)[0]))
        for string in _strings(message):
            assert string.strip(), f"untranslated: {message.id!r}"
            assert sorted(PLACEHOLDER.findall(string)) == wanted, message.id


def test_every_marked_string_in_the_code_is_in_the_catalogue():
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None}
    found = {
        msg if isinstance(msg, str) else msg[0]
        for _file, _line, msg, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords
        )
    }
    known = {_ids(m)[0] for m in _catalog() if m.id}
    missing = sorted(found - known)
    assert not missing, f"run the catalogue update of docs/architecture.md; missing: {missing}"


def test_the_compiled_catalogue_matches_the_po():
    def plain(value):  # plural ids and strings come back as lists from .mo, tuples from .po
        return tuple(value) if isinstance(value, (list, tuple)) else value

    with MO.open("rb") as f:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(f) if m.id}
    translated = {plain(m.id): plain(m.string) for m in _catalog() if m.id}
    assert compiled == translated, "run `make translations` (pybabel compile) and commit the .mo"


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def client(settings):
    engine = make_engine(settings.database_url)
    initialize(engine, demo=True, **ADMIN)
    engine.dispose()
    app = create_app(settings)
    yield app.test_client()
    app.extensions["tessera.engine"].dispose()


def _token(client, url: str) -> str:
    return CSRF.search(client.get(url).get_data(as_text=True)).group(1)


def _sign_in(client) -> None:
    response = client.post(
        "/login",
        data={
            "csrf_token": _token(client, "/login"),
            "email": ADMIN["admin_email"],
            "password": ADMIN["admin_password"],
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)


def _switch(client, lang: str, next_url: str) -> None:
    response = client.post(
        "/lang", data={"csrf_token": _token(client, next_url), "lang": lang, "next": next_url}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(next_url)


def test_the_login_page_is_chinese_by_default_and_english_when_the_browser_asks(client):
    chinese = client.get("/login").get_data(as_text=True)
    assert "登录" in chinese and 'lang="zh-CN"' in chinese
    assert "Sign in" not in chinese
    english = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sign in" in english and 'lang="en"' in english
    assert "登录" not in english


def test_switching_the_language_changes_the_workspace_and_back(client):
    _sign_in(client)
    page = client.get("/a/leads").get_data(as_text=True)
    assert "退出登录" in page and "线索" in page and "市场活动" in page

    _switch(client, "en", "/a/leads")
    page = client.get("/a/leads").get_data(as_text=True)
    assert 'lang="en"' in page and "Sign out" in page
    for name in ("Lead management", "Lead", "Campaign", "Follow-up", "Customer"):
        assert f">{name}<" in page
    assert "退出登录" not in page
    listing = client.get("/a/leads/lead").get_data(as_text=True)
    assert "No records yet." in listing and "+ New" in listing and ">Search<" in listing

    _switch(client, "zh_CN", "/a/leads")
    page = client.get("/a/leads").get_data(as_text=True)
    assert 'lang="zh-CN"' in page and "退出登录" in page and ">线索<" in page
    assert "Sign out" not in page


def test_field_errors_on_a_form_follow_the_language(client):
    _sign_in(client)
    url = "/a/leads/lead/new"
    bad = {"name": "张三", "email": "not-an-email"}
    response = client.post(url, data={"csrf_token": _token(client, url), **bad})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请输入有效的邮箱地址" in page and "请修正下方标出的字段。" in page

    _switch(client, "en", url)
    page = client.post(url, data={"csrf_token": _token(client, url), **bad}).get_data(as_text=True)
    assert "Enter a valid email address" in page
    assert "Please correct the fields marked below." in page


# --- widget messages ----------------------------------------------------------------------------


def _message(widget, raw, locale: str, config: dict | None = None) -> str | None:
    """The FieldError message ``raw`` earns in ``locale`` (normalize, then validate), if any."""
    ctx = WidgetContext(locale=locale)
    config = widget.default_config() if config is None else config
    try:
        value = widget.normalize(raw, config=config, ctx=ctx)
        if not widget.is_empty(value):
            widget.validate(value, config=config, ctx=ctx)
    except FieldError as exc:
        return exc.message
    return None


def _assert_bilingual(zh: str | None, en: str | None, raw) -> None:
    assert (zh is None) == (en is None), (raw, zh, en)
    if zh is not None:
        assert zh != en, (raw, zh)
        assert CJK.search(zh), (raw, zh)
        assert not CJK.search(en.replace(str(raw), "")), (raw, en)


# Widgets that re-derive their value on every save (formula) discard user input by contract:
# they are checked through a hostile configuration instead.
INPUT_WIDGETS = [w for w in widget_registry.all() if not w.recomputes]
RECOMPUTED_WIDGETS = [w for w in widget_registry.all() if w.recomputes]


@pytest.mark.parametrize("widget", INPUT_WIDGETS, ids=lambda w: w.type)
def test_widget_messages_come_in_both_languages(widget):
    produced = 0
    for raw in HOSTILE:
        zh, en = _message(widget, raw, "zh_CN"), _message(widget, raw, "en")
        _assert_bilingual(zh, en, raw)
        produced += zh is not None
    assert produced, f"{widget.type} accepted every hostile value"


@pytest.mark.parametrize("widget", RECOMPUTED_WIDGETS, ids=lambda w: w.type)
def test_recomputed_widgets_explain_a_bad_expression_in_both_languages(widget):
    config = {**widget.default_config(), "expression": "().__class__"}
    zh = _message(widget, None, "zh_CN", config)
    en = _message(widget, None, "en", config)
    assert zh is not None
    _assert_bilingual(zh, en, "().__class__")
