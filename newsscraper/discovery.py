"""Which links of a page lead to articles and which to listings. Pure functions.

Article URLs follow the site profile's ``article_path``. Listing pages (home, sections,
their pagination) are the site's paths without a file name: ``/Politica/``,
``/de/Politik/page/2/``, ``/Politica/?page=2``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from newsscraper.dates import find_text_date, parse_machine_date
from newsscraper.sites import SiteProfile

_LISTING_PATH = re.compile(r"^/(?:[^/.?#]+/){0,5}(?:[^/.?#]+|index\.html?)?$")
_ANCHORS = etree.XPath("//a[@href]")
_PAGE_PARAMS = re.compile(r"^(?:page|p|pg|seite|pagina|pag|start|offset)$", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleLink:
    url: str
    article_id: str
    section: str
    language: str
    listed_at: datetime | None = None


def listing_url(url: str) -> str:
    """A listing URL keeps only its pagination parameter; no fragment.

    >>> listing_url("https://x.pt/Politica/?page=2&utm_source=a#top")
    'https://x.pt/Politica/?page=2'
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if _PAGE_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def article_link(url: str, site: SiteProfile, host: str) -> ArticleLink | None:
    """An ArticleLink if ``url`` is an article of the site on ``host``.

    >>> from newsscraper.sites import get_site
    >>> url = "https://h.pt/de/Politik/712-kim.html?utm_source=x"
    >>> link = article_link(url, get_site("portugalcolonial"), "h.pt")
    >>> link.article_id, link.section, link.language, link.url
    ('712', 'Politik', 'de', 'https://h.pt/de/Politik/712-kim.html')
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname != host:
        return None
    match = site.article_path.match(parts.path)
    if not match:
        return None
    clean = urlunsplit(parts._replace(query="", fragment=""))
    language = match.group("lang") or site.default_language
    return ArticleLink(clean, match.group("id"), match.group("section"), language)


def is_listing(url: str, site: SiteProfile, host: str) -> bool:
    """Home, section and pagination pages of the site.

    >>> from newsscraper.sites import get_site
    >>> site = get_site("portugalcolonial")
    >>> [is_listing(u, site, "h.pt") for u in ("https://h.pt/Politica/page/2/",
    ...     "https://h.pt/Impressum.html", "https://o.pt/Politica/", "https://h.pt/a.jpg")]
    [True, False, False, False]
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname != host:
        return False
    if site.ignore_path.search(parts.path) or site.article_path.match(parts.path):
        return False
    return bool(_LISTING_PATH.match(parts.path or "/"))


def listing_language(url: str, site: SiteProfile) -> str | None:
    """The language a listing's path names (``/de/...``), or None for the site's own."""
    first = urlsplit(url).path.strip("/").split("/")[0]
    return first if first in site.languages and first != site.default_language else None


def listing_section(url: str, site: SiteProfile) -> str | None:
    segments = [s for s in urlsplit(url).path.strip("/").split("/") if s]
    if segments and segments[0] in site.languages:
        segments = segments[1:]
    return segments[0] if segments and not segments[0].startswith("index.") else None


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


def links(response_selector: Selector, base: str) -> Iterator[tuple[str, HtmlElement]]:
    for anchor in _ANCHORS(response_selector.root):  # lxml directly: no Selector per link
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("mailto:", "javascript:", "tel:", "#")):
            yield urljoin(base, href), anchor


def listing_links(
    selector: Selector, base: str, site: SiteProfile, host: str, language: str | None
) -> tuple[list[ArticleLink], list[str]]:
    """(article links with their listing dates, listing links) found on a page."""
    articles: dict[str, ArticleLink] = {}
    listings: dict[str, None] = {}
    for url, anchor in links(selector, base):
        article = article_link(url, site, host)
        if article:
            if article.article_id not in articles:
                date = _teaser_date(anchor, language, site.timezone)
                articles[article.article_id] = ArticleLink(
                    article.url, article.article_id, article.section, article.language, date
                )
        elif is_listing(url, site, host):
            listings.setdefault(listing_url(url), None)
    return list(articles.values()), list(listings)
