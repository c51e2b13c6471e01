"""Write the crawl's final stats and finish reason to a JSON file (``STATS_FILE``).

A file a cron wrapper, the schedule command or a test can read says how the crawl
went. Written atomically (temp file, then rename) when the engine has stopped, that
is after every ``spider_closed`` handler finished: the crawls row's fate
(``crawl/recorded: false`` when the database was down and the row waits in the
spool) and ``store/unstored`` are in it. After an unclean shutdown (a second Ctrl-C
stops the reactor before the spider closes) it is written at interpreter exit with
the finish reason ``interrupted``; only ``kill -9`` leaves no file.
"""

from __future__ import annotations

import atexit
import json
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsscraper.files import write_atomic
from newsscraper.storage import json_safe

#: The finish reason recorded when the crawl never closed.
INTERRUPTED = "interrupted"


class StatsFileExtension:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFileExtension:
        path = crawler.settings.get("STATS_FILE")
        if not path:
            raise NotConfigured  # off unless asked for: no warning
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        atexit.register(extension.at_exit)
        return extension

    def spider_closed(self, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        if self.reason is not None:
            self.write(self.reason)
            atexit.unregister(self.at_exit)

    def at_exit(self) -> None:
        self.write(INTERRUPTED)

    def write(self, reason: str) -> None:
        stats: dict[str, Any] = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        payload = {"finish_reason": reason, "stats": json_safe(stats)}
        write_atomic(self.path, json.dumps(payload, indent=1, sort_keys=True, default=str))
