"""``scrapy crawl``, with checks before the crawl and one line of outcome after it.

Before: a bad spider argument, an unknown section, a database that cannot be opened are
mistakes of the command line. They get one ``scrapy crawl: error: …`` line and exit
status 2, and nothing before it: the checks run while the options are read, before
Scrapy configures its log (no version banner) and outside its usage printer (no
``Usage`` block that would suggest a typing mistake when the database is the problem).

After: Scrapy exits 0 whatever happened. This command's last line says how the crawl
ended and the exit status tells a script (``newsscraper.exitcodes``): nothing could be
fetched (4, with the cause: DNS, refused, TLS, timeouts, HTTP errors on every
request), articles not stored (5), monitors failed (3), interrupted (130).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import sys
from collections.abc import Mapping
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newsscraper import exitcodes
from newsscraper.arguments import (
    SPIDER_ARGUMENTS,
    ArgumentError,
    parse_arguments,
    parse_sections,
    resolve_sections,
    stored_names,
)
from newsscraper.errors import fail, one_line
from newsscraper.storage import ArticleStore, StorageError, database_url
from newsscraper.storage.config import check_settings

#: What a download exception means to a person (the class, as Scrapy counts it in
#: ``downloader/exception_type_count/<module.Class>``).
_CAUSES = {
    "CannotResolveHostError": "DNS lookup failed",
    "DNSLookupError": "DNS lookup failed",
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "DownloadTimeoutError": "timed out",
    "TimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
}
_TLS = re.compile(r"SSL|TLS|certificate|handshake", re.IGNORECASE)
_EXCEPTION_KEY = "downloader/exception_type_count/"
_STATUS_KEY = "downloader/response_status_count/"
#: Finish reasons that mean someone stopped the crawl.
_INTERRUPTED = frozenset({"shutdown", "cancelled"})


class FirstDownloadError(logging.Handler):
    """Keep the first download error Scrapy logs: its text names a TLS failure, which
    its stats count only as a ``DownloadFailedError``."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.message: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.message is None and record.name.startswith("scrapy.downloadermiddlewares"):
            self.message = record.getMessage().partition("): ")[2] or record.getMessage()


def _counts(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {
        key.removeprefix(prefix): int(value)
        for key, value in stats.items()
        if key.startswith(prefix) and isinstance(value, int | float)
    }


def _innermost(message: str) -> str:
    """The last quoted reason of a wrapped Twisted/OpenSSL failure, else the message.

    >>> _innermost("[<Failure OpenSSL.SSL.Error: [('SSL routines', '', 'wrong version')]>]")
    'wrong version'
    """
    quoted = re.findall(r"'([^']+)'\)\]", message)
    return one_line(quoted[-1] if quoted else message, 120)


def unreachable_cause(stats: Mapping[str, Any], first_error: str | None = None) -> str | None:
    """Why nothing could be fetched, or None when some page came back.

    >>> unreachable_cause({"downloader/response_status_count/200": 3})
    >>> unreachable_cause({"downloader/exception_type_count/scrapy.exceptions."
    ...                    "CannotResolveHostError": 3})
    'DNS lookup failed (3 requests)'
    >>> unreachable_cause({"downloader/response_status_count/503": 4})
    'every request failed: HTTP 503 (4 responses)'
    >>> unreachable_cause({"downloader/exception_type_count/x.DownloadFailedError": 2},
    ...                   "OpenSSL.SSL.Error: wrong version number")
    'TLS failed: OpenSSL.SSL.Error: wrong version number (2 requests)'
    """
    statuses = _counts(stats, _STATUS_KEY)
    if any(code.startswith(("2", "3")) for code in statuses):
        return None
    exceptions = _counts(stats, _EXCEPTION_KEY)
    if exceptions:
        name, count = max(exceptions.items(), key=lambda pair: pair[1])
        short = name.rpartition(".")[2]
        cause = _CAUSES.get(short)
        if cause is None and first_error and _TLS.search(first_error):
            cause = f"TLS failed: {_innermost(first_error)}"
        if cause is None:
            cause = one_line(first_error, 120) if first_error else short
        total = sum(exceptions.values())
        return f"{cause} ({total} request{'s' if total != 1 else ''})"
    if statuses:
        code, count = max(statuses.items(), key=lambda pair: pair[1])
        total = sum(statuses.values())
        return f"every request failed: HTTP {code} ({total} responses)"
    return None


def _number(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def outcome(
    stats: Mapping[str, Any], host: str = "", first_error: str | None = None
) -> tuple[int, str]:
    """The exit status and the last line of a crawl, from its final stats.

    >>> outcome({"finish_reason": "finished", "item_scraped_count": 2,
    ...          "downloader/response_status_count/200": 5, "store/stored": 2,
    ...          "monitors/passed": True})
    (0, 'finished: 2 articles (2 stored, 0 updated, 0 skipped as known); monitors passed')
    >>> outcome({"finish_reason": "finished", "store/unstored": 3, "item_scraped_count": 3,
    ...          "downloader/response_status_count/200": 5})[0]
    5
    >>> outcome({"finish_reason": "finished", "extraction/pool/lost": 1, "item_scraped_count": 3,
    ...          "downloader/response_status_count/200": 5})[1].split(":")[0]
    '1 article page NOT read'
    """
    reason = str(stats.get("finish_reason") or "unknown")
    items = _number(stats, "item_scraped_count")
    summary = (
        f"{items} article{'s' if items != 1 else ''} ({_number(stats, 'store/stored')} stored, "
        f"{_number(stats, 'store/updated')} updated, "
        f"{_number(stats, 'incremental/skipped_known')} skipped as known)"
    )
    found: list[tuple[int, str]] = []
    unstored = _number(stats, "store/unstored")
    if unstored:
        found.append(
            (
                exitcodes.NOT_STORED,
                f"{unstored} article{'s' if unstored != 1 else ''} NOT stored in the database "
                "(see the log for why; they wait to be stored)",
            )
        )
    lost = _number(stats, "extraction/pool/lost")
    if lost:
        found.append(
            (
                exitcodes.INTERNAL_ERROR,
                f"{lost} article page{'s' if lost != 1 else ''} NOT read: reading killed an "
                "extraction worker or took longer than EXTRACTION_TIMEOUT (see the log)",
            )
        )
    if reason in _INTERRUPTED:
        found.append((exitcodes.INTERRUPTED, f"interrupted ({reason}) after {summary}"))
    elif "finish_reason" not in stats:  # a second Ctrl-C: the spider never closed
        found.append((exitcodes.INTERRUPTED, f"interrupted (unclean shutdown) after {summary}"))
    cause = unreachable_cause(stats, first_error)
    if cause:
        where = f" from {host}" if host else ""
        found.append((exitcodes.SITE_UNREACHABLE, f"nothing could be fetched{where}: {cause}"))
    interrupted = reason in _INTERRUPTED or "finish_reason" not in stats
    if stats.get("monitors/passed") is False and not cause and not interrupted:
        # (an unreachable site or an interruption explains the empty data by itself)
        detail = one_line(stats.get("monitors/summary", ""), 200)
        found.append((exitcodes.MONITORS_FAILED, f"{reason}: {summary}; monitors FAILED: {detail}"))
    if not found:
        verdict = {True: "; monitors passed", None: ""}.get(stats.get("monitors/passed"), "")
        return exitcodes.OK, f"{reason}: {summary}{verdict}"
    status = exitcodes.worst(*(code for code, _ in found))
    found.sort(key=lambda pair: pair[0] != status)
    return status, "; ".join(line for _, line in found)


class Command(ScrapyCrawl):
    def long_desc(self) -> str:
        arguments = "\n".join(
            f"  -a {name}=…  {meaning}" for name, meaning in SPIDER_ARGUMENTS.items()
        )
        return (
            "Run a spider. Spider arguments of the news spiders:\n"
            f"{arguments}\n"
            "Exit status: 0 done, 2 bad argument or database, 3 monitors failed, "
            "4 nothing could be fetched, 5 articles not stored, 130 interrupted, "
            "1 crashed."
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) == 1:
            try:
                self._check(args[0], opts.spargs)
            except (ArgumentError, StorageError, UsageError) as exc:
                fail("crawl", str(exc))
                self._log_to_file(f"scrapy crawl: error: {one_line(exc)}")
                raise SystemExit(exitcodes.CONFIG_ERROR) from None

    def _log_to_file(self, line: str) -> None:
        """Put the error in ``LOG_FILE`` too: under scrapyd, the job's log is where
        people (and ``scrapy schedule``) look, and stderr goes to scrapyd's own output."""
        path = self.settings.get("LOG_FILE") if self.settings is not None else None
        if not path:
            return
        with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")

    def _check(self, name: str, arguments: dict[str, str]) -> None:
        """Everything that can be checked before Scrapy starts; raises one-line errors."""
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        try:
            spider_class = loader.load(name)
        except KeyError:
            known = ", ".join(sorted(loader.list()))
            raise UsageError(f"spider {name!r} not found; known: {known}") from None
        site = getattr(spider_class, "site", None)
        plan = getattr(spider_class, "plan", None)
        if plan is not None:  # the sites it covers (network: -a sites=), checked as a whole
            plan(dict(arguments))
        options = parse_arguments(site, arguments) if site is not None else None
        check_settings(self.settings)
        url = database_url(self.settings)
        if url is None:
            return
        with ArticleStore(url).open() as store:  # reachable, schema up to date
            if options is not None and options.sections:
                # Checked against what the database has seen of the site: a first crawl
                # cannot know the sections yet, so it accepts any name.
                known = stored_names(store, "section", site.name)
                if known:
                    resolve_sections(parse_sections(arguments["sections"]), known)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)
            return
        spider_class = self.crawler_process.spider_loader.load(args[0])
        crawler = self._create_crawler(spider_class)
        errors = FirstDownloadError()
        logging.getLogger().addHandler(errors)
        try:
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            logging.getLogger().removeHandler(errors)
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            fail("crawl", "the crawl could not start (see the log above)")
            self.exitcode = exitcodes.INTERNAL_ERROR
            return
        stats = crawler.stats.get_stats()
        spider = crawler.spider
        host = getattr(getattr(spider, "options", None), "domain", "")
        self.exitcode, line = outcome(stats, host, errors.message)
        print(f"scrapy crawl: {line}", file=sys.stderr, flush=True)
