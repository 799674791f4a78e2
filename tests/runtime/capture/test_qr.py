"""QR codes decode to the link's address; the poster and the embed snippet carry it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tessera.runtime.capture.qr import qr_png, qr_svg
from tests.runtime.conftest import sign_in
from tests.support.qr_decode import decode_qr_png


def test_png_decodes_to_the_url():
    url = "https://crm.example.com/f/k7qm2x9a"
    assert decode_qr_png(qr_png(url)) == [url]


def test_svg_is_a_standalone_svg_document():
    root = ET.fromstring(qr_svg("https://crm.example.com/f/k7qm2x9a"))
    assert root.tag.endswith("svg") and root.find("{http://www.w3.org/2000/svg}path") is not None


def test_served_qr_codes_point_at_the_link(leads):
    link = leads.link()
    png = leads.client.get(f"/f/{link['slug']}/qr.png")
    svg = leads.client.get(f"/f/{link['slug']}/qr.svg")
    assert png.headers["Content-Type"] == "image/png"
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert decode_qr_png(png.data) == [link["url"]]


def test_poster_is_a_printable_a4_page_with_qr_and_address(leads):
    link = leads.link(title="2026 上海工博会 · 展位 A12")
    html = leads.client.get(f"/f/{link['slug']}/poster").get_data(as_text=True)
    assert "size: A4" in html and "2026 上海工博会 · 展位 A12" in html
    assert f"/f/{link['slug']}/qr.svg" in html and link["url"] in html


def test_embed_snippet_and_embedded_page(leads):
    link = leads.link()
    sign_in(leads.client)
    detail = leads.client.get(f"/a/leads/capture/links/{link['slug']}").get_data(as_text=True)
    assert f"&lt;iframe src=&#34;{link['url']}?embed=1&#34;" in detail
    embedded = leads.client.get(f"/f/{link['slug']}?embed=1")
    assert embedded.status_code == 200 and 'class="embed"' in embedded.get_data(as_text=True)
    assert "X-Frame-Options" not in embedded.headers
