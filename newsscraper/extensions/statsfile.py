"""Write the crawl's final stats and finish reason to a JSON file (``STATS_FILE``).

``scrapy crawl`` exits 0 whatever happened; a file a cron wrapper or a test can read
says how the crawl went. Written atomically (temp file, then rename).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsscraper.files import write_atomic
from newsscraper.storage import json_safe


class StatsFileExtension:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFileExtension:
        path = crawler.settings.get("STATS_FILE")
        if not path:
            raise NotConfigured  # off unless asked for: no warning
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        stats: dict[str, Any] = dict(self.crawler.stats.get_stats())
        payload = {"finish_reason": reason, "stats": json_safe(stats)}
        write_atomic(self.path, json.dumps(payload, indent=1, sort_keys=True, default=str))
