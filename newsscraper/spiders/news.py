"""NewsSpider: crawling only. Discovery, pagination, filters and arguments.

``scrapy crawl news -a base_url=https://example.com`` crawls any news site with the
generic profile (``sites.GENERIC``); every profiled site gets a subclass of this spider
(``newsscraper.spiders.sites``) and ``network`` crawls several sites in one process
(``newsscraper.spiders.network``). Extraction is the page object's job (the profile's
``page``, else ``ArticlePage``); what happens to items is the pipelines'. What robots.txt,
sitemaps and feeds list is read by ``newsscraper.discovery``.

Discovery starts at the home page, ``/sitemap.xml`` and the sitemaps robots.txt names,
and follows listings (sections, pagination, archives), feeds and articles. Two rules
keep it out of traps and make repeated crawls short: a listing page below the home
page that links no article is a dead end (empty archive months, pages past the last),
so is one that lists the very articles an earlier listing did (a pager that answers
every number with its last page), and so is one whose articles the database holds
already (older pages hold older news), unless ``refresh=1``.

A site whose article URLs carry no id (``/2024/11/30/slug/``) is read by the same
rules: its article links are told by their shape (``sites.slug_article``), and a page
reached as a listing that turns out to be an article (Open Graph or JSON-LD says so,
and it has a headline, a date and a body) is read as one too.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsscraper.arguments import ArgumentError, CrawlOptions, parse_arguments
from newsscraper.crawlstate import known_articles
from newsscraper.discovery import (
    ArticleLink,
    LinkMemo,
    PageLinks,
    SitemapEntry,
    SiteScope,
    article_link,
    kind_of,
    listing_language,
    listing_section,
    page_links,
    read_feed,
    robots_sitemaps,
    stream_sitemap,
)
from newsscraper.extraction.dates import parse_machine_date
from newsscraper.extraction.dom import ld_article
from newsscraper.extraction.page import Extraction
from newsscraper.extraction.text import strip_tracking
from newsscraper.items import ArticleItem
from newsscraper.middlewares.incremental import skip_known, unskip
from newsscraper.offload import PageRead, PageReader, read_article
from newsscraper.sites import GENERIC, SiteProfile, article_key, site_name_of
from newsscraper.storage import KnownSet
from newsscraper.storage.known import SeenSet

logger = logging.getLogger(__name__)

ARTICLE_PRIORITY = 10  # finish articles before opening more listings: the frontier stays small
_SITEMAP_BATCH = 200  # article requests handed to the scheduler at a time
#: Prefix of the ``requested`` key of a stored article skipped on a link without a date.
_UNDATED = "undated:"
_RECENT_PAGES = 2048  # listing and feed URLs remembered as already requested


class Recent:
    """The last ``size`` keys added: a bounded set for what every page repeats."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: dict[str, None] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        self._keys[key] = None
        if len(self._keys) > self.size:
            del self._keys[next(iter(self._keys))]


@dataclass
class SiteCrawl:
    """One site's part of a crawl: its profile, arguments and what was asked of it."""

    site: SiteProfile
    options: CrawlOptions
    scope: SiteScope
    known: KnownSet | None = None
    requested: SeenSet = field(default_factory=SeenSet)  # flat memory however large
    sitemaps_read: set[str] = field(default_factory=set)
    listings_seen: set[int] = field(default_factory=set)
    robots: list[str] | None = None  # the Sitemap lines of its robots.txt, once fetched
    # What each link its pages repeat is, and which listings and feeds were requested
    # lately (the scheduler's dupefilter would drop them again): both bounded.
    links: LinkMemo = field(init=False)
    requested_pages: Recent = field(init=False)

    def __post_init__(self) -> None:
        self.links = LinkMemo(self.site, self.scope)
        self.requested_pages = Recent(_RECENT_PAGES)

    @classmethod
    def of(cls, site: SiteProfile, arguments: dict[str, Any]) -> SiteCrawl:
        options = parse_arguments(site, arguments)
        if site.base_url is None:  # a site nobody profiled: named after its domain
            name = site_name_of(urlsplit(options.base_url).netloc)
            site = dataclasses.replace(site, name=name, base_url=options.base_url)
        return cls(site, options, SiteScope.of(options.base_url))

    def wanted(self, language: str | None, section: str | None) -> bool:
        opts = self.options
        language = language or self.site.default_language
        if opts.languages and language is not None and language not in opts.languages:
            return False
        return not (opts.sections and section and section.casefold() not in opts.sections)

    def in_range(self, when: datetime | None) -> bool:
        opts = self.options
        if when is None:
            return True
        return not (opts.since and when < opts.since or opts.until and when >= opts.until)


class NewsSpider(scrapy.Spider):
    name = "news"
    site: ClassVar[SiteProfile] = GENERIC
    reader: PageReader  # how article pages are read (newsscraper.offload)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        crawls = self.plan(kwargs)
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k != "sites"})
        self.crawls: dict[str, SiteCrawl] = {crawl.site.name: crawl for crawl in crawls}
        first = crawls[0]
        self.options = first.options
        self.refresh = first.options.refresh
        self.crawl_arguments = first.options.as_dict()
        if len(crawls) > 1:
            self.crawl_arguments["sites"] = list(self.crawls)
        self.allowed_domains = [c.options.domain.removeprefix("www.") for c in crawls]

    @classmethod
    def plan(cls, arguments: dict[str, Any]) -> list[SiteCrawl]:
        """The sites this crawl covers, with their validated arguments."""
        if cls.site.base_url is None and not (arguments.get("base_url") or arguments.get("url")):
            raise ArgumentError(
                f"base_url: the {cls.name!r} spider crawls any site, name it with "
                "-a base_url=https://example.com"
            )
        return [SiteCrawl.of(cls.site, arguments)]

    @property
    def site_names(self) -> tuple[str, ...]:
        """The names the crawl stores articles under (the incremental middleware's)."""
        return tuple(self.crawls)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._downloaded, signal=signals.response_downloaded)
        spider.reader = PageReader.from_crawler(crawler)
        return spider

    # -- starting points ----------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for crawl in self.crawls.values():
            await self._load_known(crawl)
        (crawl,) = self.crawls.values()
        if crawl.options.urls:
            for request in self._given_urls(crawl):
                yield request
            return
        base = crawl.options.base_url
        yield self._request(crawl, f"{base}/", self.parse_listing)
        async for request in self._sitemaps(crawl, f"{base}/sitemap.xml"):
            yield request

    async def _load_known(self, crawl: SiteCrawl) -> None:
        if not self.refresh:
            crawl.known = await known_articles(self.crawler, crawl.site.name)

    def _given_urls(self, crawl: SiteCrawl) -> Iterator[scrapy.Request]:
        for url in crawl.options.urls:
            link = article_link(strip_tracking(url), crawl.site, crawl.scope)
            if link is None and crawl.site.slug_urls:  # any page the user names
                path = urlsplit(url).path
                link = ArticleLink(strip_tracking(url), article_key(path), None, None)
            if link is None:
                logger.warning("Not an article URL of %s: %s", crawl.site.name, url)
                continue
            request = self._article_request(crawl, link, follow=False)
            if request is not None:
                yield request

    async def _sitemaps(self, crawl: SiteCrawl, first: str) -> AsyncIterator[scrapy.Request]:
        """The sitemaps' article requests, read here rather than in a callback.

        Scrapy schedules a callback's requests all at once; here they are handed out a
        batch at a time, each when the scheduler has run dry, so a 100k-article sitemap
        keeps the frontier, and memory, as small as a batch.
        """
        pending = [first]
        given = 0
        while pending:
            url = pending.pop(0)
            if url in crawl.sitemaps_read:
                continue
            crawl.sitemaps_read.add(url)
            if self._seen_elsewhere(url):
                continue
            response = await self._download(url)
            if url == first:  # robots.txt has been fetched on the way: its Sitemap lines
                pending += [u for u in crawl.robots or () if kind_of(u, crawl.site, crawl.scope)]
            if response is None:
                continue
            content = stream_sitemap(response)  # its bytes spilled to a file: drop the response
            del response
            for kind, found in self._read_sitemap(crawl, content):
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

    def _downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        """Every download passes here, the robots.txt RobotsTxtMiddleware fetches too:
        its ``Sitemap:`` lines are read once, not fetched a second time."""
        parts = urlsplit(response.url)
        if parts.path != "/robots.txt" or response.status != 200:
            return
        for crawl in self.crawls.values():
            if crawl.robots is None and crawl.scope.contains(response.url):
                crawl.robots = robots_sitemaps(response.body, response.url)
                self.robots_read(crawl)

    def robots_read(self, crawl: SiteCrawl) -> None:
        """Called when a site's robots.txt has been read (``network`` follows its lines)."""

    # -- requests -----------------------------------------------------------------------

    def _crawl_of(self, response: Response | Request) -> SiteCrawl:
        name = response.meta.get("site")
        if name in self.crawls:
            return self.crawls[name]
        return next(iter(self.crawls.values()))

    def _request(self, crawl: SiteCrawl, url: str, callback: Any, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.failed, meta={"site": crawl.site.name, **meta}
        )

    def _article_request(
        self,
        crawl: SiteCrawl,
        link: ArticleLink,
        follow: bool = True,
        lastmod: str | None = None,
    ) -> scrapy.Request | None:
        # A stored article skipped on a link that carries no date (a listing's, the home
        # page's) is remembered apart: the sitemap's entry for it, with its <lastmod>,
        # may still say it changed, whichever of the two the crawl reads first.
        undated = _UNDATED + link.article_id
        if follow and (
            link.article_id in crawl.requested or (lastmod is None and undated in crawl.requested)
        ):
            self.crawler.stats.inc_value("discovery/duplicate_id")
            return None
        stats, site = self.crawler.stats, crawl.site.name
        counted = lastmod is not None and undated in crawl.requested  # skipped once already
        if skip_known(
            crawl.known, link.article_id, link.url, lastmod, None if counted else stats, site
        ):
            crawl.requested.add(link.article_id if lastmod else undated)
            return None  # known and not changed since: no Request at all
        if counted:
            unskip(stats, site)
        crawl.requested.add(link.article_id)
        meta: dict[str, Any] = {"article_id": link.article_id, "follow": follow}
        if lastmod:
            meta["lastmod"] = lastmod
        request = self._request(crawl, link.url, self.parse_article, **meta)
        request.priority = ARTICLE_PRIORITY
        return request

    def _sitemap_request(self, crawl: SiteCrawl, url: str) -> scrapy.Request:
        return self._request(crawl, url, self.parse_sitemap, optional=True)

    def _follow_articles(
        self, crawl: SiteCrawl, found: Iterable[ArticleLink]
    ) -> Iterator[scrapy.Request]:
        for link in found:
            if not crawl.wanted(link.language, link.section):
                continue
            if not crawl.in_range(link.listed_at):
                self.crawler.stats.inc_value("discovery/out_of_range")
                continue
            request = self._article_request(crawl, link)
            if request is not None:
                yield request

    def _follow_links(
        self, crawl: SiteCrawl, found: PageLinks, depth: int
    ) -> Iterator[scrapy.Request]:
        """Listings (at ``depth``), feeds and sitemaps a page links to."""
        site, scope, recent = crawl.site, crawl.scope, crawl.requested_pages
        for url in found.listings:
            if url in recent:  # menus: the same listings on every page
                continue
            recent.add(url)
            language = listing_language(url, site, scope)
            if crawl.wanted(language, listing_section(url, site, scope)):
                yield self._request(crawl, url, self.parse_listing, listing_depth=depth)
        for url in found.feeds:
            if url not in recent:
                recent.add(url)
                yield self._request(crawl, url, self.parse_feed, optional=True)
        for url in found.sitemaps:
            if url not in crawl.sitemaps_read:
                yield self._sitemap_request(crawl, url)

    def _dead_end(self, crawl: SiteCrawl, found: PageLinks, depth: int) -> str | None:
        """Why the listings this page links to are not worth following, if they are not."""
        if depth == 0:
            return None  # the home page always leads somewhere
        if not found.articles:
            return "listing_without_articles"
        listed = hash(frozenset(a.article_id for a in found.articles))
        if listed in crawl.listings_seen:
            return "listing_repeated"  # a pager that serves its last page for every number
        crawl.listings_seen.add(listed)
        known = crawl.known
        if known is not None and all(known.get(a.article_id, a.url) for a in found.articles):
            return "listing_all_known"
        dated = [a.listed_at for a in found.articles if a.listed_at]
        since = crawl.options.since
        if since and dated and max(dated) < since:
            return "listing_older_than_since"
        return None

    # -- callbacks ----------------------------------------------------------------------

    def _language(self, crawl: SiteCrawl, response: Response) -> str | None:
        """The language a page's teaser dates are read in (its URL's, else the site's)."""
        language = listing_language(response.url, crawl.site, crawl.scope)
        return language or crawl.site.default_language

    def _links(self, crawl: SiteCrawl, response: TextResponse) -> PageLinks:
        """A listing's links, with the dates of its teasers.

        Read from a tree of its own, not ``response.selector``, which the response would
        keep until its callback's requests are all handed on: at a crawl's end, with only
        listing pages left, that held dozens of listing trees at once."""
        return page_links(
            scrapy.Selector(response),
            response.url,
            crawl.site,
            crawl.scope,
            self._language(crawl, response),
            memo=crawl.links,
        )

    def parse_listing(self, response: Response) -> Iterator[ArticleItem | scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        crawl = self._crawl_of(response)
        depth = response.meta.get("listing_depth", 0)
        if depth and crawl.site.slug_urls and _looks_like_article(response):
            # A slug URL whose shape said "listing": the page says "article".
            key = article_key(urlsplit(response.url).path)
            if key not in crawl.requested:
                crawl.requested.add(key)
                self.crawler.stats.inc_value("discovery/article_by_content")
                # rare (a listing's URL): read here, its links not followed
                read = read_article(
                    response.url, response.text, crawl.site, crawl.scope, None, follow=False
                )
                self._count_too_big(read)
                if read.error is not None:
                    raise read.error
                if read.extraction is not None:
                    yield from self._read_article(crawl, read.extraction, key)
            return
        found = self._links(crawl, response)
        yield from self._follow_articles(crawl, found.articles)
        why = self._dead_end(crawl, found, depth)
        if why:
            self.crawler.stats.inc_value(f"discovery/{why}")
            found.listings.clear()
        yield from self._follow_links(crawl, found, depth + 1)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap a page links to (those of the start are read in ``start``)."""
        crawl = self._crawl_of(response)
        for kind, found in self._read_sitemap(crawl, stream_sitemap(response)):
            yield self._sitemap_request(crawl, found) if kind == "sitemap" else found

    def _read_sitemap(
        self, crawl: SiteCrawl, content: tuple[bool, Iterator[SitemapEntry]] | None
    ) -> Iterator[tuple[str, Any]]:
        """("sitemap", url) for each child of an index, ("article", request) for articles,
        read as the batches are handed out (``content`` is ``stream_sitemap``'s)."""
        if content is None:
            self.crawler.stats.inc_value("discovery/bad_sitemap")
            return
        index, entries = content
        since = crawl.options.since
        for entry in entries:
            changed = parse_machine_date(entry.lastmod, crawl.site.timezone)
            if since and changed and changed < since:
                # nothing in it (or it) changed since then, so nothing was published
                self.crawler.stats.inc_value("discovery/out_of_range")
                continue
            if index:
                yield "sitemap", entry.url
                continue
            link = article_link(strip_tracking(entry.url), crawl.site, crawl.scope)
            if link is None or not crawl.wanted(link.language, link.section):
                continue
            request = self._article_request(crawl, link, lastmod=entry.lastmod)
            if request is not None:
                yield "article", request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        crawl = self._crawl_of(response)
        found = []
        for entry in read_feed(response.text, response.url):
            link = article_link(strip_tracking(entry.url), crawl.site, crawl.scope)
            if link is None:
                continue
            when = parse_machine_date(entry.published, crawl.site.timezone)
            found.append(dataclasses.replace(link, listed_at=when))
        yield from self._follow_articles(crawl, found)

    async def parse_article(
        self, response: Response
    ) -> AsyncIterator[ArticleItem | scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("skipped/not_html")
            return
        crawl = self._crawl_of(response)
        # Read in a worker process (EXTRACTION_PROCESSES) or here: the same function.
        read = await self.reader.read(
            response.url,
            response.text,
            crawl.site,
            crawl.scope,
            self._language(crawl, response),
            response.meta.get("follow", True),
            crawl.links,
        )
        self._count_too_big(read)
        if read.links is not None:
            # The links come from the page's own tree (parsed once); they are followed
            # even when the page cannot be read (too big, a bug).
            for request in self._follow_articles(crawl, read.links.articles):
                yield request
            for request in self._follow_links(crawl, read.links, depth=1):  # menus
                yield request
        if read.error is not None:
            raise read.error
        if read.extraction is not None:
            for item in self._read_article(crawl, read.extraction, response.meta.get("article_id")):
                yield item

    def _count_too_big(self, read: PageRead) -> None:
        if read.too_big is not None:
            self.crawler.stats.inc_value("skipped/too_big")
            logger.info("Skipped %s", read.too_big)

    def _read_article(
        self, crawl: SiteCrawl, extraction: Extraction, key: str | None
    ) -> Iterator[ArticleItem]:
        stats = self.crawler.stats
        site = crawl.site
        item = extraction.item
        if not item.get("article_id") and key:
            item["article_id"] = key  # reached by its content, not by its URL's shape
        for name, rule in extraction.rules.items():
            stats.inc_value(f"extract/{name}/{rule}")
        for name, count in extraction.counts.items():
            stats.inc_value(f"extract/{name}", count)
        for name in ("headline", "body", "published_at", "byline", "photo_url"):
            if not item.get(name):
                stats.inc_value(f"extract/{name}/missing")
        if not crawl.wanted(item["language"], item["section"]):
            stats.inc_value("skipped/filtered_language_or_section")
            return
        published = parse_machine_date(item["published_at"])
        if (crawl.options.since or crawl.options.until) and (
            published is None or not crawl.in_range(published)
        ):
            stats.inc_value("skipped/out_of_range")
            return
        if len(self.crawls) > 1:
            stats.inc_value(f"site/{site.name}/items")
        yield item

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        stats = self.crawler.stats
        if failure.check(HttpError):
            status = failure.value.response.status
            why = f"http_{status}"
            level = logging.DEBUG if request.meta.get("optional") else logging.INFO
            logger.log(level, "Skipped %s: HTTP %s", request.url, status)
        else:
            why = failure.type.__name__
            logger.info("Skipped %s: %s", request.url, failure.getErrorMessage())
        stats.inc_value(f"skipped/{why}")
        if len(self.crawls) > 1:
            stats.inc_value(f"site/{self._crawl_of(request).site.name}/skipped/{why}")


def _looks_like_article(response: TextResponse) -> bool:
    """Open Graph, JSON-LD or microdata call the page an article (a listing calls itself
    ``website``, ``CollectionPage`` or nothing)."""
    selector = response.selector
    og_type = selector.css("meta[property='og:type']::attr(content)").get() or ""
    return (
        og_type.strip().casefold() == "article"
        or bool(ld_article(selector))
        or bool(selector.css("[itemtype*=NewsArticle], [itemtype$='/Article']"))
    )
