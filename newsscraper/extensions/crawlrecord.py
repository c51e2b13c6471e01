"""CrawlRecordExtension: one ``crawls`` row per run, with its outcome.

The row is opened at spider start (its id goes to stats as ``crawl/id`` so
version rows can name the crawl that saw a change) and completed at close
with the counters and the whole stats dict, for monitors to read later.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import run_in_thread

from newsscraper.storage import ArticleStore, CrawlCounts, database_url

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stats counted as dropped items: our pipelines' counters plus Scrapy's own.
_DROPPED_KEYS = ("validate/dropped", "dedupe/duplicate")
_DROPPED_PREFIX = "item_dropped_count"


def crawl_counts(stats: Mapping[str, Any]) -> CrawlCounts:
    """The crawls row counters, read from a finished crawl's stats.

    Scrapy's ``item_dropped_count`` already includes the items that
    validate/dedupe dropped, so adding both would count them twice; the larger
    of the two also covers a dedupe that counts duplicates without dropping.
    """

    def get(key: str) -> int:
        value = stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    scrapy_dropped = sum(get(k) for k in stats if k.startswith(_DROPPED_PREFIX))
    return CrawlCounts(
        stored=get("store/stored"),
        updated=get("store/updated"),
        unchanged=get("store/unchanged"),
        dropped=max(scrapy_dropped, sum(get(k) for k in _DROPPED_KEYS)),
        skipped_known=get("incremental/skipped_known"),
        errors=get("log_count/ERROR"),
    )


class CrawlRecordExtension:
    """Record each crawl's spider, arguments, timing and outcome."""

    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = database_url(crawler.settings)
        if url is None:
            raise NotConfigured("DATABASE_URL is empty: crawls not recorded")
        extension = cls(crawler, url)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    async def spider_opened(self, spider: Spider) -> None:
        arguments = getattr(spider, "crawl_arguments", None)
        arguments = dict(arguments) if isinstance(arguments, Mapping) else {}
        self.crawl_id = await run_in_thread(self._start, spider.name, arguments)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("crawl/id", self.crawl_id)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.crawl_id is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        await run_in_thread(self._finish, self.crawl_id, reason, dict(stats))

    def _start(self, spider: str, arguments: dict[str, Any]) -> int:
        with ArticleStore(self.url) as store:
            return store.start_crawl(spider, arguments)

    def _finish(self, crawl_id: int, reason: str, stats: dict[str, Any]) -> None:
        with ArticleStore(self.url) as store:
            store.finish_crawl(crawl_id, reason, crawl_counts(stats), stats)
        logger.info("Crawl %d recorded (%s)", crawl_id, reason)
