"""Email addresses."""

import pytest

from tessera.widgets import widget_registry
from tests.widgets.support import refuse

email = widget_registry.get("email")


def test_domain_is_lower_cased_and_spaces_stripped(ctx):
    assert email.normalize("  Ann@Example.COM ", config={}, ctx=ctx) == "Ann@example.com"
    assert email.normalize("ann.lee+crm@mail.example.com.cn", config={}, ctx=ctx) == (
        "ann.lee+crm@mail.example.com.cn"
    )
    assert email.normalize("ann＠example.com", config={}, ctx=ctx) == "ann@example.com"


@pytest.mark.parametrize(
    "raw",
    [
        "not-an-email",
        "ann@",
        "@example.com",
        "ann@example",
        "ann @example.com",
        "ann..lee@example.com",
        "ann@exa_mple.com",
        "ann@-example.com",
        "<script>@example.com",
        "a" * 65 + "@example.com",
        "ann@" + "a" * 250 + ".com",
    ],
)
def test_invalid_addresses_are_refused(raw, ctx, en_ctx):
    assert refuse("email", raw, ctx=ctx) == "请输入有效的邮箱地址"
    assert refuse("email", raw, ctx=en_ctx) == "Enter a valid email address"


def test_wrong_types_are_refused(ctx):
    assert refuse("email", {"$ne": 1}, ctx=ctx) == "请输入文本"


def test_form_field_is_an_email_input(ctx):
    field = email.form_field(label="邮箱", config={}, required=False, ctx=ctx)
    assert field.kwargs["render_kw"]["type"] == "email"
