"""Discovery end to end: a real ``scrapy crawl`` against small sites built the ways news CMSs
build them (tests/discovery_sites.py).

Each site holds the same 12 stories; its home page shows the 3 newest, and only the structure
under test leads to the rest. A crawl must find every story, fetch no URL twice, stay on the
site, raise nothing, finish by itself, and ask for no more than a few times the site's pages.
"""

from __future__ import annotations

import asyncio
import gzip
import re
from collections import Counter

import pytest

from tests.crawling import run_crawl
from tests.discovery_sites import ARTICLES, Answer, Layout, SiteServer, build, page
from tests.replica.build import newest_first, sitemap, sitemap_index
from tests.replica.model import iso_lisbon

pytestmark = pytest.mark.crawl

#: Stops a crawl that went astray (the test then fails on its finish reason).
BOUNDS = {"CLOSESPIDER_PAGECOUNT": "300", "CLOSESPIDER_TIMEOUT": "60"}


def sitemap_in_robots_gzipped(base_url: str) -> dict[str, Answer]:
    """No /sitemap.xml: robots.txt names /sitemap_index.xml (Yoast's name), whose one part
    is a .xml.gz file served as application/x-gzip, without Content-Encoding."""
    robots = f"User-agent: *\nDisallow: /privado/\n\nSitemap: {base_url}/sitemap_index.xml\n"
    index = sitemap_index(base_url).replace("sitemap-articles.xml", "sitemap-articles.xml.gz")
    return {
        "/robots.txt": Answer(body=robots.encode(), content_type="text/plain"),
        "/sitemap_index.xml": Answer(body=index.encode(), content_type="application/xml"),
        "/sitemap-articles.xml.gz": Answer(
            body=gzip.compress(sitemap(base_url, ARTICLES).encode()),
            content_type="application/x-gzip",
        ),
    }


def atom_feed(base_url: str) -> dict[str, Answer]:
    """A WordPress-style /feed/ in Atom; every other entry lists its comments feed
    (rel=replies) before the article's own link, as Blogger does."""
    entries = []
    for i, article in enumerate(newest_first(ARTICLES)):
        url = base_url + article.path
        replies = (
            (
                f'<link rel="replies" type="application/atom+xml" '
                f'href="{base_url}/{article.article_id}/comments/feed/"/>'
            )
            if i % 2
            else ""
        )
        entries.append(
            f"<entry><title>{article.article_id}</title>{replies}"
            f'<link rel="alternate" type="text/html" href="{url}"/><id>{url}</id>'
            f"<updated>{iso_lisbon(article.published)}</updated></entry>"
        )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Portugal Colonial</title><id>{base_url}/</id>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    )
    return {"/feed/": Answer(body=feed.encode(), content_type="application/atom+xml")}


def archive_and_tag_pages(target: str) -> Answer | None:
    """Crawl traps: archive months with links to the month before and after, forever, and a
    tag whose pages always link a next one; none of them lists an article."""
    if month := re.fullmatch(r"/arquivo/(\d{4})/(\d{2})/", target):
        year, number = int(month[1]), int(month[2])
        before = f"/arquivo/{year - (number == 1)}/{(number - 2) % 12 + 1:02d}/"
        after = f"/arquivo/{year + (number == 12)}/{number % 12 + 1:02d}/"
        return page(
            "Arquivo", f'<a href="{before}">« mês anterior</a> <a href="{after}">mês seguinte »</a>'
        )
    if tag := re.fullmatch(r"/tag/(\w+)/(?:\?page=(\d+))?", target):
        after = f"/tag/{tag[1]}/?page={int(tag[2] or 1) + 1}"
        return page("Tag", f'<p>Sem resultados.</p><a rel="next" href="{after}">Seguinte</a>')
    return None


def relative_robots_sitemap(base_url: str) -> dict[str, Answer]:
    """robots.txt naming its sitemap by path only (the protocol wants a URL; CMSs don't care)."""
    routes = sitemap_in_robots_gzipped(base_url)
    robots = b"User-agent: *\nDisallow: /privado/\n\nSitemap: /sitemap_index.xml\n"
    routes["/robots.txt"] = Answer(body=robots, content_type="text/plain")
    return routes


def clamped_tag_pages(target: str) -> Answer | None:
    """A tag pager that answers every page number with the same last page, and "next"."""
    if match := re.fullmatch(r"/tag/(\w+)/(?:\?page=(\d+))?", target):
        number = int(match[2] or 1)
        story = ARTICLES[0]
        return page(
            "Tag",
            f'<a href="{story.path}">{story.headline}</a>'
            f'<a rel="next" href="/tag/{match[1]}/?page={number + 1}">Seguinte</a>',
        )
    return None


LAYOUTS = {
    "replica": Layout(),
    # listings and their pagination
    "index_n_html": Layout(first_page="{s}/index.html", next_pages="{s}/index-{n}.html"),
    "wordpress_paged": Layout(next_pages="{s}/?paged={n}"),
    "query_sections": Layout(
        first_page="/noticias?seccao={section}", next_pages="/noticias?seccao={section}&page={n}"
    ),
    "rel_next_in_head_only": Layout(pager="head"),
    "section_html": Layout(first_page="{s}.html", next_pages="{s}.html?page={n}"),
    "nested_sections": Layout(paths={"Economia": "/Economia/Empresas", "Welt": "/de/Welt/Europa"}),
    # how links are written
    "base_href": Layout(links="base_href"),
    "unslashed_links_redirected": Layout(links="unslashed"),
    "malformed_href_on_home": Layout(
        home_extra='<a href="http://[email&#160;protected]/">[email&#160;protected]</a>'
    ),
    # stories reachable only through a sitemap or a feed
    "sitemap_in_robots_gzipped": Layout(sections=False, extra=sitemap_in_robots_gzipped),
    "atom_feed_in_footer": Layout(
        sections=False, home_extra='<a href="/feed/">RSS</a>', extra=atom_feed
    ),
    # traps
    "archive_and_tag_traps": Layout(
        listing_extra='<a href="/arquivo/2024/11/">Arquivo</a> <a href="/tag/lisboa/">#lisboa</a>',
        generated=archive_and_tag_pages,
    ),
    "relative_robots_sitemap": Layout(sections=False, extra=relative_robots_sitemap),
    "clamped_tag_pager": Layout(
        listing_extra='<a href="/tag/lisboa/">#lisboa</a>', generated=clamped_tag_pages
    ),
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_crawl_finds_every_story_once_and_stays_on_the_site(name, tmp_path):
    with SiteServer() as server:
        site = server.site = build(server.base_url, LAYOUTS[name])
        crawl = run_crawl(
            tmp_path, f"base_url={server.base_url}", settings={"DATABASE_URL": "", **BOUNDS}
        )
    requested = [target for _, target in server.requests]
    assert crawl.finish_reason == "finished", requested
    assert "Traceback" not in crawl.log, crawl.log[crawl.log.find("Traceback") :][:3000]
    found = sorted(item["article_id"] for item in crawl.items)
    assert found == sorted(a.article_id for a in ARTICLES), requested
    assert [t for t, n in Counter(requested).items() if n > 1] == []
    # every request the crawler sent reached this server, by this host name
    assert {host for host, _ in server.requests} == {server.host}
    assert crawl.stats["downloader/request_count"] == len(requested)
    assert len(requested) < 3 * len(site.routes), requested


# -- robots.txt, sitemaps and feeds read from their bytes (pure functions) -----------------


def test_robots_sitemaps_absolute_and_relative():
    from newsscraper.discovery import robots_sitemaps

    robots = (
        b"User-agent: *\nDisallow: /x/\nSitemap: /news-sitemap.xml\nSITEMAP: https://h.pt/s.xml\n"
    )
    assert robots_sitemaps(robots, "https://h.pt/robots.txt") == [
        "https://h.pt/news-sitemap.xml",
        "https://h.pt/s.xml",
    ]
    assert robots_sitemaps(b"User-agent: *\nDisallow:\n", "https://h.pt/robots.txt") == []


def test_read_sitemap_index_gzip_bom_and_news_dates():
    from scrapy.http import Response

    from newsscraper.discovery import SitemapEntry, read_sitemap

    index = sitemap_index("https://h.pt").encode()
    read = read_sitemap(Response("https://h.pt/sitemap.xml", body=index))
    assert read.index and read.entries == [SitemapEntry("https://h.pt/sitemap-articles.xml", None)]
    news = (
        b'\xef\xbb\xbf<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        b'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
        b"<loc>https://h.pt/2024/11/30/slug/</loc><news:news><news:publication_date>"
        b"2024-11-30T07:41:00+00:00</news:publication_date></news:news></url></urlset>"
    )
    read = read_sitemap(Response("https://h.pt/news.xml.gz", body=gzip.compress(news)))
    assert not read.index
    assert read.entries == [
        SitemapEntry("https://h.pt/2024/11/30/slug/", "2024-11-30T07:41:00+00:00")
    ]
    for junk in (b"", b"<html><body>404</body></html>", gzip.compress(b"<urlset")[:10]):
        assert read_sitemap(Response("https://h.pt/sitemap.xml", body=junk)) is None


def test_read_feed_atom_alternate_wins_over_replies_and_rss_guid():
    from newsscraper.discovery import FeedEntry, read_feed

    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        '<link rel="replies" href="/1/comments/feed/"/><link rel="alternate" href="/a.html"/>'
        "<published>2024-11-30T07:41:00Z</published></entry></feed>"
    )
    assert read_feed(atom, "https://h.pt/feed/") == [
        FeedEntry("https://h.pt/a.html", "2024-11-30T07:41:00Z")
    ]
    rss = '<rss><channel><item><guid isPermaLink="true">https://h.pt/b.html</guid></item></channel></rss>'
    assert read_feed(rss, "https://h.pt/rss.xml") == [FeedEntry("https://h.pt/b.html", None)]
    assert read_feed("not a feed <", "https://h.pt/rss.xml") == []


def test_link_memo_gives_what_sorting_every_link_gives():
    """Pages that repeat links (menus) and pages whose links depend on their own path or
    ``<base href>`` (relative hrefs): with a memo shared across pages, the links come out as
    they do without one, and the memo stays within its size."""
    from parsel import Selector

    from newsscraper.discovery import LinkMemo, SiteScope, page_links
    from newsscraper.sites import get_site

    site, scope = get_site("portugalcolonial"), SiteScope.of("https://h.pt")
    menu = (
        '<a href="/Politica/">P</a><a href="https://h.pt/feed/">F</a><a href="mailto:x@h.pt">M</a>'
    )
    pages = [
        (
            "https://h.pt/Politica/71200-a.html",
            menu + '<a href="71201-b.html">b</a><a href="index-2.html">2</a>',
        ),
        ("https://h.pt/Mundo/71202-c.html", menu + '<a href="71203-d.html">d</a>'),
        (
            "https://www.h.pt/de/Politik/71204-e.html",
            menu + '<a href="/de/Politik/71205-f.html">f</a>',
        ),
        (
            "https://h.pt/x/",
            '<base href="https://h.pt/Economia/">' + menu + '<a href="index-2.html">2</a>',
        ),
        (
            "https://h.pt/Politica/index-2.html",
            menu + '<a href="?page=3">3</a><a href="//h.pt/rss.xml">r</a>',
        ),
    ]
    memo = LinkMemo(site, scope, size=3)
    for _ in range(2):  # the second time round, the memo answers
        for url, html in pages:
            selector = Selector(text=f"<html><head></head><body>{html}</body></html>")
            alone = page_links(selector, url, site, scope, "pt")
            assert page_links(selector, url, site, scope, "pt", memo=memo) == alone, url
    assert len(memo._sorted) <= 3
    found = page_links(Selector(text=pages[3][1]), pages[3][0], site, scope, "pt", memo=memo)
    assert found.listings == ["https://h.pt/Politica/", "https://h.pt/Economia/index-2.html"]
    # a memo of another site is not used for this one
    other = LinkMemo(get_site("portugalcolonial"), SiteScope.of("https://o.pt"))
    url, html = pages[0]
    selector = Selector(text=html)
    listings = page_links(selector, url, site, scope, "pt", memo=other).listings
    assert listings == ["https://h.pt/Politica/", "https://h.pt/Politica/index-2.html"]


def test_an_article_page_that_cannot_be_read_still_has_its_links_followed(monkeypatch):
    """Tried: extraction raising on a page (a bug) after the page object was built. The
    page's links are still followed, then the error goes on to Scrapy (counted there)."""
    import scrapy
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    import newsscraper.offload as offload
    from newsscraper.spiders.sites import SPIDERS

    def broken_extraction(page):  # the page object is built: its links are read
        raise RuntimeError("extraction bug")

    monkeypatch.setattr(offload, "extraction_of", broken_extraction)
    spider_class = SPIDERS["portugalcolonial"]
    crawler = get_crawler(spider_class, {"EXTRACTION_PROCESSES": 0})  # read here
    crawler.stats.open_spider()
    spider = spider_class.from_crawler(crawler, base_url="https://h.pt")
    url = "https://h.pt/Politica/71200-a.html"
    html = '<html><body><a href="/Mundo/">M</a><a href="/Mundo/71201-b.html">b</a></body></html>'
    response = HtmlResponse(
        url, body=html.encode(), request=scrapy.Request(url, meta={"article_id": "71200"})
    )
    pages: list[str] = []

    async def read_all() -> None:
        async for request in spider.parse_article(response):
            pages.append(request.url)

    with pytest.raises(RuntimeError, match="extraction bug"):
        asyncio.run(read_all())
    assert pages == ["https://h.pt/Mundo/71201-b.html", "https://h.pt/Mundo/"]
