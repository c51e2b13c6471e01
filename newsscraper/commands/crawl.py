"""``scrapy crawl``, with checks before the crawl and the monitors' verdict after it.

Before: Scrapy reports an exception raised while a spider is built as a traceback in
the log; a user who typed ``-a since=30.11.2024`` deserves one line and exit status 2.
The database is opened once here too: an unreachable server is the same kind of
mistake, and the schema is migrated before the crawl's components open it in parallel.

After: Scrapy exits 0 whatever its monitors said. Exit status 3 when they failed lets
cron, systemd or a shell script act on a crawl whose data went bad.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newsscraper import exitcodes
from newsscraper.arguments import ArgumentError, parse_arguments
from newsscraper.storage import ArticleStore, StorageError, database_url
from newsscraper.storage.config import check_settings

#: Exit status of a crawl that ran but whose monitors failed.
MONITORS_FAILED = 3


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)
            return
        try:
            spider_class = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            raise UsageError(f"Spider not found: {args[0]}", print_help=False) from None
        self._check(spider_class, opts.spargs)
        crawler = self._create_crawler(spider_class)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif stats.get("store/unstored") or stats.get("finish_reason") in (None, "shutdown"):
            # Articles not in the database (exitcodes.NOT_STORED), or stopped by hand,
            # cleanly or not (exitcodes.INTERRUPTED): never a success.
            interrupted = stats.get("finish_reason") in (None, "shutdown")
            self.exitcode = exitcodes.worst(
                exitcodes.NOT_STORED if stats.get("store/unstored") else exitcodes.OK,
                exitcodes.INTERRUPTED if interrupted else exitcodes.OK,
            )
            print(f"scrapy crawl: {_unclean(stats)}", file=sys.stderr)
        elif crawler.stats is not None and crawler.stats.get_value("monitors/passed") is False:
            summary = crawler.stats.get_value("monitors/summary", "")
            print(f"scrapy crawl: monitors failed: {summary}", file=sys.stderr)
            self.exitcode = MONITORS_FAILED

    def _check(self, spider_class: type, arguments: dict[str, str]) -> None:
        site = getattr(spider_class, "site", None)
        try:
            if site is not None:
                parse_arguments(site, arguments)
            check_settings(self.settings)
            url = database_url(self.settings)
            if url is not None:
                ArticleStore(url).open().close()  # reachable, schema up to date
        except (ArgumentError, StorageError) as exc:
            raise UsageError(str(exc), print_help=False) from None


def _unclean(stats: dict) -> str:
    if stats.get("store/unstored"):
        return f"{stats['store/unstored']} extracted articles are not in the database (see the log)"
    if stats.get("finish_reason") is None:
        return "interrupted: the crawl was shut down before it closed"
    return "interrupted: stopped by hand; run the same command again to go on"
