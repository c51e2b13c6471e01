"""``scrapy smoke <spider>``: fetch the newest articles and say which fields came out.

The check to run when the site may have changed its markup. It crawls like the spider
does (same discovery, same page object, same cleaning) but stores nothing, ignores what
the database already holds, stops after ``-n`` articles, and prints per field how many
came out filled. Exit status 3, as for failed monitors, when a field is under its floor
(MONITOR_COVERAGE_FLOORS) or no article came out at all.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from newsscraper import exitcodes
from newsscraper.arguments import ArgumentError, parse_arguments
from newsscraper.errors import fail
from newsscraper.items import ARTICLE_FIELDS, PIPELINE_FIELDS
from newsscraper.monitors import DEFAULT_FLOORS

FIELDS = [f for f in ARTICLE_FIELDS if f not in PIPELINE_FIELDS]


def coverage_report(items: list[dict[str, Any]], floors: dict[str, float]) -> tuple[str, bool]:
    """A table of filled counts per field, and whether every floor holds.

    >>> text, ok = coverage_report([{"headline": "H", "photo_url": "u", "photo_credit": None}],
    ...                            {"headline": 1.0, "photo_credit": 0.5})
    >>> ok
    False
    >>> print(next(line for line in text.splitlines() if line.startswith("headline")))
    headline            1/1   100%    100%  ok
    >>> coverage_report([], {"headline": 1.0})
    ('no article came out: nothing to measure', False)
    """
    if not items:
        return "no article came out: nothing to measure", False
    with_photo = [i for i in items if i.get("photo_url")]
    lines = [f"{'field':<15} {'filled':>7} {'share':>6} {'floor':>7}", "-" * 44]
    ok = True
    for field in FIELDS:
        pool = with_photo if field == "photo_credit" else items
        filled = sum(1 for i in pool if i.get(field) not in (None, "", []))
        floor = floors.get(field)
        floor_text = "" if floor is None else f"{floor:.0%}"
        if not pool:  # no photo at all: the credit's floor has nothing to judge
            lines.append(f"{field:<15} {'0/0':>7} {'-':>6} {floor_text:>7}  (no photos)")
            continue
        share = filled / len(pool)
        status = "" if floor is None else ("ok" if share >= floor else "LOW")
        ok = ok and status != "LOW"
        counts = f"{filled}/{len(pool)}"
        line = f"{field:<15} {counts:>7} {share:>6.0%} {floor_text:>7}  {status}"
        lines.append(line.rstrip())
    return "\n".join(lines), ok


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options] <spider>"

    def short_desc(self) -> str:
        return "Fetch the newest articles and report, per field, how many came out filled"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-n",
            "--articles",
            type=int,
            default=20,
            metavar="N",
            help="how many of the newest articles to fetch (default 20)",
        )
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument (e.g. base_url=...)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("invalid -a value, use -a NAME=VALUE", print_help=False) from None
        if opts.articles < 1:
            raise UsageError("-n must be at least 1", print_help=False)
        assert self.settings is not None
        # Read only and quiet: no database (nothing is skipped as known, nothing is
        # written), no feeds, no monitors (this report is the check); set before the
        # crawler process configures logging.
        for name, value in (
            ("DATABASE_URL", ""),
            ("FEEDS", {}),
            ("SPIDERMON_ENABLED", False),
            ("CLOSESPIDER_ITEMCOUNT", opts.articles),
        ):
            self.settings.set(name, value, priority="cmdline")
        if not opts.loglevel and not opts.logfile:
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
        if len(args) == 1:  # checked before Scrapy starts: one line, no banner
            try:
                self._check(args[0], opts.spargs)
            except (ArgumentError, UsageError) as exc:
                fail("smoke", str(exc))
                raise SystemExit(exitcodes.CONFIG_ERROR) from None

    def _check(self, name: str, arguments: dict[str, str]) -> None:
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        try:
            site = getattr(loader.load(name), "site", None)
        except KeyError:
            known = ", ".join(sorted(loader.list()))
            raise UsageError(f"spider {name!r} not found; known: {known}") from None
        if site is not None:
            parse_arguments(site, arguments)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("name one spider, e.g. scrapy smoke portugalcolonial")
        assert self.crawler_process is not None and self.settings is not None
        spider_class = self.crawler_process.spider_loader.load(args[0])
        crawler = self.crawler_process.create_crawler(spider_class)
        items: list[dict[str, Any]] = []

        def collect(item: Any) -> None:
            items.append(ItemAdapter(item).asdict())

        crawler.signals.connect(collect, signal=signals.item_scraped, weak=False)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        newest = sorted(items, key=lambda i: i.get("published_at") or "", reverse=True)
        newest = newest[: opts.articles]
        floors = {**DEFAULT_FLOORS, **dict(self.settings.getdict("MONITOR_COVERAGE_FLOORS"))}
        report, ok = coverage_report(newest, {k: float(v) for k, v in floors.items()})
        print(f"{args[0]}: {len(newest)} newest articles")
        print(report)
        if ok:
            print("OK: every field at or above its floor")
        elif newest:
            print("FAIL: fields under their floor (LOW above)")
        else:
            print("FAIL: no article came out (is the site reachable? see the log above)")
        if not ok:
            self.exitcode = exitcodes.MONITORS_FAILED
        sys.stdout.flush()
