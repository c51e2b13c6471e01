"""Reference spiders for the crawl benchmark: ``-s SPIDER_MODULES=benchmarks.spiders``.

Both walk the replica the way ``portugalcolonial`` does (home, section listings and their
pagination, the sitemap, links between articles; articles before listings) but without the
project's page object, pipelines, database or incremental middleware.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.sitemap import Sitemap

from newsscraper.sites.portugalcolonial import SITE

ARTICLE_PRIORITY = 10
#: The one project component the reference spiders keep: it writes the stats file we read.
_KEEP = "newsscraper.extensions.statsfile.StatsFileExtension"


class BareSpider(scrapy.Spider):
    """The framework's ceiling: follows the same links and yields only each article's URL."""

    name = "bench_bare"

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Switch off what the project adds to Scrapy (pipelines, monitors, middlewares)."""
        super().update_settings(settings)
        for name in (
            "ITEM_PIPELINES",
            "EXTENSIONS",
            "DOWNLOADER_MIDDLEWARES",
            "SPIDER_MIDDLEWARES",
        ):
            components = settings.getdict(name)
            settings.set(
                name,
                {
                    path: order if path.startswith("scrapy.") or path == _KEEP else None
                    for path, order in components.items()
                },
                priority="spider",
            )
        settings.set("SPIDERMON_ENABLED", False, priority="spider")

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).hostname

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.base_url}/", self.parse_page)
        yield scrapy.Request(f"{self.base_url}/sitemap.xml", self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(entry["loc"], self.parse_sitemap)
            else:
                yield from self._follow(entry["loc"])

    def parse_page(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        if SITE.article(urlsplit(response.url).path):
            yield self.article(response)
        for href in response.css("a::attr(href)").getall():
            yield from self._follow(response.urljoin(href))

    def _follow(self, url: str) -> Iterator[scrapy.Request]:
        parts = urlsplit(url)
        if parts.hostname != self.host:
            return
        url = parts._replace(query="", fragment="").geturl()
        if SITE.article(parts.path):
            yield scrapy.Request(url, self.parse_page, priority=ARTICLE_PRIORITY)
        elif parts.path.endswith("/"):
            yield scrapy.Request(url, self.parse_page)

    def article(self, response: TextResponse) -> dict[str, Any]:
        return {"url": response.url}


class TrafilaturaSpider(BareSpider):
    """What a user would otherwise do: the same crawl, the body extracted by trafilatura."""

    name = "bench_trafilatura"

    def article(self, response: TextResponse) -> dict[str, Any]:
        import trafilatura  # only this spider needs it

        return {"url": response.url, "body": trafilatura.extract(response.text, url=response.url)}
