"""What a browser would submit from a page's form: every named input, select and textarea
with its current value (checked boxes only, selected options only), in document order.

Example::

    data = form_fields(page_html, "record-form")
    data["title"] = "销售总监"
    client.post(url, data=data)
"""

from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_multiple = False
        self._select_chosen = False
        self._first_option: str | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_class in (a.get("class") or "").split():
            self.inside = True
        if not self.inside or a.get("disabled") is not None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in a
            self._select_chosen, self._first_option = False, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value") or ""
            if "selected" in a:
                self.fields.append((self._select, a.get("value") or ""))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            # A single select with nothing marked submits its first option, as browsers do.
            if not (self._select_chosen or self._select_multiple or self._first_option is None):
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            self.fields.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_class: str) -> MultiDict:
    """The fields of the first ``<form class="… form_class …">`` as a browser submits them."""
    reader = _FormReader(form_class)
    reader.feed(html)
    return MultiDict(reader.fields)


def edit_revision(client, url: str) -> str:
    """The record revision an edit page at ``url`` was loaded at (its hidden ``_revision``),
    for tests that post an edit form without filling it in first."""
    return form_fields(client.get(url).get_data(as_text=True), "record-form")["_revision"]
