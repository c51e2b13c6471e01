"""The known-article skip: do not download articles the database already holds.

``skip_known`` is the one rule, used twice: by the spider, so a known article never
becomes a Request (the cheap path), and by ``IncrementalMiddleware`` for requests the
spider did not make itself (a shared Redis queue, a resumed job). Article requests carry
``meta["article_id"]`` (the article key), ``meta["site"]`` (which site's articles, for a
crawl of several) and, from a sitemap, ``meta["lastmod"]``. Everything else (listings,
sitemaps, feeds) always passes, so new articles are still discovered. What is known is
loaded once per site, so the check is a dict lookup, not a query per request. A spider
with a truthy ``refresh`` attribute re-fetches everything.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newsscraper.crawlstate import known_articles, load_known
from newsscraper.storage import KnownSet, database_url

if TYPE_CHECKING:
    from datetime import datetime

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def skip_known(
    known: KnownSet | None,
    key: str,
    url: str,
    lastmod: str | datetime | None,
    stats: StatsCollector | None,
    site: str | None = None,
) -> bool:
    """True (and counted) when the article is stored and not changed since our copy."""
    if known is None or not known.is_current(key, url, lastmod):
        return False
    if stats is not None:
        stats.inc_value("incremental/skipped_known")
        if site:
            stats.inc_value(f"site/{site}/incremental/skipped_known")
    return True


def unskip(stats: StatsCollector | None, site: str | None = None) -> None:
    """Take back a ``skip_known`` count: the article is fetched after all (its sitemap
    entry, read after an undated link, says it changed)."""
    if stats is not None:
        stats.inc_value("incremental/skipped_known", -1)
        if site:
            stats.inc_value(f"site/{site}/incremental/skipped_known", -1)


def crawled_sites(spider: Spider) -> tuple[str, ...]:
    """The sites whose articles a spider fetches (a network crawl has several)."""
    return tuple(getattr(spider, "site_names", ())) or (spider.name,)


class IncrementalMiddleware:
    """Skip requests for stored articles unless the sitemap says they changed."""

    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.known: dict[str, KnownSet | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = database_url(crawler.settings)
        if url is None:
            raise NotConfigured("DATABASE_URL is empty: no incremental crawling")
        middleware = cls(crawler, url)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    async def spider_opened(self, spider: Spider) -> None:
        if not getattr(spider, "refresh", False):
            for site in crawled_sites(spider):
                self.known[site] = await known_articles(self.crawler, site)

    def process_request(self, request: Request) -> None:
        key = request.meta.get("article_id")
        if key is None:
            return
        spider = self.crawler.spider
        if spider is None or getattr(spider, "refresh", False):
            return
        site = request.meta.get("site") or spider.name
        if site not in self.known:  # spider_opened not seen (middleware added late)
            self.known[site] = load_known(self.url, site)
        lastmod = request.meta.get("lastmod")
        if skip_known(self.known[site], str(key), request.url, lastmod, self.crawler.stats, site):
            raise IgnoreRequest(f"article {key} already stored")
