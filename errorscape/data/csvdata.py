"""Your own data: a CSV file parsed strictly, every problem reported with its line and column.

The format (docs/data.md): UTF-8 text (a byte-order mark is allowed), one row per line, fields separated
by commas (or semicolons, or tabs: whichever the first line uses), an optional header line. Either

- 3 columns: x₁, x₂ and a 0/1 label (classification), or
- 2 columns: x and a numeric target y (regression).

Every value is a plain decimal number (``-1.5``, ``2e-3``) of magnitude at most ``MAX_ABS``; at most
``MAX_ROWS`` data rows and ``MAX_BYTES`` bytes. Anything else is a ``ParamError`` on ``csv`` that names
the line and the column, so the person can fix their file. The parsed data lives only in memory.
"""

from __future__ import annotations

import re

import numpy as np

from ..errors import ParamError
from .datasets import CLASSIFICATION, REGRESSION, Data

MAX_ROWS = 5_000
MAX_BYTES = 1_048_576  # 1 MB
MIN_ROWS = 2
MAX_ABS = 1e6  # larger values overflow the losses' squares long before an optimizer gets anywhere
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")  # ASCII digits only
_SHOWN = 20  # characters of a bad value quoted back in the error


def _fail(message: str, status: int = 422) -> ParamError:
    return ParamError("csv", message, status=status)


def _quote(text: str) -> str:
    text = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
    return repr(text)


def check_size(size: int) -> None:
    """Refuse a file over MAX_BYTES before reading it (``size`` in bytes)."""
    if size > MAX_BYTES:
        raise _fail(f"the file is {size:,} bytes; at most {MAX_BYTES:,} (1 MB) are accepted", 413)


def _decode(raw: bytes) -> str:
    check_size(len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(f"line {line}: not UTF-8 text (byte {raw[e.start]:#04x} at offset {e.start}); "
                    "save the file as UTF-8 CSV") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _fail(f"line {line}: a NUL character; this looks like a binary file, not CSV")
    return text


def _separator(first: str) -> str:
    for sep in (",", ";", "\t"):
        if sep in first:
            return sep
    return ","


def _value(field: str, line: int, column: int) -> float:
    text = field.strip()
    if not text:
        raise _fail(f"line {line}, column {column}: empty value")
    if not _NUMBER.fullmatch(text):
        lowered = text.lower().lstrip("+-")
        if lowered in ("nan", "inf", "infinity"):
            raise _fail(f"line {line}, column {column}: {_quote(text)} is not a finite number")
        raise _fail(f"line {line}, column {column}: {_quote(text)} is not a number")
    value = float(text)
    if not abs(value) <= MAX_ABS:
        raise _fail(f"line {line}, column {column}: {_quote(text)} is out of range (|value| ≤ {MAX_ABS:g})")
    return value


def _is_header(fields: list[str]) -> bool:
    return any(not _NUMBER.fullmatch(f.strip()) for f in fields)


def parse_csv(raw: bytes) -> Data:
    """The dataset in ``raw`` (the file's bytes), or a ParamError naming the line and column at fault."""
    text = _decode(raw)
    lines = text.splitlines()
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    if not numbered:
        raise _fail("the file is empty; expected rows of x₁,x₂,label (0/1) or x,y")
    sep = _separator(numbered[0][1])
    first_no, first = numbered[0]
    header_fields = first.split(sep)
    columns = len(header_fields)
    if columns > 3:
        raise _fail(f"line {first_no}, column 4: too many columns ({columns}); use 3 (x₁, x₂, 0/1 label) "
                    "or 2 (x, y)")
    if columns < 2:
        raise _fail(f"line {first_no}, column 2: only one column; use 3 (x₁, x₂, 0/1 label) or 2 (x, y), "
                    "separated by commas")
    header = _is_header(header_fields)
    rows = numbered[1:] if header else numbered
    if len(rows) > MAX_ROWS:
        raise _fail(f"line {rows[MAX_ROWS][0]}: too many rows; at most {MAX_ROWS:,} data rows are accepted")
    if len(rows) < MIN_ROWS:
        raise _fail(f"line {first_no}: {len(rows)} data row{'s' * (len(rows) != 1)}; at least {MIN_ROWS} are needed")
    values = np.empty((len(rows), columns))
    for r, (no, line) in enumerate(rows):
        fields = line.split(sep)
        if len(fields) != columns:
            column = min(len(fields), columns) + 1
            raise _fail(f"line {no}, column {column}: {len(fields)} columns where the first line has {columns}")
        for c, field in enumerate(fields):
            values[r, c] = _value(field, no, c + 1)
    kind = CLASSIFICATION if columns == 3 else REGRESSION
    if kind == CLASSIFICATION:
        bad = np.flatnonzero((values[:, 2] != 0) & (values[:, 2] != 1))
        if len(bad):
            no, line = rows[bad[0]]
            raise _fail(f"line {no}, column 3: the label must be 0 or 1 (got {_quote(line.split(sep)[2].strip())})")
    names = tuple(f.strip().strip('"').strip()[:40] or f"column {i + 1}" for i, f in enumerate(header_fields)) \
        if header else (("x₁", "x₂", "label") if kind == CLASSIFICATION else ("x", "y"))
    return Data(values[:, :-1].copy(), values[:, -1].copy(), kind, "Your data",
                f"uploaded CSV, {len(rows)} rows", names)
