"""The page's condition evaluator (static/js/forms.js) against the operator registry: the
operators the page evaluates are exactly those the registry says it does, and an operator
the page does not know keeps its field visible (the server decides) and says so."""

from __future__ import annotations

import json
from pathlib import Path

import tessera
from tessera.conditions.operators import operator_registry

FORMS_JS = Path(tessera.__file__).parent / "static" / "js" / "forms.js"


def load_forms_js(page, body: str = "") -> None:
    """A blank page holding ``body`` with forms.js loaded (it wires forms on load)."""
    page.set_content(f"<!doctype html><html><body>{body}</body></html>")
    page.add_script_tag(path=str(FORMS_JS))


def test_the_page_evaluates_exactly_the_operators_the_registry_says(page):
    load_forms_js(page)
    in_page = set(page.evaluate("window.TesseraConditions.operators"))
    claimed = {op.type for op in operator_registry if op.browser}
    assert in_page - claimed == set(), "forms.js evaluates operators the registry does not claim"
    assert claimed - in_page == set(), "operators claim the page evaluates them; forms.js lacks"


def test_an_operator_the_page_does_not_know_keeps_the_field_visible_and_says_so(page):
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    hidden_if_guessed = json.dumps({"not": {"field": "name", "op": "telepathy", "value": 1}})
    shown_when_false = json.dumps({"field": "name", "op": "eq", "value": "x"})
    load_forms_js(
        page,
        '<form class="record-form"><input name="name" value="y">'
        f"<div id='guess' data-visible-if='{hidden_if_guessed}'>?</div>"
        f"<div id='known' data-visible-if='{shown_when_false}'>!</div></form>",
    )
    assert page.evaluate("document.getElementById('guess').hidden") is False
    assert page.evaluate("document.getElementById('known').hidden") is True
    assert any("telepathy" in w and "server decides" in w for w in warnings)
    unknown = {"any": [{"field": "a", "op": "telepathy"}, {"field": "a", "op": "is_empty"}]}
    assert page.evaluate("c => window.TesseraConditions.test(c, {a: 1})", unknown) is None
    assert page.evaluate("c => window.TesseraConditions.test(c, {})", unknown) is True
