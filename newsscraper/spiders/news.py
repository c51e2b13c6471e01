"""NewsSpider: crawling only. Discovery, pagination, filters and arguments.

A site's spider is this class with a ``site`` profile and a ``name``. Extraction is
the page object's job (``newsscraper.pages``); what happens to items is the pipelines'.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from newsscraper.arguments import CrawlOptions, parse_arguments
from newsscraper.dates import parse_machine_date
from newsscraper.discovery import (
    ArticleLink,
    article_link,
    links,
    listing_language,
    listing_links,
    listing_section,
)
from newsscraper.items import ArticleItem
from newsscraper.pages import ArticlePage
from newsscraper.processors import strip_tracking
from newsscraper.sites import SiteProfile

logger = logging.getLogger(__name__)

ARTICLE_PRIORITY = 10  # finish articles before opening more listings: the frontier stays small


class NewsSpider(scrapy.Spider):
    site: ClassVar[SiteProfile]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options: CrawlOptions = parse_arguments(self.site, kwargs)
        super().__init__(*args, **kwargs)
        self.allowed_domains = [self.options.domain]
        self.refresh = self.options.refresh
        self.crawl_arguments = self.options.as_dict()
        self._requested_ids: set[str] = set()
        for key in self.options.unknown:
            logger.warning("Ignoring unknown spider argument %r", key)

    # -- starting points ----------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.options.urls:
            for url in self.options.urls:
                link = article_link(strip_tracking(url), self.site, self.options.domain)
                if link is None:
                    logger.warning("Not an article URL of %s: %s", self.site.name, url)
                    continue
                yield self._article_request(link, follow=False)
            return
        base = self.options.base_url
        yield scrapy.Request(f"{base}/", callback=self.parse_listing, errback=self.failed)
        yield scrapy.Request(
            f"{base}/sitemap.xml",
            callback=self.parse_sitemap,
            errback=self.failed,
            meta={"optional": True},
        )

    # -- requests -----------------------------------------------------------------------

    def _wanted(self, language: str | None, section: str | None) -> bool:
        opts = self.options
        if opts.languages and (language or self.site.default_language) not in opts.languages:
            return False
        return not (opts.sections and section and section.casefold() not in opts.sections)

    def _in_range(self, when: datetime | None) -> bool:
        opts = self.options
        if when is None:
            return True
        return not (opts.since and when < opts.since or opts.until and when >= opts.until)

    def _article_request(
        self, link: ArticleLink, follow: bool = True, lastmod: str | None = None
    ) -> scrapy.Request | None:
        if link.article_id in self._requested_ids and follow:
            self.crawler.stats.inc_value("discovery/duplicate_id")
            return None
        self._requested_ids.add(link.article_id)
        meta = {"article_id": link.article_id, "follow": follow}
        if lastmod:
            meta["lastmod"] = lastmod
        return scrapy.Request(
            link.url,
            callback=self.parse_article,
            errback=self.failed,
            meta=meta,
            priority=ARTICLE_PRIORITY,
        )

    def _follow_articles(self, found: list[ArticleLink]) -> Iterator[scrapy.Request]:
        for link in found:
            if not self._wanted(link.language, link.section):
                continue
            if not self._in_range(link.listed_at):
                self.crawler.stats.inc_value("discovery/out_of_range")
                continue
            request = self._article_request(link)
            if request is not None:
                yield request

    # -- callbacks ----------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        page_language = listing_language(response.url, self.site)
        articles, listings = listing_links(
            response.selector,
            response.url,
            self.site,
            self.options.domain,
            page_language or self.site.default_language,
        )
        yield from self._follow_articles(articles)
        dated = [a.listed_at for a in articles if a.listed_at]
        since = self.options.since
        if since and dated and max(dated) < since:
            self.crawler.stats.inc_value("discovery/listing_older_than_since")
            return  # everything here and on later pages is older than asked for
        for url in listings:
            if self._wanted(listing_language(url, self.site), listing_section(url, self.site)):
                yield scrapy.Request(url, callback=self.parse_listing, errback=self.failed)
        yield from self._feeds(response.selector, response.url)

    def _feeds(self, selector: Selector, base: str) -> Iterator[scrapy.Request]:
        query = "//link[@rel='alternate'][contains(@type,'rss') or contains(@type,'atom')]/@href"
        for href in selector.xpath(query).getall():
            yield scrapy.Request(
                _join(base, href),
                callback=self.parse_feed,
                errback=self.failed,
                meta={"optional": True},
            )

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        body = response.body
        try:
            sitemap = Sitemap(body)
        except Exception:  # noqa: BLE001 - a broken sitemap must not end the crawl
            self.crawler.stats.inc_value("discovery/bad_sitemap")
            return
        since = self.options.since
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            lastmod = entry.get("lastmod")
            changed = parse_machine_date(lastmod, self.site.timezone)
            if since and changed and changed < since:
                # nothing in it (or it) changed since then, so nothing was published
                self.crawler.stats.inc_value("discovery/out_of_range")
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(
                    _join(response.url, loc),
                    callback=self.parse_sitemap,
                    errback=self.failed,
                    meta={"optional": True},
                )
                continue
            link = article_link(
                strip_tracking(_join(response.url, loc)), self.site, self.options.domain
            )
            if link is None or not self._wanted(link.language, link.section):
                continue
            request = self._article_request(link, lastmod=lastmod)
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        selector = Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        found = []
        for entry in selector.xpath("//item | //entry"):
            href = entry.xpath("link/text()").get() or entry.xpath("link/@href").get()
            link = article_link(
                strip_tracking(_join(response.url, href or "")), self.site, self.options.domain
            )
            if link is None:
                continue
            raw = entry.xpath("pubDate/text() | published/text() | updated/text()").get()
            found.append(
                ArticleLink(
                    link.url,
                    link.article_id,
                    link.section,
                    link.language,
                    parse_machine_date(raw, self.site.timezone),
                )
            )
        yield from self._follow_articles(found)

    def parse_article(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("skipped/not_html")
            return
        page = ArticlePage(response.url, response.text, self.site)
        item = page.to_item()
        for field, rule in page.rules.items():
            stats.inc_value(f"extract/{field}/{rule}")
        for field in ("headline", "body", "published_at", "byline", "photo_url"):
            if not item.get(field):
                stats.inc_value(f"extract/{field}/missing")
        if response.meta.get("follow", True):
            found = [
                link
                for url, _ in links(response.selector, response.url)
                if (link := article_link(url, self.site, self.options.domain))
            ]
            yield from self._follow_articles(found)
        if not self._wanted(item["language"], item["section"]):
            stats.inc_value("skipped/filtered_language_or_section")
            return
        published = parse_machine_date(item["published_at"])
        if (self.options.since or self.options.until) and (
            published is None or not self._in_range(published)
        ):
            stats.inc_value("skipped/out_of_range")
            return
        yield item

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        if failure.check(HttpError):
            status = failure.value.response.status
            stats.inc_value(f"skipped/http_{status}")
            level = logging.DEBUG if request.meta.get("optional") else logging.INFO
            logger.log(level, "Skipped %s: HTTP %s", request.url, status)
        else:
            stats.inc_value(f"skipped/{failure.type.__name__}")
            logger.info("Skipped %s: %s", request.url, failure.getErrorMessage())


def _join(base: str, href: str) -> str:
    return urljoin(base, href.strip())
