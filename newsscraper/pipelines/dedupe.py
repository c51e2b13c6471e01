"""Dedupe within a crawl: one item per canonical URL and one per story fingerprint.

A tracking URL leads to the same canonical URL; a story republished under a new id has
the same fingerprint. Across runs the store does the same against the database.
Keys are kept as 16-byte digests so a 100k-article crawl holds a few MB.
"""

from __future__ import annotations

import hashlib

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


def _digest(value: str) -> bytes:
    return hashlib.blake2b(value.encode("utf-8"), digest_size=16).digest()


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.urls: set[bytes] = set()
        self.fingerprints: set[bytes] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        url = _digest(adapter.get("canonical_url") or adapter.get("url") or "")
        fingerprint = _digest(adapter.get("fingerprint") or "")
        for kind, key, seen in (("url", url, self.urls), ("fingerprint", fingerprint, self.fingerprints)):
            if key in seen:
                self.stats.inc_value("dedupe/duplicate")
                self.stats.inc_value(f"dedupe/duplicate/{kind}")
                raise DropItem(f"duplicate {kind}: {adapter.get('url')}", log_level="INFO")
        self.urls.add(url)
        self.fingerprints.add(fingerprint)
        return item
