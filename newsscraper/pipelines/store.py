"""StorePipeline: batches items into the article database off the reactor thread.

Items are buffered and written DATABASE_BATCH_SIZE at a time in a worker
thread, one transaction per batch, so the crawl never waits on a round trip
per item. The item that fills a batch awaits the write: that is the
back-pressure that keeps memory flat when the database is slower than the
crawl, while other items keep flowing.

Duplicates: whether an item is a cross-run duplicate (its fingerprint is
already stored under another canonical URL) is only known when its batch is
written, after the item has moved on. So every item is returned unchanged
(feeds and later pipelines still see it); the database simply does not store
the duplicate and the stat ``store/duplicate`` counts it. Dropping belongs to
DedupePipeline, which sees items before they reach us.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import run_in_thread

from newsscraper.pipelines.dedupe import DuplicateItem
from newsscraper.storage import ArticleStore, BatchResult, database_url, redact

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Single-item writes tried after a batch failed twice before we call the
#: database down and stop hammering it for the rest of that batch.
_PROBE_LIMIT = 3


class StorePipeline:
    """Write items to the database in batches; count outcomes in stats."""

    def __init__(self, crawler: Crawler, url: str, batch_size: int) -> None:
        self.crawler = crawler
        self.url = url
        self.batch_size = max(1, batch_size)
        self.store: ArticleStore | None = None
        self._buffer: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = database_url(crawler.settings)
        if url is None:
            raise NotConfigured("DATABASE_URL is empty: not storing articles")
        pipeline = cls(crawler, url, crawler.settings.getint("DATABASE_BATCH_SIZE", 100))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        """A republished copy dropped upstream is still written, as an alias of the
        stored story, so later crawls skip its URL without downloading it."""
        if isinstance(exception, DuplicateItem) and exception.kind == "fingerprint":
            self._buffer.append(ItemAdapter(item).asdict())

    async def open_spider(self) -> None:
        self.store = await run_in_thread(ArticleStore(self.url).open)
        logger.info("Storing articles in %s", redact(self.url))

    async def process_item(self, item: Any) -> Any:
        self._buffer.append(ItemAdapter(item).asdict())
        if len(self._buffer) >= self.batch_size:
            batch, self._buffer = self._buffer, []
            await run_in_thread(self._write, batch)
        return item

    async def close_spider(self) -> None:
        """Flush what is left, whatever the finish reason, then disconnect."""
        batch, self._buffer = self._buffer, []
        try:
            if batch:
                await run_in_thread(self._write, batch)
        finally:
            if self.store is not None:
                self.store.close()

    def _write(self, batch: list[dict[str, Any]]) -> None:
        """Write one batch; on failure retry once, then item by item.

        Runs in a worker thread; the lock keeps batches in order and one
        transaction at a time per crawl. Nothing is dropped silently: items
        that cannot be written are logged by URL and counted store/failed.
        """
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._count(self._store().write_batch(batch, self._crawl_id()))
                except Exception as exc:  # noqa: BLE001 - any DB error: report, go on
                    self._inc("store/errors")
                    logger.error(
                        "Storing %d articles failed (attempt %d): %s", len(batch), attempt, exc
                    )
                else:
                    return
            self._write_one_by_one(batch)

    def _write_one_by_one(self, batch: list[dict[str, Any]]) -> None:
        """Isolate the items a batch failed on, keeping the others."""
        failures = 0
        for index, item in enumerate(batch):
            if failures >= _PROBE_LIMIT and failures == index:
                self._fail(batch[index:], "database unavailable")
                return
            try:
                self._count(self._store().write_batch([item], self._crawl_id()))
            except Exception as exc:  # noqa: BLE001 - report per item, keep going
                failures += 1
                self._fail([item], str(exc))

    def _fail(self, items: list[dict[str, Any]], reason: str) -> None:
        self._inc("store/failed", len(items))
        urls = ", ".join(str(i.get("canonical_url") or i.get("url")) for i in items[:5])
        more = f" and {len(items) - 5} more" if len(items) > 5 else ""
        logger.error("Not stored (%s): %s%s", reason.splitlines()[0], urls, more)

    def _count(self, result: BatchResult) -> None:
        for key, value in (
            ("stored", result.stored),
            ("updated", result.updated),
            ("unchanged", result.unchanged),
            ("duplicate", result.duplicates),
            ("rejected", result.rejected),
        ):
            if value:
                self._inc(f"store/{key}", value)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def _crawl_id(self) -> int | None:
        """The crawls row CrawlRecordExtension opened, if it is enabled."""
        stats = self.crawler.stats
        value = stats.get_value("crawl/id") if stats is not None else None
        return int(value) if value is not None else None

    def _store(self) -> ArticleStore:
        if self.store is None:
            raise RuntimeError("StorePipeline used before open_spider")
        return self.store
