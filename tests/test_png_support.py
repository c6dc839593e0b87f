"""tests/support/png.py: the PNG decoder the browser tests read screenshots and exports with."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from tests.support.png import SIGNATURE, assert_shows_a_plot, decode_png


def encode(image: np.ndarray, filters: list[int]) -> bytes:
    """An RGBA PNG whose row y uses filter filters[y % len(filters)] (PNG spec, section 9)."""
    height, width, bpp = image.shape
    raw, previous = b"", [0] * (width * bpp)
    for y in range(height):
        kind, line, out = filters[y % len(filters)], image[y].reshape(-1).tolist(), []
        for i, value in enumerate(line):
            a, b = (line[i - bpp] if i >= bpp else 0), previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            paeth = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            out.append((value - [0, a, b, (a + b) >> 1, paeth][kind]) & 0xFF)
        raw += bytes([kind, *out])
        previous = line

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_every_filter_type_decodes_to_the_pixels():
    image = np.random.default_rng(0).integers(0, 256, (11, 7, 4), dtype=np.uint8)
    assert np.array_equal(decode_png(encode(image, [0, 1, 2, 3, 4])), image)


def test_a_blank_image_is_not_a_plot():
    blank = np.full((40, 60, 4), 255, dtype=np.uint8)
    with pytest.raises(AssertionError, match="colours"):
        assert_shows_a_plot(decode_png(encode(blank, [0])))
    noisy = np.random.default_rng(1).integers(0, 256, (40, 60, 4), dtype=np.uint8)
    assert_shows_a_plot(decode_png(encode(noisy, [4])))
