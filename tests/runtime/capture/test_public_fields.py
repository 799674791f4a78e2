"""What a public link shows strangers: the form's public fields, never internal ones."""

import dataclasses
import re
from types import SimpleNamespace

from tessera.builder import load_template, validate_app_document
from tessera.runtime.capture.links import default_public_fields

INPUT_NAMES = re.compile(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"')


def test_the_lead_page_shows_the_templates_public_fields_only(leads):
    html = leads.client.get(leads.link()["url"].split("127.0.0.1:5000")[-1]).get_data(as_text=True)
    shown = [
        name for name in INPUT_NAMES.findall(html) if not name.startswith(("_", "csrf", "website"))
    ]
    assert shown == [
        "name",
        "phone",
        "email",
        "company",
        "title",
        "company_size",
        "industry",
        "province",
        "city",
    ]
    for internal in ("grade", "tags", "est_amount", "owner", "stage"):
        assert f'name="{internal}"' not in html


def test_without_public_fields_the_scoring_outputs_stay_hidden(leads):
    form = leads.form("lead")
    keys = default_public_fields(form)
    assert keys == list(form.spec.public_fields)
    bare = SimpleNamespace(
        spec=dataclasses.replace(form.spec, public_fields=()),
        app=form.app,
        key=form.key,
        input_fields=form.input_fields,
    )
    default = default_public_fields(bare)
    assert "grade" not in default and "score" not in default and "owner" not in default
    assert "name" in default and "phone" in default


def test_public_fields_must_name_fields_of_the_form():
    doc = load_template("leads")
    doc["forms"][0]["public_fields"] = ["name", "favourite_colour"]
    errors = validate_app_document(doc)
    assert [e.path for e in errors] == ["/forms/0/public_fields/1"]
