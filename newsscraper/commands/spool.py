"""``scrapy spool``: what waits for the database, and ``--replay`` to store it now.

A crawl whose database was down, read-only or full kept the articles it could not
store in the spool (``newsscraper.storage.spool``). The next crawl against that
database stores them before it starts; this command shows them and stores them
without crawling.

Exit status: 0 when nothing waits (after ``--replay``: when everything was stored),
5 (``NOT_STORED``) when articles still wait, 2 for a bad option or database URL.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from newsscraper import exitcodes
from newsscraper.storage import ArticleStore, StorageError, database_url, normalize_url, redact
from newsscraper.storage.spool import Pending, Spool, replay_into


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--replay] [--database-url URL]"

    def short_desc(self) -> str:
        return "Show (or store) the articles waiting in the spool for the database"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        group = parser.add_argument_group("Spool Options")
        group.add_argument("--replay", action="store_true", help="store what waits now")
        group.add_argument(
            "--database-url",
            metavar="URL",
            help="the database (default: NEWSSCRAPER_DATABASE_URL, then DATABASE_URL)",
        )
        group.add_argument("--spool-dir", metavar="DIR", help="where the spool is (SPOOL_DIR)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            if args:
                raise StorageError(f"unexpected argument {args[0]!r}")
            url = (
                normalize_url(opts.database_url)
                if opts.database_url
                else database_url(self.settings)
            )
            if url is None:
                raise StorageError("DATABASE_URL is empty: there is no database to spool for")
        except StorageError as exc:
            self._say(f"error: {exc}", error=True)
            self.exitcode = exitcodes.CONFIG_ERROR
            return
        spool = Spool.for_database(url, opts.spool_dir or self.settings.get("SPOOL_DIR") or None)
        if opts.replay:
            self._replay(url, spool)
        else:
            self._show(url, spool, spool.pending())

    def _show(self, url: str, spool: Spool, pending: Pending) -> None:
        if not pending.entries:
            print(f"nothing waits for {redact(url)} (spool {spool.path})")
            return
        oldest = pending.oldest or "?"
        print(
            f"{pending.articles} articles and {pending.crawls} crawl records wait for "
            f"{redact(url)} in {spool.where} (oldest spooled {oldest}); "
            "store them with `scrapy spool --replay` or the next crawl"
        )
        if pending.damaged:
            print(f"lines cut short by a crash: {pending.damaged} (never acknowledged, skipped)")
        self.exitcode = exitcodes.NOT_STORED

    def _replay(self, url: str, spool: Spool) -> None:
        try:
            with ArticleStore(url) as store:
                done = replay_into(spool, store)
        except StorageError as exc:
            self._say(f"error: {exc}; nothing replayed", error=True)
            self.exitcode = exitcodes.NOT_STORED
            return
        print(f"stored {done.articles} articles and {done.crawls} crawl records in {redact(url)}")
        if done.error:
            self._say(
                f"error: {done.error}; {done.left.articles} articles still wait in {spool.where}",
                error=True,
            )
            self.exitcode = exitcodes.NOT_STORED

    @staticmethod
    def _say(message: str, error: bool = False) -> None:
        print(f"scrapy spool: {message}", file=sys.stderr if error else sys.stdout)
