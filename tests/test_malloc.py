"""MallocTuning (newsscraper.extensions.malloc): glibc's arenas capped, freed pages trimmed."""

from __future__ import annotations

import platform

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsscraper.extensions.malloc import MallocTuning, _glibc

glibc_only = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc" or _glibc() is None, reason="glibc only"
)


def test_off_when_both_settings_are_off() -> None:
    crawler = get_crawler(settings_dict={"MALLOC_ARENA_MAX": 0, "MALLOC_TRIM_INTERVAL": 0})
    with pytest.raises(NotConfigured):
        MallocTuning.from_crawler(crawler)


@glibc_only
def test_trim_gives_freed_pages_back() -> None:
    """Tried: 64 MB of 4 KB blocks freed while the last one is kept (so the heap's top
    cannot shrink by itself); after ``trim`` the process's resident size is lower."""
    extension = MallocTuning.from_crawler(
        get_crawler(settings_dict={"MALLOC_ARENA_MAX": 2, "MALLOC_TRIM_INTERVAL": 1})
    )
    extension.libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: free() itself does not trim
    blocks = [bytearray(4000) for _ in range(16_000)]
    keep = blocks.pop()
    before = _rss_kb()
    del blocks
    freed = _rss_kb()
    extension.trim()
    after = _rss_kb()
    assert keep
    assert freed > before - 16_000, (before, freed, after)  # free() alone kept them
    assert after < freed - 16_000, (before, freed, after)


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")
