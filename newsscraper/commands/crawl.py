"""``scrapy crawl`` that checks spider arguments and settings before anything starts.

Scrapy reports an exception raised while a spider is built as a traceback in the log;
a user who typed ``-a since=30.11.2024`` deserves one line and exit status 2 instead.
The database is opened once here too: an unreachable server is the same kind of
mistake, and the schema is migrated before the crawl's components open it in parallel.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newsscraper.arguments import ArgumentError, parse_arguments
from newsscraper.storage import ArticleStore, StorageError, database_url


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spider_class = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                raise UsageError(f"Spider not found: {args[0]}", print_help=False) from None
            site = getattr(spider_class, "site", None)
            try:
                if site is not None:
                    parse_arguments(site, opts.spargs)
                url = database_url(self.settings)
                if url is not None:
                    ArticleStore(url).open().close()  # reachable, schema up to date
            except (ArgumentError, StorageError) as exc:
                raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
