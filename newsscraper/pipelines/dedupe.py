"""Dedupe: one item per canonical URL and one per story fingerprint.

Within a crawl: a tracking URL leads to the same canonical URL; a story republished
under a new id has the same fingerprint. Across runs: a story whose fingerprint the
database already holds under another canonical URL is a republished copy too. (The
same canonical URL again is a re-crawl, which the store records as unchanged or as a
new version.) Keys are 16-byte digests in ``SeenSet``s (a Bloom filter before a
temporary SQLite table), so memory does not grow with the crawl.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsscraper.crawlstate import known_articles
from newsscraper.storage.known import SeenSet, digest


class DuplicateItem(DropItem):
    """A dropped duplicate; ``kind`` is ``url`` or ``fingerprint``."""

    def __init__(self, kind: str, url: str | None) -> None:
        super().__init__(f"duplicate {kind}: {url}", log_level="INFO")
        self.kind = kind


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.urls = SeenSet()
        # fingerprint digest -> canonical URL digest: the stored ones and this crawl's
        self.fingerprints = SeenSet()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        known = await known_articles(self.crawler, spider.name) if spider else None
        if known is not None:
            # Read alone by this pipeline: it carries on in the known set's own SeenSet
            # rather than copy a million entries.
            self.fingerprints.close()
            self.fingerprints = known.fingerprints

    def close_spider(self) -> None:
        self.urls.close()

    def _drop(self, kind: str, adapter: ItemAdapter) -> DuplicateItem:
        self.stats.inc_value("dedupe/duplicate")
        self.stats.inc_value(f"dedupe/duplicate/{kind}")
        return DuplicateItem(kind, adapter.get("url"))

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        url = digest(adapter.get("canonical_url") or adapter.get("url") or "")
        if url in self.urls:
            raise self._drop("url", adapter)
        fingerprint = digest(adapter.get("fingerprint") or "")
        if self.fingerprints.get(fingerprint, url) != url:
            raise self._drop("fingerprint", adapter)
        self.urls.add(url)
        self.fingerprints.set(fingerprint, url)
        return item
