"""Decode a QR code from PNG bytes with zxing-cpp, without an imaging library: a minimal
PNG reader (greyscale or palette, 1–8 bits, non-interlaced — what segno writes)."""

from __future__ import annotations

import struct
import zlib


def png_to_grey(data: bytes) -> tuple[bytes, int, int]:
    """``(pixels, width, height)``: one byte per pixel, 0 black … 255 white."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, palette = 8, [], None
    width = height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert interlace == 0 and colour in (0, 3), "unsupported PNG layout"
        elif kind == b"PLTE":
            palette = [sum(body[i : i + 3]) // 3 for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            chunks.append(body)
    raw = zlib.decompress(b"".join(chunks))
    stride = (width * depth + 7) // 8
    previous, out, i = bytearray(stride), bytearray(), 0
    bpp = max(1, depth // 8)
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up = previous[x]
            corner = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[x] = (line[x] + pred) & 255
        previous = line
        per_byte, mask = 8 // depth if depth < 8 else 1, (1 << depth) - 1
        for x in range(width):
            if depth < 8:
                value = (line[x // per_byte] >> (8 - depth * (x % per_byte + 1))) & mask
            else:
                value = line[x]
            if palette is not None:
                out.append(palette[value])
            else:
                out.append(value * 255 // mask)
    return bytes(out), width, height


def decode_qr_png(data: bytes) -> list[str]:
    """The texts of the QR codes in a PNG image."""
    import zxingcpp

    pixels, width, height = png_to_grey(data)
    image = zxingcpp.ImageView(pixels, width, height, zxingcpp.ImageFormat.Lum)
    return [r.text for r in zxingcpp.read_barcodes(image)]
