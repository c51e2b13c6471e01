"""A progress line every few seconds while a crawl runs on a terminal.

Scrapy's own LogStats line comes once a minute: a 30-second crawl shows nothing.
``PROGRESS`` says when to print: ``auto`` (default) when stderr is a terminal, so
scrapyd jobs, cron and pipes stay quiet; ``1`` always; ``0`` never.
``PROGRESS_INTERVAL`` is the number of seconds between lines (default 5).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def wanted(setting: object, is_tty: bool) -> bool:
    """Whether to print, from the setting and whether stderr is a terminal.

    >>> [wanted(v, tty) for v in ("auto", "1", "0") for tty in (True, False)]
    [True, False, True, True, False, False]
    """
    text = str(setting).strip().lower()
    if text in ("", "auto"):
        return is_tty
    return text in ("1", "true", "yes", "on")


class ProgressExtension:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not wanted(crawler.settings.get("PROGRESS", "auto"), sys.stderr.isatty()):
            raise NotConfigured
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def line(self) -> str:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        pages = int(stats.get("response_received_count", 0))
        articles = int(stats.get("item_scraped_count", 0))
        known = int(stats.get("incremental/skipped_known", 0))
        elapsed = max(time.monotonic() - self.started, 1e-6)
        minutes, seconds = divmod(int(elapsed), 60)
        return (
            f"Progress {minutes}:{seconds:02d}: {pages} pages, {articles} articles, "
            f"{known} skipped as known; {pages / elapsed:.1f} pages/s"
        )

    def report(self) -> None:
        logger.info(self.line())
