"""NewsSpider: crawling only. Discovery, pagination, filters and arguments.

A site's spider is this class with a ``site`` profile and a ``name``. Extraction is
the page object's job (``newsscraper.extraction.page``); what happens to items is the pipelines'.

Discovery starts at the home page, ``/sitemap.xml`` and the sitemaps robots.txt names,
and follows listings (sections, pagination, archives), feeds and articles. Two rules
keep it out of traps and make repeated crawls short: a listing page below the home
page that links no article is a dead end (empty archive months, pages past the last),
so is one that lists the very articles an earlier listing did (a pager that answers
every number with its last page), and so is one whose articles the database holds
already (older pages hold older news), unless ``refresh=1``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from newsscraper.arguments import CrawlOptions, parse_arguments
from newsscraper.crawlstate import known_articles
from newsscraper.discovery import (
    ArticleLink,
    PageLinks,
    SiteScope,
    absolute_url,
    article_link,
    kind_of,
    listing_language,
    listing_section,
    page_links,
)
from newsscraper.extraction.dates import parse_machine_date
from newsscraper.extraction.page import ArticlePage
from newsscraper.extraction.text import strip_tracking
from newsscraper.items import ArticleItem
from newsscraper.sites import SiteProfile
from newsscraper.storage import KnownSet

logger = logging.getLogger(__name__)

ARTICLE_PRIORITY = 10  # finish articles before opening more listings: the frontier stays small
_SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit
_SITEMAP_BATCH = 200  # article requests handed to the scheduler at a time


class NewsSpider(scrapy.Spider):
    site: ClassVar[SiteProfile]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options: CrawlOptions = parse_arguments(self.site, kwargs)
        super().__init__(*args, **kwargs)
        self.scope = SiteScope.of(self.options.base_url)
        self.allowed_domains = [self.options.domain.removeprefix("www.")]
        self.refresh = self.options.refresh
        self.crawl_arguments = self.options.as_dict()
        self.known: KnownSet | None = None
        self._requested_ids: set[str] = set()
        self._sitemaps_read: set[str] = set()
        self._listings_seen: set[int] = set()

    # -- starting points ----------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.refresh:
            self.known = await known_articles(self.crawler, self.name)
        if self.options.urls:
            for url in self.options.urls:
                link = article_link(strip_tracking(url), self.site, self.scope)
                if link is None:
                    logger.warning("Not an article URL of %s: %s", self.site.name, url)
                    continue
                request = self._article_request(link, follow=False)
                if request is not None:
                    yield request
            return
        base = self.options.base_url
        yield scrapy.Request(f"{base}/", callback=self.parse_listing, errback=self.failed)
        async for request in self._sitemaps(f"{base}/sitemap.xml"):
            yield request

    async def _sitemaps(self, first: str) -> AsyncIterator[scrapy.Request]:
        """The sitemaps' article requests, read here rather than in a callback.

        Scrapy schedules a callback's requests all at once; here they are handed out a
        batch at a time, each when the scheduler has run dry, so a 100k-article sitemap
        keeps the frontier, and memory, as small as a batch.
        """
        pending = [first]
        given = 0
        while pending:
            url = pending.pop(0)
            if url in self._sitemaps_read:
                continue
            self._sitemaps_read.add(url)
            if self._seen_elsewhere(url):
                continue
            response = await self._download(url)
            if url == first:  # robots.txt has been read on the way: its Sitemap lines
                pending += [
                    u for u in self._robots_sitemaps(url) if kind_of(u, self.site, self.scope)
                ]
            if response is None:
                continue
            for kind, found in self._read_sitemap(response):
                if kind == "sitemap":
                    pending.append(found)
                    continue
                yield found
                given += 1
                if given % _SITEMAP_BATCH == 0:
                    # Scrapy consumes start() as fast as it can: hand out a batch, then
                    # wait for the scheduler to run dry before the next one.
                    await self.crawler.signals.wait_for(signals.scheduler_empty)

    def _seen_elsewhere(self, url: str) -> bool:
        """Asks the scheduler's dupefilter, which a distributed crawl shares: one worker
        reads a sitemap, the others take its articles from the shared queue."""
        dupefilter = getattr(self.crawler.engine.scheduler, "df", None)  # type: ignore[union-attr]
        return dupefilter is not None and dupefilter.request_seen(scrapy.Request(url))

    async def _download(self, url: str) -> Response | None:
        """A sitemap fetched outside the scheduler (robots.txt and offsite still apply)."""
        request = scrapy.Request(url, meta={"optional": True}, dont_filter=True)
        try:
            response = await self.crawler.engine.download_async(request)  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - robots.txt, offsite, network: skip it
            self.crawler.stats.inc_value(f"skipped/{type(exc).__name__}")
            logger.debug("Skipped sitemap %s: %s", url, exc)
            return None
        if response.status != 200:
            self.crawler.stats.inc_value(f"skipped/http_{response.status}")
            return None
        return response

    def _robots_sitemaps(self, url: str) -> list[str]:
        """The ``Sitemap:`` lines of the robots.txt Scrapy fetched (not fetched again)."""
        engine = self.crawler.engine
        try:
            for middleware in engine.downloader.middleware.middlewares:  # type: ignore[union-attr]
                if isinstance(middleware, RobotsTxtMiddleware):
                    parser = middleware._parsers.get(urlsplit(url).netloc)
                    lines = getattr(getattr(parser, "rp", None), "sitemaps", [])
                    found = (absolute_url(url, line) for line in lines)  # some print paths
                    return [sitemap for sitemap in found if sitemap]
        except Exception:  # noqa: BLE001 - Scrapy internals: a change must not stop a crawl
            logger.debug("robots.txt sitemaps unavailable", exc_info=True)
        return []

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
        if self.known is not None and self.known.is_current(link.article_id, link.url, lastmod):
            # Known and not changed since: no Request at all. (IncrementalMiddleware would
            # drop it too, but only after Scrapy scheduled it: 0.7 ms per known article.)
            self.crawler.stats.inc_value("incremental/skipped_known")
            return None
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

    def _sitemap_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_sitemap, errback=self.failed, meta={"optional": True}
        )

    def _follow_articles(self, found: Iterable[ArticleLink]) -> Iterator[scrapy.Request]:
        for link in found:
            if not self._wanted(link.language, link.section):
                continue
            if not self._in_range(link.listed_at):
                self.crawler.stats.inc_value("discovery/out_of_range")
                continue
            request = self._article_request(link)
            if request is not None:
                yield request

    def _follow_links(self, found: PageLinks, depth: int) -> Iterator[scrapy.Request]:
        """Listings (at ``depth``), feeds and sitemaps a page links to."""
        for url in found.listings:
            language = listing_language(url, self.site, self.scope)
            if self._wanted(language, listing_section(url, self.site, self.scope)):
                yield scrapy.Request(
                    url,
                    callback=self.parse_listing,
                    errback=self.failed,
                    meta={"listing_depth": depth},
                )
        for url in found.feeds:
            yield scrapy.Request(
                url, callback=self.parse_feed, errback=self.failed, meta={"optional": True}
            )
        for url in found.sitemaps:
            if url not in self._sitemaps_read:
                yield self._sitemap_request(url)

    def _dead_end(self, found: PageLinks, depth: int) -> str | None:
        """Why the listings this page links to are not worth following, if they are not."""
        if depth == 0:
            return None  # the home page always leads somewhere
        if not found.articles:
            return "listing_without_articles"
        listed = hash(frozenset(a.article_id for a in found.articles))
        if listed in self._listings_seen:
            return "listing_repeated"  # a pager that serves its last page for every number
        self._listings_seen.add(listed)
        known = self.known
        if known is not None and all(known.get(a.article_id, a.url) for a in found.articles):
            return "listing_all_known"
        dated = [a.listed_at for a in found.articles if a.listed_at]
        since = self.options.since
        if since and dated and max(dated) < since:
            return "listing_older_than_since"
        return None

    # -- callbacks ----------------------------------------------------------------------

    def _links(self, response: TextResponse, dates: bool = True) -> PageLinks:
        language = listing_language(response.url, self.site, self.scope)
        return page_links(
            response.selector,
            response.url,
            self.site,
            self.scope,
            language or self.site.default_language,
            dates=dates,
        )

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        depth = response.meta.get("listing_depth", 0)
        found = self._links(response)
        yield from self._follow_articles(found.articles)
        why = self._dead_end(found, depth)
        if why:
            self.crawler.stats.inc_value(f"discovery/{why}")
            found.listings.clear()
        yield from self._follow_links(found, depth + 1)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap a page links to (those of the start are read in ``start``)."""
        for kind, found in self._read_sitemap(response):
            yield self._sitemap_request(found) if kind == "sitemap" else found

    def _read_sitemap(self, response: Response) -> Iterator[tuple[str, Any]]:
        """("sitemap", url) for each child of an index, ("article", request) for articles."""
        body = response.body
        try:
            if body[:2] == b"\x1f\x8b":  # a .xml.gz file, not transfer-encoded
                body = gunzip(body, max_size=_SITEMAP_MAX_BYTES)
            sitemap = Sitemap(body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip())
        except Exception:  # noqa: BLE001 - a broken sitemap must not end the crawl
            self.crawler.stats.inc_value("discovery/bad_sitemap")
            return
        since = self.options.since
        for entry in sitemap:
            loc = absolute_url(response.url, entry.get("loc", ""))
            lastmod = entry.get("lastmod")
            changed = parse_machine_date(lastmod, self.site.timezone)
            if loc is None:
                continue
            if since and changed and changed < since:
                # nothing in it (or it) changed since then, so nothing was published
                self.crawler.stats.inc_value("discovery/out_of_range")
                continue
            if sitemap.type == "sitemapindex":
                yield "sitemap", loc
                continue
            link = article_link(strip_tracking(loc), self.site, self.scope)
            if link is None or not self._wanted(link.language, link.section):
                continue
            request = self._article_request(link, lastmod=lastmod)
            if request is not None:
                yield "article", request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        selector = Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        found = []
        for entry in selector.xpath("//item | //entry"):
            href = (
                entry.xpath("link[not(@rel) or @rel='alternate']/@href").get()
                or entry.xpath("link/text()").get()
                or entry.xpath("guid[not(@isPermaLink='false')]/text()").get()
            )
            url = absolute_url(response.url, href or "")
            link = article_link(strip_tracking(url), self.site, self.scope) if url else None
            if link is None:
                continue
            raw = entry.xpath("pubDate/text() | published/text() | updated/text()").get()
            when = parse_machine_date(raw, self.site.timezone)
            found.append(ArticleLink(link.url, link.article_id, link.section, link.language, when))
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
            found = self._links(response, dates=False)
            yield from self._follow_articles(found.articles)
            yield from self._follow_links(found, depth=1)  # menus and breadcrumbs
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
