"""IncrementalMiddleware: do not download articles the database already holds.

Spiders mark article requests with ``meta["article_id"]`` (and, from a
sitemap, ``meta["lastmod"]``). Everything else (listings, sitemaps, feeds)
always passes, so new articles are still discovered. What is known is loaded
once at spider open, so the check is a dict lookup, not a query per request.
A spider with a truthy ``refresh`` attribute re-fetches everything.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from newsscraper.crawlstate import known_articles, load_known
from newsscraper.storage import KnownSet, database_url

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Skip requests for stored articles unless the sitemap says they changed."""

    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.known: KnownSet | None = None

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
            self.known = await known_articles(self.crawler, spider.name)

    def process_request(self, request: Request) -> None:
        article_id = request.meta.get("article_id")
        if article_id is None:
            return
        spider = self.crawler.spider
        if spider is None or getattr(spider, "refresh", False):
            return
        if self.known is None:  # spider_opened not seen (middleware added late)
            self.known = load_known(self.url, spider.name)
        if self.known.is_current(str(article_id), request.url, request.meta.get("lastmod")):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("incremental/skipped_known")
            raise IgnoreRequest(f"article {article_id} already stored")
