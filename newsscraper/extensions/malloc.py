"""MallocTuning: keep glibc's allocator from holding freed C memory for the whole crawl.

lxml trees, SQLite pages and response bodies are C allocations. glibc gives each
thread that allocates its own arena (up to 8 per core): the reactor, the store's writer
thread, the DNS resolver threads. Memory freed in an arena stays mapped, fragmented
between live blocks, and the crawl's resident size climbs with the number of pages
parsed rather than with what is live. Two settings:

- ``MALLOC_ARENA_MAX`` (default 2): the arenas all threads share, set with ``mallopt``
  before the reactor starts its threads (the ``MALLOC_ARENA_MAX`` environment variable
  does the same, but must be set before Python starts);
- ``MALLOC_TRIM_INTERVAL`` (seconds, default 10; 0 = never): ``malloc_trim(0)`` hands
  the free pages at the top and inside each arena back to the system.

Off (NotConfigured) where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h


def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):  # musl, macOS: no mallopt / malloc_trim
        return None
    return libc


class MallocTuning:
    def __init__(self, libc: ctypes.CDLL, arenas: int, interval: float) -> None:
        self.libc = libc
        self.interval = interval
        self._loop: task.LoopingCall | None = None
        if arenas > 0 and not libc.mallopt(_M_ARENA_MAX, arenas):
            logger.warning("mallopt(M_ARENA_MAX, %d) refused", arenas)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        arenas = settings.getint("MALLOC_ARENA_MAX", 2)
        interval = settings.getfloat("MALLOC_TRIM_INTERVAL", 10.0)
        if arenas <= 0 and interval <= 0:
            raise NotConfigured("MALLOC_ARENA_MAX and MALLOC_TRIM_INTERVAL are off")
        libc = _glibc()
        if libc is None:
            raise NotConfigured("not glibc: no mallopt / malloc_trim")
        extension = cls(libc, arenas, interval)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        if self.interval > 0:
            self._loop = task.LoopingCall(self.trim)
            self._loop.start(self.interval, now=False)

    def engine_stopped(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()

    def trim(self) -> None:
        self.libc.malloc_trim(0)
