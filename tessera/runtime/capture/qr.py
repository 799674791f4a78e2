"""How a public link is handed out: its QR code (segno; SVG for screens and print, PNG for
chat apps) and the ``<iframe>`` snippet a website pastes."""

from __future__ import annotations

import io

import segno

ERROR_LEVEL = "m"  # survives a smudge or a logo sticker on a printed poster


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    """The QR code of ``url`` as a standalone SVG document.

    Example::

        qr_svg("https://crm.example.com/f/k7qm2x9a")[:5]  # b"<?xml"
    """
    out = io.BytesIO()
    segno.make(url, error=ERROR_LEVEL, micro=False).save(
        out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True, title=url
    )
    return out.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """The QR code of ``url`` as a PNG image (black on white, 4-module quiet zone).

    Example::

        qr_png("https://crm.example.com/f/k7qm2x9a")[:4]  # b"\\x89PNG"
    """
    out = io.BytesIO()
    segno.make(url, error=ERROR_LEVEL, micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def embed_snippet(url: str) -> str:
    """The ``<iframe>`` a website pastes to show the form.

    Example::

        embed_snippet("https://crm.example.com/f/k7qm2x9a")
    """
    return (
        f'<iframe src="{url}?embed=1" title="form" loading="lazy" '
        'style="width:100%;max-width:640px;min-height:720px;border:0"></iframe>'
    )
