"""Your own data from Python (``errorscape.run(..., data=...)``): CSV text, a CSV file or arrays (X, y).

Whatever the form, it becomes the bytes of a CSV file and goes through ``csvdata.parse_csv``, the upload's
parser: the same rules (at most 5,000 rows and 1 MB, 2 or 3 columns, finite values, 0/1 labels) and the
same messages, under the parameter ``data``. Arrays are written under a header line, one row a line (row k,
from 0, is line k + 2), each number as its shortest exact decimal, so parsing gives back the very same floats. The data is kept in
memory only (``store``, like an upload): nothing is written to disk.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..errors import ParamError
from .csvdata import MAX_BYTES, MAX_ROWS, check_size, parse_csv
from .datasets import Data

FORMS = "CSV text (a str with one row a line), a path to a CSV file (a str or pathlib.Path), or arrays (X, y)"


def own_data(value) -> Data:
    """The dataset ``value`` holds, checked as an upload is; a ParamError on ``data`` says what is wrong."""
    try:
        return parse_csv(_csv_bytes(value))
    except ParamError as e:
        if e.param != "csv":
            raise
        raise ParamError("data", e.message, status=e.status) from None


def _csv_bytes(value) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        # CSV text has at least two rows, so one line can only be a file's name.
        return value.encode("utf-8", "surrogatepass") if "\n" in value or "\r" in value else _read(Path(value))
    if isinstance(value, os.PathLike):
        return _read(Path(value))
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return _arrays_csv(*value)
    raise ParamError("data", f"expected {FORMS}; got {type(value).__name__}")


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            check_size(os.fstat(f.fileno()).st_size)
            return f.read(MAX_BYTES + 1)  # the parser refuses a file that grew since
    except ParamError as e:
        raise ParamError("data", e.message, status=e.status) from None
    except OSError as e:
        raise ParamError("data", f"cannot read the file {str(path)[:80]!r} ({e.strerror or e}); expected {FORMS}") from None


def _arrays_csv(x, y) -> bytes:
    try:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParamError("data", "X and y must hold numbers only") from None
    x = x[:, None] if x.ndim == 1 else x
    if x.ndim != 2 or y.ndim != 1 or len(x) != len(y):
        raise ParamError("data", f"X must be (n,), (n, 1) or (n, 2) and y (n,), the same n; got X {x.shape}, y {y.shape}")
    rows = np.column_stack([x, y])[: MAX_ROWS + 1]  # one row too many is enough for the parser's message
    # A header line, so that a first row holding NaN is not taken for one: row k is line k + 2.
    header = ",".join([f"x{j + 1}" for j in range(x.shape[1])] + ["y"])
    return "\n".join([header, *(",".join(repr(float(v)) for v in row) for row in rows)]).encode()
