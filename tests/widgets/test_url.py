"""Links."""

import pytest

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

url = widget_registry.get("url")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.com", "https://example.com"),
        ("HTTP://example.com/a?b=1#c", "http://example.com/a?b=1#c"),
        ("example.com", "https://example.com"),
        ("www.example.com.cn/about", "https://www.example.com.cn/about"),
        ("localhost:8080/x", "https://localhost:8080/x"),
        ("//cdn.example.com/x.js", "https://cdn.example.com/x.js"),
        ("https://例子.中国/路径", "https://例子.中国/路径"),
    ],
)
def test_accepts_web_links_and_adds_https(raw, expected, ctx):
    assert url.normalize(raw, config={}, ctx=ctx) == expected


@pytest.mark.parametrize(
    "raw",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>", "file:///etc/passwd",
     "ftp://example.com", "vbscript:msgbox"],
)  # fmt: skip
def test_refuses_other_schemes(raw, ctx, en_ctx):
    assert refuse("url", raw, ctx=ctx) == "只支持 http 或 https 网址"
    assert refuse("url", raw, ctx=en_ctx) == "Only http and https links are allowed"


@pytest.mark.parametrize(
    "raw",
    ["https://", "http:// example.com", "java\tscript:alert(1)", "https://bank.com@evil.com",
     "https://exa mple.com", "https://example.com:port/", "https://<script>/"],
)  # fmt: skip
def test_refuses_malformed_links(raw, ctx):
    assert refuse("url", raw, ctx=ctx) == "请输入有效的网址，如 https://example.com"


def test_refuses_huge_links_and_wrong_types(ctx):
    assert refuse("url", "https://example.com/" + "a" * 2000, ctx=ctx).startswith(
        "请输入有效的网址"
    )
    assert refuse("url", ["https://example.com"], ctx=ctx) == "请输入文本"


def test_display_html_is_an_escaped_safe_link(ctx):
    html = url.display_html('https://example.com/?q="><script>', config={}, ctx=ctx)
    assert html.startswith('<a href="https://example.com/?q=&quot;&gt;&lt;script&gt;"')
    assert 'rel="noopener nofollow"' in html and "<script>" not in html
    assert url.display_html(None, config={}, ctx=ctx) == ""
