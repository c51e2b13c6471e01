"""Which links of a page lead to articles, listings, feeds and sitemaps. Pure functions.

Article URLs are what the site profile's ``article()`` accepts. Everything else on the
site that is not an asset is a listing (home, sections, their pagination, archives):
paths without a file name (``/Politica/``, ``/de/Politik/page/2/``) and pages such as
``/Politica.html`` or ``/Politica/index-2.html``, with their query (``?page=2``,
``?seccao=Politica``) less tracking and session parameters. Feeds and sitemaps are
told by their names. Links come from ``<a href>``, ``<link rel=next>``, language
alternates, and honour ``<base href>``.

What robots.txt, sitemaps (indexes, news sitemaps, ``.xml.gz``) and RSS/Atom feeds list
is read here too, from their bytes, with Scrapy's public helpers
(``sitemap_urls_from_robots``, ``gzip_magic_number``/``gunzip``) and lxml's ``iterparse``
over a temporary file for sitemaps (Scrapy's ``Sitemap`` needs the bytes in memory for
as long as its entries are read): the spider only fetches.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots

from newsscraper.extraction.dates import find_text_date, parse_machine_date
from newsscraper.extraction.text import TRACKING_PARAMS
from newsscraper.sites import SiteProfile

_LISTING_NAME = re.compile(r"^(?:[^.]*|[^/]+\.(?:html?|php|shtml|aspx?))$", re.IGNORECASE)
_FEED_PATH = re.compile(
    r"(?:^|/)(?:feed|feeds|rss|atom)(?:/|\.xml|\.rss)?$|\.(?:rss|atom)$|/[^/]*(?:rss|atom)[^/]*\.xml$",
    re.IGNORECASE,
)
_SITEMAP_PATH = re.compile(r"sitemap[^/]*\.xml(?:\.gz)?$", re.IGNORECASE)
_SESSION_PARAMS = re.compile(r"^(?:sid|sessionid|phpsessid|jsessionid|amp|output)$", re.I)
_FIRST_PAGE = re.compile(r"^(?:page|p|pg|paged|seite|pagina|pag)$", re.IGNORECASE)
_ANCHORS = etree.XPath("//a[@href]")
_HEAD_LINKS = etree.XPath(
    "//link[@href][contains(translate(@rel,'NEXTALRNA','nextalrna'),'next') or @hreflang]"
)


@dataclass(frozen=True)
class SiteScope:
    """The crawled site: its host (``www.`` or not, same port) and its path prefix."""

    netloc: str
    prefix: str = ""

    @classmethod
    def of(cls, base_url: str) -> SiteScope:
        parts = urlsplit(base_url)
        return cls(_bare(parts.netloc), parts.path.rstrip("/"))

    def contains(self, url: str) -> bool:
        parts = urlsplit(url)
        return (
            parts.scheme in ("http", "https")
            and _bare(parts.netloc) == self.netloc
            and (parts.path + "/").startswith(self.prefix + "/")
        )

    def local_path(self, url: str) -> str:
        """The URL's path below the site's prefix."""
        return urlsplit(url).path[len(self.prefix) :] or "/"


def _bare(netloc: str) -> str:
    netloc = netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


@dataclass(frozen=True)
class ArticleLink:
    url: str
    article_id: str
    section: str
    language: str
    listed_at: datetime | None = None


def listing_url(url: str) -> str:
    """A listing URL without tracking or session parameters, first-page markers, fragment.

    >>> listing_url("https://x.pt/noticias?seccao=Politica&page=2&utm_source=a#top")
    'https://x.pt/noticias?seccao=Politica&page=2'
    >>> listing_url("https://x.pt/Politica/?page=1")
    'https://x.pt/Politica/'
    """
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
        and not _SESSION_PARAMS.match(k)
        and not (_FIRST_PAGE.match(k) and v in ("", "0", "1"))
    ]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def article_link(url: str, site: SiteProfile, scope: SiteScope) -> ArticleLink | None:
    """An ArticleLink if ``url`` is an article of the site.

    >>> from newsscraper.sites import get_site
    >>> url = "https://www.h.pt/de/Politik/71200-kim.html?utm_source=x"
    >>> link = article_link(url, get_site("portugalcolonial"), SiteScope.of("https://h.pt"))
    >>> link.article_id, link.section, link.language, link.url
    ('71200', 'Politik', 'de', 'https://www.h.pt/de/Politik/71200-kim.html')
    """
    if not scope.contains(url):
        return None
    found = site.article(scope.local_path(url))
    if found is None:
        return None
    clean = urlunsplit(urlsplit(url)._replace(query="", fragment=""))
    language = found.language or site.default_language
    return ArticleLink(clean, found.article_id, found.section, language)


def kind_of(url: str, site: SiteProfile, scope: SiteScope) -> str | None:
    """``article``, ``feed``, ``sitemap``, ``listing``, or None (off-site, asset).

    >>> from newsscraper.sites import get_site
    >>> site, scope = get_site("portugalcolonial"), SiteScope.of("https://h.pt")
    >>> [kind_of(u, site, scope) for u in ("https://h.pt/Politica/index-2.html",
    ...     "https://h.pt/feed/", "https://h.pt/sitemap_index.xml", "https://o.pt/Politica/",
    ...     "https://h.pt/a.jpg", "https://h.pt/Politica/71200-x.html")]
    ['listing', 'feed', 'sitemap', None, None, 'article']
    """
    if not scope.contains(url):
        return None
    path = scope.local_path(url)
    if site.article(path):
        return "article"
    if _SITEMAP_PATH.search(path):
        return "sitemap"
    if _FEED_PATH.search(path):
        return "feed"
    if site.ignore_path.search(path) or path.count("/") > 8:
        return None
    return "listing" if _LISTING_NAME.match(path.rsplit("/", 1)[-1]) else None


def listing_language(url: str, site: SiteProfile, scope: SiteScope | None = None) -> str | None:
    """The language a listing's path names (``/de/...``), or None for the site's own."""
    path = scope.local_path(url) if scope else urlsplit(url).path
    first = path.strip("/").split("/")[0]
    return first if first in site.languages and first != site.default_language else None


def listing_section(url: str, site: SiteProfile, scope: SiteScope | None = None) -> str | None:
    path = scope.local_path(url) if scope else urlsplit(url).path
    segments = [s for s in path.strip("/").split("/") if s]
    if segments and segments[0] in site.languages:
        segments = segments[1:]
    if not segments or segments[0].startswith("index."):
        return None
    return segments[0].rsplit(".", 1)[0]


def _teaser_date(anchor: HtmlElement, language: str | None, tz: str) -> datetime | None:
    """The date printed next to a link in a listing (same teaser box, 3 levels up)."""
    node: HtmlElement | None = anchor
    href = anchor.get("href")
    for _ in range(3):
        if node is None or any(a.get("href") != href for a in node.iter("a")):
            return None  # the box holds other links too: its date is not this link's
        for time in node.iter("time"):
            value = parse_machine_date(time.get("datetime"), tz)
            if value:
                return value
        text = " ".join(node.itertext())
        if len(text) < 400:
            found = find_text_date(text, language, tz)
            if found:
                return found[1]
        node = node.getparent()
    return None


def absolute_url(base: str, href: str) -> str | None:
    """An absolute URL, or None for hrefs no browser would follow (mailto:, [bad] hosts)."""
    href = href.strip()
    if not href or href.startswith(("mailto:", "javascript:", "tel:", "data:", "#")):
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
        _ = parts.port  # raises on "host:80:80" or ":abc"
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def base_href(selector: Selector, url: str) -> str:
    """The page's ``<base href>``, or its own URL."""
    declared = selector.root.find(".//base") if selector.root is not None else None
    href = declared.get("href") if declared is not None else None
    return (absolute_url(url, href) if href else None) or url


@dataclass
class PageLinks:
    articles: list[ArticleLink]
    listings: list[str]
    feeds: list[str]
    sitemaps: list[str]


#: What a link is: ("article", ArticleLink without a date), ("listing", its clean URL),
#: ("feed", url), ("sitemap", url); None for a link not followed (off-site, asset, mailto).
Sorted = tuple[str, ArticleLink | str] | None


def sort_link(url: str | None, site: SiteProfile, scope: SiteScope) -> Sorted:
    """What the absolute ``url`` (None: not followable) is to the crawl of ``site``."""
    kind = kind_of(url, site, scope) if url else None
    if kind is None or url is None:
        return None
    if kind == "article":
        article = article_link(url, site, scope)
        return ("article", article) if article else None
    return kind, listing_url(url) if kind == "listing" else url


class LinkMemo:
    """What each distinct link a site's pages repeat is, worked out once per crawl.

    Every page of a site links its menus, sections, footer and feed; every article page
    a few related articles. Sorting a link costs a ``urljoin``, several ``urlsplit``s and
    the profile's patterns; here a link is sorted once and then looked up. Only links
    whose meaning does not depend on the page they are on are remembered: absolute
    ``http(s)://`` ones, and root-relative ones (``/Politica/``) per scheme and host.
    Bounded: past ``size`` entries the oldest are forgotten (and sorted again if met).
    """

    def __init__(self, site: SiteProfile, scope: SiteScope, size: int = 4096) -> None:
        self.site, self.scope, self.size = site, scope, size
        self._sorted: dict[object, Sorted] = {}

    def sort(self, origin: str, base: str, href: str) -> Sorted:
        """``href`` (stripped) on a page whose base URL is ``base`` at ``origin``."""
        if href.startswith("/") and not href.startswith("//"):
            key: object = (origin, href)  # urljoin reads only the base's scheme and host
        elif href.startswith(("http://", "https://")):
            key = href  # urljoin returns it whatever the base
        else:  # relative to the page's own path (or not followable): not remembered
            return sort_link(absolute_url(base, href), self.site, self.scope)
        try:
            return self._sorted[key]
        except KeyError:
            pass
        found = self._sorted[key] = sort_link(absolute_url(base, href), self.site, self.scope)
        if len(self._sorted) > self.size:
            del self._sorted[next(iter(self._sorted))]
        return found


_ALTERNATES = etree.XPath(
    "//link[translate(@rel,'ALTERNATE','alternate')='alternate'][@href]"
    "[not(@hreflang)][contains(@type,'rss') or contains(@type,'atom') or not(@type)]/@href"
)


def page_links(
    selector: Selector,
    url: str,
    site: SiteProfile,
    scope: SiteScope,
    language: str | None,
    dates: bool = True,
    memo: LinkMemo | None = None,
) -> PageLinks:
    """The links of a page, sorted by kind; articles with the date their teaser shows
    (looked for only with ``dates``: a listing's, not an article page's related box).

    ``memo`` (a ``LinkMemo`` of the same site and scope) remembers what each link is
    across pages; the result is the same with it or without.
    """
    articles: dict[str, ArticleLink] = {}
    found: dict[str, dict[str, None]] = {"listing": {}, "feed": {}, "sitemap": {}}
    root = selector.root
    if root is None:
        return PageLinks([], [], [], [])
    if memo is None or memo.site is not site or memo.scope != scope:
        memo = LinkMemo(site, scope, size=0)  # another site's memo would answer wrongly
    base = base_href(selector, url)
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    for node in (*_ANCHORS(root), *_HEAD_LINKS(root)):
        sorted_ = memo.sort(origin, base, (node.get("href") or "").strip())
        if sorted_ is None:
            continue
        kind, value = sorted_
        if isinstance(value, ArticleLink):
            if value.article_id in articles:
                continue
            if dates and node.tag == "a":
                date = _teaser_date(node, language, site.timezone)
                value = dataclasses.replace(value, listed_at=date) if date else value
            articles[value.article_id] = value
        else:
            found[kind].setdefault(value, None)
    for href in _ALTERNATES(root):
        joined = absolute_url(base, href)
        if (
            joined
            and scope.contains(joined)
            and (_FEED_PATH.search(urlsplit(joined).path) or "xml" in joined or "feed" in joined)
        ):
            found["feed"].setdefault(joined, None)
            found["listing"].pop(listing_url(joined), None)
    for feed in found["feed"]:
        found["listing"].pop(listing_url(feed), None)
    return PageLinks(
        list(articles.values()), list(found["listing"]), list(found["feed"]), list(found["sitemap"])
    )


# -- robots.txt, sitemaps, feeds -----------------------------------------------------------

#: The sitemap protocol's own limit on an uncompressed sitemap.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024


def robots_sitemaps(robots_txt: bytes, url: str) -> list[str]:
    r"""The ``Sitemap:`` lines of a robots.txt fetched from ``url``, made absolute.

    >>> robots = b"User-agent: *\nSitemap: /s.xml\nsitemap: https://h.pt/n.xml"
    >>> robots_sitemaps(robots, "https://h.pt/robots.txt")
    ['https://h.pt/s.xml', 'https://h.pt/n.xml']
    """
    found = (absolute_url(url, line) for line in sitemap_urls_from_robots(robots_txt, url))
    return [sitemap for sitemap in found if sitemap]


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None


@dataclass(frozen=True)
class SitemapContent:
    """A sitemap read: ``index`` says its entries are sitemaps, not pages."""

    index: bool
    entries: list[SitemapEntry]


def read_sitemap(response: Response) -> SitemapContent | None:
    """A sitemap or sitemap index (plain or ``.xml.gz``, with a BOM or not), or None
    for something that is not one. News sitemaps are sitemaps: their ``<loc>`` counts,
    their ``news:publication_date`` is the lastmod when there is none.

    >>> xml = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a</loc></url></urlset>'
    >>> read_sitemap(Response("https://h.pt/sitemap.xml", body=xml))
    SitemapContent(index=False, entries=[SitemapEntry(url='https://h.pt/a', lastmod=None)])
    >>> read_sitemap(Response("https://h.pt/sitemap.xml", body=b"<html>gone</html>")) is None
    True
    """
    streamed = stream_sitemap(response)
    return None if streamed is None else SitemapContent(streamed[0], list(streamed[1]))


def stream_sitemap(response: Response) -> tuple[bool, Iterator[SitemapEntry]] | None:
    """``read_sitemap``, its entries read as they are asked for (True first for an index).

    The spider hands a sitemap's articles to the scheduler a batch at a time: read this
    way, a 100k-URL sitemap costs neither a list of its entries (~34 MB) nor its bytes
    (16 MB) while the crawl runs: they go to a temporary file, parsed as the entries are
    asked for, each element dropped once read. The caller drops the response.
    """
    body, url = response.body, response.url
    try:
        if gzip_magic_number(response):  # a .xml.gz file, not transfer-encoded
            body = gunzip(body, max_size=SITEMAP_MAX_BYTES)
        news = _news_dates(body)
        spilled = _spill(body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip())
        del body
        events = _sitemap_events(spilled)
        kind = _local_name(next(events)[1].tag)
    except Exception:  # noqa: BLE001 - lxml and gzip errors alike: not a sitemap
        return None
    if kind not in ("urlset", "sitemapindex"):
        spilled.close()
        return None
    return kind == "sitemapindex", _entries(events, spilled, news, url)


def _spill(body: bytes) -> IO[bytes]:
    spilled = tempfile.TemporaryFile(prefix="newsscraper-sitemap-")  # noqa: SIM115 - _entries closes it
    spilled.write(body)
    spilled.seek(0)
    return spilled


def _sitemap_events(source: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """Start and end events of a sitemap file, as forgiving as the sitemaps met in the wild
    need (broken markup recovered, no entities resolved, no DTD fetched)."""
    return etree.iterparse(
        source,
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        huge_tree=False,
    )


def _local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _entries(
    events: Iterator[tuple[str, Any]], spilled: IO[bytes], news: dict[str, str], url: str
) -> Iterator[SitemapEntry]:
    """Each ``<url>`` or ``<sitemap>`` element's ``loc`` and ``lastmod``, the element
    (and those before it) removed from the tree once read."""
    with spilled, contextlib.suppress(etree.XMLSyntaxError):  # what was read before counts
        for event, element in events:
            if event != "end" or _local_name(element.tag) not in ("url", "sitemap"):
                continue
            fields = {_local_name(child.tag): (child.text or "").strip() for child in element}
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
            raw = fields.get("loc", "")
            loc = absolute_url(url, raw) if raw else None
            if loc:
                yield SitemapEntry(loc, fields.get("lastmod") or news.get(raw))


def _news_dates(body: bytes) -> dict[str, str]:
    """``<loc>`` -> ``news:publication_date`` of a Google News sitemap (Scrapy's ``Sitemap``
    keeps only an entry's direct children, and the date sits one level down)."""
    if b"publication_date" not in body:
        return {}
    selector = Selector(body=body, type="xml")
    selector.remove_namespaces()
    found = {}
    for url in selector.xpath("//url"):
        loc, date = url.xpath("loc/text()").get(), url.xpath("news/publication_date/text()").get()
        if loc and date:
            found[loc.strip()] = date.strip()
    return found


@dataclass(frozen=True)
class FeedEntry:
    url: str
    published: str | None


def read_feed(text: str, url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed: each one's page URL and its date as printed.

    Atom's ``rel=alternate`` link wins over comment feeds (``rel=replies``); RSS's
    ``<link>``, else a ``<guid>`` that is a permalink.

    >>> feed = '''<rss><channel><item><link>/a.html</link>
    ...   <pubDate>Sat, 30 Nov 2024 07:41:00 GMT</pubDate></item></channel></rss>'''
    >>> read_feed(feed, "https://h.pt/rss.xml")
    [FeedEntry(url='https://h.pt/a.html', published='Sat, 30 Nov 2024 07:41:00 GMT')]
    """
    try:
        selector = Selector(text=text, type="xml")
    except (ValueError, etree.XMLSyntaxError):
        return []
    selector.remove_namespaces()
    found = []
    for entry in selector.xpath("//item | //entry"):
        href = (
            entry.xpath("link[not(@rel) or @rel='alternate']/@href").get()
            or entry.xpath("link/text()").get()
            or entry.xpath("guid[not(@isPermaLink='false')]/text()").get()
        )
        link = absolute_url(url, href or "")
        if link:
            raw = entry.xpath("pubDate/text() | published/text() | updated/text()").get()
            found.append(FeedEntry(link, raw.strip() if raw else None))
    return found
