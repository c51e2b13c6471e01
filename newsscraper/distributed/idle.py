"""IdleCloseExtension: when an idle worker of a shared frontier closes, and why.

Scrapy closes a spider as soon as its own scheduler is empty. With a shared frontier
that is too early while other workers are still crawling (they may queue more) or a
dead worker's requests are about to be recovered; waiting forever would hold a scrapyd
slot for good. So, on ``spider_idle`` with the shared queue empty:

- nobody holds a lease: the crawl is done everywhere, close now ("finished");
- others still hold leases: stay open (``DontCloseSpider``) for up to
  ``REDIS_IDLE_CLOSE_SECONDS`` without work, then close ("idle_timeout"); the busy
  workers finish what remains. 0 closes at once.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider

from newsscraper.distributed import DEFAULT_IDLE_CLOSE, IDLE_TIMEOUT_REASON
from newsscraper.distributed.scheduler import SharedScheduler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class IdleCloseExtension:
    def __init__(self, crawler: Crawler, limit: float) -> None:
        self.crawler = crawler
        self.limit = limit
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        limit = crawler.settings.getfloat("REDIS_IDLE_CLOSE_SECONDS", DEFAULT_IDLE_CLOSE)
        extension = cls(crawler, max(0.0, limit))
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        return extension

    def _scheduler(self) -> SharedScheduler | None:
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        return scheduler if isinstance(scheduler, SharedScheduler) else None

    def spider_idle(self) -> None:
        scheduler = self._scheduler()
        if scheduler is None:
            return
        scheduler.settle()
        if scheduler.recovering:
            raise DontCloseSpider
        state = scheduler.frontier.state()
        if state.queued:
            self.idle_since = None
            raise DontCloseSpider  # the engine pops it on its next round
        if not state.leased_by_others:
            return  # the whole crawl is done: Scrapy closes with "finished"
        now = time.monotonic()
        if self.idle_since is None or scheduler.last_pop > self.idle_since:
            self.idle_since = now
        if now - self.idle_since < self.limit:
            raise DontCloseSpider
        logger.info(
            "No work for %.0fs while %d other worker(s) hold %d requests: leaving them the "
            "rest (REDIS_IDLE_CLOSE_SECONDS)",
            now - self.idle_since,
            state.other_workers,
            state.leased_by_others,
        )
        raise CloseSpider(IDLE_TIMEOUT_REASON)
