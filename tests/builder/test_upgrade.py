"""Documents of format version 1 (fixed role keys) load as version 2 with the same roles."""

import copy

from tessera.builder import compile_app, diff_apps, load_template, upgrade_app_document
from tessera.builder.validation import validate_app_document


def as_version_1(doc: dict) -> dict:
    """``doc`` as it was stored before roles had a name."""
    old = copy.deepcopy(doc)
    old["version"] = 1
    for form in old["forms"]:
        form.pop("roles", None)
    return old


def test_the_old_lead_template_upgrades_to_the_current_one():
    current = load_template("leads")
    old = as_version_1(current)
    assert validate_app_document(old) == []
    assert upgrade_app_document(old) == current
    assert old["version"] == 1 and "roles" not in old["forms"][0]  # the stored copy is untouched
    assert compile_app(old).form("lead").role("campaign") == "campaign"


def test_an_old_field_that_does_not_fit_its_role_plays_nothing(app):
    # A version-1 «owner» that is a text field never owned anything (the scope asked for a
    # user field), so it still does not.
    app["forms"][0]["sections"][0]["fields"].append(
        {"key": "owner", "type": "text", "label": {"zh-CN": "负责人", "en": "Owner"}}
    )
    spec = compile_app(app).form("contact")
    assert spec.role("owner") is None
    assert spec.role("email") == "email"  # the fixed key that does fit


def test_a_current_document_without_roles_has_none_whatever_its_fields_are_called():
    doc = load_template("leads")
    del doc["forms"][0]["roles"]
    lead = compile_app(doc).form("lead")
    assert lead.has_field("owner") and lead.role("owner") is None


def test_an_old_document_written_with_roles_keeps_them(app):
    app["forms"][0]["roles"] = {"email": "email"}
    app["forms"][0]["sections"][0]["fields"].append(
        {"key": "phone", "type": "phone", "label": {"zh-CN": "手机", "en": "Phone"}}
    )
    spec = compile_app(app).form("contact")
    assert spec.role("email") == "email" and spec.role("phone") is None


def test_a_diff_from_an_old_published_version_shows_no_format_change():
    current = load_template("leads")
    assert diff_apps(as_version_1(current), current).changes == ()


def test_what_is_not_an_old_app_document_is_left_for_validation_to_name():
    for doc in (None, [], {"version": 3, "forms": []}):
        assert upgrade_app_document(doc) is doc
    broken = upgrade_app_document({"version": 1, "forms": ["x", {"sections": "y"}]})
    assert broken == {"version": 2, "forms": ["x", {"sections": "y"}]}
