"""JobDirGuard: a ``JOBDIR`` left by a killed crawl is not resumed as if it were whole.

Scrapy writes a JOBDIR's queue index (``requests.queue/active.json``) only when the
crawl closes cleanly, while ``requests.seen`` grows as requests are made. After
``kill -9`` (or a second Ctrl-C) the next run loads a seen-set that holds the home
page and the sitemap and an empty queue: it makes no request and "finishes" with
most of the site never crawled (measured: 0 requests on every resume).

So the guard marks a JOBDIR as in use while a crawl runs (``newsscraper.running``,
removed when the spider closes). Finding the mark of a process that is gone, it sets
Scrapy's state aside (``killed-<time>/``) and the crawl starts over from the home
page. That is a resume all the same: the crawl is incremental, so every article the
database holds (and every one the killed run left in the spool, replayed first) is
skipped without being downloaded; only listings, sitemaps and the articles the
killed run had not stored are fetched. Every article ends up stored once.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsscraper.extensions.crawlrecord import process_alive, this_process

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

MARK = "newsscraper.running"
#: What Scrapy keeps in a JOBDIR: the seen-set, the disk queue, the spider's state.
SCRAPY_STATE = ("requests.seen", "requests.queue", "spider.state")


class JobDirGuard:
    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir
        self.mark = jobdir / MARK

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured  # no JOBDIR: nothing to guard, no warning
        guard = cls(crawler, Path(jobdir))
        # Now, before the scheduler opens the JOBDIR: it reads requests.seen at start.
        guard.set_aside_killed_state()
        guard.mark_running()
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def set_aside_killed_state(self) -> None:
        if not self.mark.exists():
            return
        try:
            owner = json.loads(self.mark.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            owner = {}
        if process_alive(owner):
            logger.warning(
                "JOBDIR %s is marked in use by process %s, which is running: two crawls "
                "sharing one JOBDIR corrupt its queue",
                self.jobdir,
                owner.get("crawl/pid"),
            )
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        attic = self.jobdir / f"killed-{stamp}"
        attic.mkdir(parents=True, exist_ok=True)
        moved = []
        for name in SCRAPY_STATE:
            if (self.jobdir / name).exists():
                shutil.move(str(self.jobdir / name), str(attic / name))
                moved.append(name)
        logger.warning(
            "JOBDIR %s: the previous crawl (process %s) was killed before it closed, so its "
            "queue is incomplete; its state is set aside in %s and this crawl starts over. "
            "Articles already stored are skipped, not downloaded again.",
            self.jobdir,
            owner.get("crawl/pid", "?"),
            attic.name,
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("jobdir/restarted_after_kill", 1)

    def mark_running(self) -> None:
        self.jobdir.mkdir(parents=True, exist_ok=True)
        self.mark.write_text(json.dumps(this_process()), encoding="utf-8")

    def spider_closed(self) -> None:
        """The spider closed: Scrapy has written its queue; the JOBDIR is whole."""
        self.mark.unlink(missing_ok=True)
