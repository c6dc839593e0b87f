"""Decode a PNG into pixels with the standard library (zlib, struct): enough to check what an image shows.

Supports what browsers and plotly write: 8-bit greyscale, RGB, grey+alpha and RGBA, not interlaced.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


def decode_png(data: bytes) -> np.ndarray:
    """(height, width, channels) uint8 pixels."""
    assert data[:8] == SIGNATURE, "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in CHANNELS and interlace == 0, f"unsupported PNG: {header}"
    bpp = CHANNELS[colour]
    stride = width * bpp
    raw = zlib.decompress(b"".join(chunks))
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        rows.append(previous := _unfilter(kind, bytearray(line), previous, bpp))
    return np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width, bpp)


def _unfilter(kind: int, cur: bytearray, up: bytearray, bpp: int) -> bytearray:
    """Undo one scanline's filter (PNG spec, section 9), in place on ``cur``."""
    if kind == 0:
        return cur
    if kind == 2:
        return bytearray(((np.frombuffer(cur, np.uint8).astype(np.uint16) + np.frombuffer(up, np.uint8)) & 0xFF)
                         .astype(np.uint8).tobytes())
    n = len(cur)
    for i in range(n):
        left = cur[i - bpp] if i >= bpp else 0
        if kind == 1:
            cur[i] = (cur[i] + left) & 0xFF
        elif kind == 3:
            cur[i] = (cur[i] + ((left + up[i]) >> 1)) & 0xFF
        else:
            corner = up[i - bpp] if i >= bpp else 0
            p = left + up[i] - corner
            pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
            cur[i] = (cur[i] + (left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner)) & 0xFF
    return cur


def assert_shows_a_plot(image: np.ndarray) -> None:
    """Not blank: no single colour covers most of it, and it holds many colours (a shaded surface)."""
    pixels = image[..., :3].reshape(-1, 3)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    assert len(colours) > 1000, f"only {len(colours)} colours: a blank or flat image"
    assert counts.max() < 0.9 * len(pixels), "one colour covers over 90% of the image"
