"""``scrapy crawl network``: every sister site (``-a sites=a,b`` for some) in one process.

Each site keeps its own profile, arguments, known articles and discovery state
(``SiteCrawl``); its requests carry ``meta["site"]`` and ``meta["download_slot"]`` = the
site's name, so Scrapy's downloader gives each site its own slot: politeness
(``DOWNLOAD_DELAY``, ``CONCURRENT_REQUESTS_PER_DOMAIN``, AutoThrottle) applies per
site, robots.txt is fetched and obeyed per host, and a slow or dead site only ever
fills its own slot while the others go on. Stats are kept per site under
``site/<name>/…`` beside the crawl's totals.

Sitemaps are fetched as ordinary requests here (a single-site crawl reads its start
sitemaps in ``start()`` a batch at a time), so no site's download waits for another's.
``SITE_BASE_URLS`` (a setting: site name -> base URL) points sites elsewhere, e.g. at a
mirror or the test replica.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from newsscraper.arguments import ArgumentError
from newsscraper.discovery import kind_of
from newsscraper.sites import SiteProfile, all_sites
from newsscraper.spiders.news import NewsSpider, SiteCrawl

#: The spider argument this spider adds to the common ones.
SITES_ARGUMENT = "sites"


class NetworkSpider(NewsSpider):
    name = "network"
    site: ClassVar[SiteProfile | None] = None  # type: ignore[assignment,misc]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NetworkSpider:
        kwargs["_base_urls"] = crawler.settings.getdict("SITE_BASE_URLS")
        return super().from_crawler(crawler, *args, **kwargs)  # type: ignore[return-value]

    @classmethod
    def plan(cls, arguments: dict[str, Any]) -> list[SiteCrawl]:
        profiles = {site.name: site for site in all_sites()}
        wanted = [s.strip() for s in str(arguments.get(SITES_ARGUMENT, "")).split(",")]
        wanted = [s for s in wanted if s] or list(profiles)
        unknown = [name for name in wanted if name not in profiles]
        if unknown:
            known = ", ".join(profiles)
            raise ArgumentError(f"sites={','.join(unknown)!r}: expected some of {known}")
        for given in ("base_url", "url"):
            if given in arguments:
                raise ArgumentError(f"{given}: not for a network crawl (see SITE_BASE_URLS)")
        base_urls = arguments.get("_base_urls") or {}
        common = {k: v for k, v in arguments.items() if k != SITES_ARGUMENT}
        crawls = []
        for name in dict.fromkeys(wanted):
            given = dict(common)
            if name in base_urls:
                given["base_url"] = base_urls[name]
            crawls.append(SiteCrawl.of(profiles[name], given))
        return crawls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for crawl in self.crawls.values():
            await self._load_known(crawl)
        for crawl in self.crawls.values():
            base = crawl.options.base_url
            yield self._request(crawl, f"{base}/", self.parse_listing)
            crawl.sitemaps_read.add(f"{base}/sitemap.xml")
            yield self._sitemap_request(crawl, f"{base}/sitemap.xml")

    def _request(self, crawl: SiteCrawl, url: str, callback: Any, **meta: Any) -> scrapy.Request:
        return super()._request(crawl, url, callback, download_slot=crawl.site.name, **meta)

    def robots_read(self, crawl: SiteCrawl) -> None:
        for url in crawl.robots or ():
            if url not in crawl.sitemaps_read and kind_of(url, crawl.site, crawl.scope):
                crawl.sitemaps_read.add(url)
                self.crawler.engine.crawl(self._sitemap_request(crawl, url))  # type: ignore[union-attr]

    def _crawl_of(self, response: Response | scrapy.Request) -> SiteCrawl:
        crawl = super()._crawl_of(response)
        if isinstance(response, Response):
            self.crawler.stats.inc_value(f"site/{crawl.site.name}/responses")
        return crawl
