"""Your own CSV: accepted formats, and a hostile corpus where every answer is a 4xx naming line and column."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from errorscape.data.csvdata import MAX_BYTES, MAX_ROWS, parse_csv
from errorscape.errors import ParamError


def rows(n: int, classification: bool = True) -> str:
    return "".join(f"{i * 0.001},{-i * 0.002},{i % 2}\n" if classification else f"{i * 0.01},{i * 0.5}\n"
                   for i in range(n))


GOOD = [
    (b"x1,x2,label\n0.5,1,0\n-1,2e-3,1\n", "classification", [[0.5, 1.0], [-1.0, 0.002]], [0.0, 1.0]),
    (b"0.5,1,0\n-1,2,1\n", "classification", [[0.5, 1.0], [-1.0, 2.0]], [0.0, 1.0]),
    (b"\xef\xbb\xbfx;y\r\n1;2\r\n3;-4.5\r\n\r\n", "regression", [[1.0], [3.0]], [2.0, -4.5]),
    (b"x\ty\n.5\t+2\n-0.\t1E2\n", "regression", [[0.5], [-0.0]], [2.0, 100.0]),
    (b"\n\n a , b \n 1 , 2 \n 3 , 4 \n", "regression", [[1.0], [3.0]], [2.0, 4.0]),
]


@pytest.mark.parametrize("raw, kind, x, y", GOOD)
def test_accepted(raw, kind, x, y):
    data = parse_csv(raw)
    assert data.kind == kind
    np.testing.assert_array_equal(data.x, x)
    np.testing.assert_array_equal(data.y, y)


def test_header_names_and_limits():
    data = parse_csv(b'"height",weight\n1,2\n2,3\n')
    assert data.columns == ("height", "weight")
    assert parse_csv(rows(MAX_ROWS).encode()).n == MAX_ROWS


HOSTILE = [  # (bytes, status, words the message must contain)
    (b"", 422, ["empty"]),
    (b"\n \n\t\n", 422, ["empty"]),
    (b"x1,x2,label\n", 422, ["line 1", "0 data rows"]),
    (b"1,2,0\n", 422, ["line 1", "1 data row"]),
    (b"a,b,c,d\n1,2,3,4\n", 422, ["line 1, column 4", "too many columns"]),
    (b"1,2,3,4,5\n", 422, ["line 1, column 4"]),
    (b"justonecolumn\n1\n2\n", 422, ["line 1, column 2", "one column"]),
    (b"x,y\n1,2\n3,abc\n", 422, ["line 3, column 2", "'abc' is not a number"]),
    (b"x,y\n1,2\nnan,1\n", 422, ["line 3, column 1", "not a finite number"]),
    (b"x,y\n1,2\n1,inf\n", 422, ["line 3, column 2", "not a finite number"]),
    (b"x,y\n1,2\n1,-Infinity\n", 422, ["line 3, column 2", "not a finite number"]),
    (b"x,y\n1,2\n1,1e400\n", 422, ["line 3, column 2", "out of range"]),
    (b"x,y\n1,2\n1,2e6\n", 422, ["line 3, column 2", "out of range"]),
    (b"x,y\n1,2\n1_000,2\n", 422, ["line 3, column 1", "not a number"]),
    (b"x,y\n1,2\n0x10,2\n", 422, ["line 3, column 1", "not a number"]),
    (b"x,y\n1,2\n,2\n", 422, ["line 3, column 1", "empty value"]),
    (b"x,y\n1,2\n3\n", 422, ["line 3, column 2", "1 columns"]),
    (b"x,y\n1,2\n3,4,5\n", 422, ["line 3, column 3", "3 columns"]),
    (b"x1,x2,label\n1,2,0\n1,2,2\n", 422, ["line 3, column 3", "0 or 1", "'2'"]),
    (b"x1,x2,label\n1,2,0\n1,2,0.5\n", 422, ["line 3, column 3", "0 or 1"]),
    (b"x1,x2,label\n1,2,-1\n1,2,1\n", 422, ["line 2, column 3", "0 or 1"]),
    (b"x,y\n1,2\n\xff\xfe,3\n", 422, ["line 3", "not UTF-8"]),
    ("x,y\n1,2\n3,4\n".encode("utf-16"), 422, ["not UTF-8"]),
    (b"x,y\n1,2\n3\x00,4\n", 422, ["line 3", "NUL"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 422, ["not UTF-8"]),
    (b"x,y\n1,2\n" + b"a" * 5000 + b",1\n", 422, ["line 3, column 1", "not a number", "…"]),
    (b"x,y\n1,2\n=cmd|' /C calc'!A0,1\n", 422, ["line 3, column 1", "not a number"]),
    (b"x,y\n1,2\n\xd9\xa3,1\n", 422, ["line 3, column 1", "not a number"]),  # Arabic-Indic digit three
    ((rows(MAX_ROWS + 1, False)).encode(), 422, [f"line {MAX_ROWS + 1}", "too many rows"]),
    (b"x,y\n" + b"1,2\n" * (MAX_BYTES // 4), 413, ["1 MB"]),
]


@pytest.mark.parametrize("raw, status, words", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_corpus_in_core(raw, status, words):
    with pytest.raises(ParamError) as caught:
        parse_csv(raw)
    assert caught.value.param == "csv" and caught.value.status == status
    for word in words:
        assert word in caught.value.message, caught.value.message


@pytest.mark.parametrize("raw, status, words", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_corpus_over_http(client, raw, status, words, caplog):
    with caplog.at_level(logging.DEBUG):
        r = client.post("/api/datasets", content=raw, headers={"content-type": "text/csv"})
    assert r.status_code == status
    body = r.json()
    assert body["errors"][0]["param"] == "csv" and words[0] in body["detail"]
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)  # never a 500 or a logged traceback


def test_uploads_are_not_logged_and_streamed_bodies_are_capped(client, caplog):
    secret = b"x,y\n0.123456789,987.654321\n1.5,2.5\n"
    with caplog.at_level(logging.DEBUG):
        r = client.post("/api/datasets", content=secret)
        client.post("/api/datasets", content=b"x,y\n0.123456789,oops987\n")
        # A chunked body (no Content-Length) over the limit is refused too.
        big = client.post("/api/datasets", content=iter([b"x,y\n"] + [b"1,2\n" * 4096] * 70))
    assert r.status_code == 201 and big.status_code == 413
    logged = " ".join(f"{rec.getMessage()} {vars(rec)}" for rec in caplog.records)
    assert "/api/datasets" in logged
    for fragment in ("0.123456789", "987.654321", "oops987"):
        assert fragment not in logged
