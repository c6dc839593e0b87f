"""Uploaded datasets, held in memory only: bounded, least-recently-used, and forgotten after a while.

Why an id, and why this id: a run stream is a GET URL or a JSON body that a client may replay to any
replica (``Last-Event-ID`` resumes a stream). Carrying a 1 MB file in every request would bloat each
stream start and the replay cache's keys. Instead ``POST /api/datasets`` parses the file once and
answers an id that is the SHA-256 of the parsed numbers (``u-`` + 32 hex digits): the same data always
gets the same id, on every replica. So the store is only a cache. A replica that never saw the data, or
forgot it, answers 404 on ``dataset``; the client uploads the file again (it keeps it in page memory),
gets the same id, and retries: the run, its key and its frames are unchanged, so a resumed stream stays
exact.

Privacy: the store holds parsed numbers, never written to disk; an entry leaves after ``TTL`` seconds
without use, or earlier when the store is over ``MAX_BYTES`` or ``MAX_ENTRIES``. Uploaded points are
never served back by id (only to the uploader, in the POST answer), and ids never go into share links.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from typing import Callable

import numpy as np

from .datasets import Data

PREFIX = "u-"
TTL = 3600.0  # seconds an unused upload is kept
MAX_ENTRIES = 256
MAX_BYTES = 64 * 2**20  # 5,000 rows × 3 columns is 120 kB: the bound is for many users at once


def data_id(data: Data) -> str:
    digest = hashlib.sha256()
    digest.update(f"{data.kind}:{data.x.shape}".encode())
    digest.update(np.ascontiguousarray(data.x).tobytes())
    digest.update(np.ascontiguousarray(data.y).tobytes())
    return PREFIX + digest.hexdigest()[:32]


class ExpiringStore:
    """id -> value, LRU within ``max_entries`` and ``max_bytes``, each entry dropped ``ttl`` s after last use."""

    def __init__(self, ttl: float = TTL, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic):
        self.ttl, self.max_entries, self.max_bytes, self.clock = ttl, max_entries, max_bytes, clock
        self._items: OrderedDict[str, tuple[float, int, object]] = OrderedDict()  # id -> (last use, bytes, value)
        self.nbytes = 0
        self._lock = threading.Lock()  # routes run in FastAPI's thread pool

    def __len__(self) -> int:
        return len(self._items)

    def put(self, key: str, value, nbytes: int) -> None:
        with self._lock:
            self._drop(key)
            self._items[key] = (self.clock(), nbytes, value)
            self.nbytes += nbytes
            self._expire()
            while self._items and (len(self._items) > self.max_entries or self.nbytes > self.max_bytes):
                self._drop(next(iter(self._items)))

    def get(self, key: str):
        with self._lock:
            self._expire()
            found = self._items.get(key)
            if found is None:
                return None
            self._items[key] = (self.clock(), found[1], found[2])
            self._items.move_to_end(key)
            return found[2]

    def _drop(self, key: str) -> None:
        found = self._items.pop(key, None)
        if found is not None:
            self.nbytes -= found[1]

    def _expire(self) -> None:
        deadline = self.clock() - self.ttl
        while self._items:
            key, (used, _, _) = next(iter(self._items.items()))
            if used > deadline:
                return
            self._drop(key)


UPLOADS = ExpiringStore()


def remember(data: Data) -> str:
    """Keep ``data`` (an upload) and return its id."""
    key = data_id(data)
    UPLOADS.put(key, data, data.x.nbytes + data.y.nbytes + 512)
    return key


def recall(key: str) -> Data | None:
    return UPLOADS.get(key)
