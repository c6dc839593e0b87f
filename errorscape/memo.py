"""A small thread-safe memo for computed lesson answers (basin maps, the trained network's slice).

Lesson endpoints are plain ``def`` routes, so FastAPI runs them in its thread pool: two requests for
the same heavy answer may arrive at once. Each key gets its own lock, so the second waits for the
first instead of computing it again, while requests for other keys go ahead.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._guard:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._values:
                    return self._values[key]
            value = compute()
            with self._guard:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
                self._locks.pop(key, None)
            return value
