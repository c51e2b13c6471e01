"""CrawlRecordExtension: one ``crawls`` row per run, with its outcome.

The row is opened at spider start (its id goes to stats as ``crawl/id`` so
version rows can name the crawl that saw a change) and completed at close
with the counters and the whole stats dict, for monitors to read later.

Rows are never left wrong:

- the row names the crawl's host and process (``crawl/host``, ``crawl/pid``);
  a later run on that host closes a row whose process is gone as ``killed``;
- when the database is down at close, the closing record goes to the spool
  (with the stats file, if any, saying ``crawl/recorded: false``); the next
  run writes the row from it. When it was down at the start too, the whole row
  is written then.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsscraper.errors import first_line
from newsscraper.storage import ArticleStore, database_url
from newsscraper.storage.bounded import run_bounded
from newsscraper.storage.known import stale_removed
from newsscraper.storage.models import crawl_counts
from newsscraper.storage.spool import Spool, SpoolError

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

__all__ = ["CrawlRecordExtension", "crawl_counts", "process_alive", "this_process"]


def _started(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), to tell a reused
    pid from the process that wrote a row."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19] if len(fields) > 19 else None


def this_process() -> dict[str, Any]:
    """What a crawls row records about the process that runs the crawl."""
    return {
        "crawl/host": socket.gethostname(),
        "crawl/pid": os.getpid(),
        "crawl/process_started": _started(os.getpid()),
    }


def process_alive(stats: Mapping[str, Any]) -> bool | None:
    """Whether the process a row names still runs: None when it ran elsewhere."""
    if stats.get("crawl/host") != socket.gethostname() or "crawl/pid" not in stats:
        return None
    pid = int(stats["crawl/pid"])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    started = stats.get("crawl/process_started")
    return started is None or _started(pid) in (None, started)


class CrawlRecordExtension:
    """Record each crawl's spider, arguments, timing and outcome."""

    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.spool = Spool.for_database(url, crawler.settings.get("SPOOL_DIR") or None)
        self.timeout = max(1.0, crawler.settings.getfloat("DATABASE_WRITE_TIMEOUT", 180.0))
        self.crawl_id: int | None = None
        self.started_at = datetime.now(UTC)
        self.arguments: dict[str, Any] = {}

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
        removed = stale_removed()
        if removed:
            logger.info(
                "Removed %d temporary directories left by killed crawls in %s",
                removed,
                tempfile.gettempdir(),
            )
            if self.crawler.stats is not None:
                self.crawler.stats.set_value("crawl/stale_tmp_removed", removed)
        arguments = getattr(spider, "crawl_arguments", None)
        self.arguments = dict(arguments) if isinstance(arguments, Mapping) else {}
        self.started_at = datetime.now(UTC)
        try:
            self.crawl_id = await run_bounded(
                self._start, spider.name, self.arguments, timeout=self.timeout
            )
        except Exception as exc:  # noqa: BLE001 - the crawl goes on; the row is spooled at close
            logger.warning("Crawl not recorded at start (%s): recorded at close", first_line(exc))
            return
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("crawl/id", self.crawl_id)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        record = {
            "crawl_id": self.crawl_id,
            "spider": spider.name,
            "arguments": self.arguments,
            "started_at": self.started_at.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
            "reason": reason,
            "stats": dict(stats),
        }
        try:
            await run_bounded(self._finish, record, timeout=self.timeout)
            return
        except Exception as exc:  # noqa: BLE001 - database down at close: spool the row
            why = first_line(exc)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("crawl/recorded", False)
        try:
            self.spool.add_crawl(record)
        except SpoolError as exc:
            logger.error("Crawl record lost (%s; %s)", why, exc)
            return
        logger.error(
            "Crawl not recorded (%s): its record waits in the spool %s for the next run",
            why,
            self.spool.where,
        )

    def _start(self, spider: str, arguments: dict[str, Any]) -> int:
        with ArticleStore(self.url) as store:
            for row in store.open_crawls(spider):
                gone = process_alive(row.get("stats") or {}) is False
                if gone and store.close_killed(row["id"], "its process ended without closing it"):
                    logger.warning("Crawl %d never finished: recorded as killed", row["id"])
            return store.start_crawl(spider, arguments, this_process())

    def _finish(self, record: dict[str, Any]) -> None:
        with ArticleStore(self.url) as store:
            if record["crawl_id"] is None:
                record["crawl_id"] = store.restore_crawl(record)
            else:
                stats = record["stats"]
                store.finish_crawl(record["crawl_id"], record["reason"], crawl_counts(stats), stats)
        logger.info("Crawl %d recorded (%s)", record["crawl_id"], record["reason"])
