"""Writes the whole replica as static files (nginx could serve the directory as it is)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from .content import (
    ARTICLES,
    DISALLOWED_PATH,
    FURNITURE_PATHS,
    NON_ARTICLE_PATH,
    tracked_article,
)
from .media import jpeg, png
from .model import SECTIONS, SITE_NAME, Article
from .pages import (
    listing_path,
    render_furniture,
    render_home,
    render_listing,
    render_private,
    render_video,
)
from .synthetic import generate_articles
from .variants import page_encoding, render_article

__all__ = ["PAGE_SIZE", "build_site", "generate_articles", "newest_first"]

Links = list[tuple[str, str]]
#: Teasers per listing page.
PAGE_SIZE = 3
_STATIC: dict[str, bytes] = {
    "/static/css/site.css": b"body{font-family:Georgia,serif}.ad{min-height:90px}\n",
    "/static/js/ads.js": b"window.adQueue=window.adQueue||[];\n",
    "/static/js/site.js": b"document.documentElement.classList.add('js');\n",
    "/static/img/logo.png": png(),
    "/static/img/favicon.png": png(),
}


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest publication first; undated stories last, then by id for a stable order."""
    return sorted(articles, key=lambda a: (a.published or datetime.min, a.article_id), reverse=True)


def build_site(
    root: Path, base_url: str, articles: Sequence[Article] = ARTICLES, page_size: int = PAGE_SIZE
) -> None:
    """Render every page, feed, sitemap and image of the replica into ``root``."""
    base = base_url.rstrip("/")
    listed = newest_first(a for a in articles if a.discovery == "listed")
    related = _related(articles, listed)
    for article in articles:
        page = render_article(article, base, related[article.article_id])
        _write(root, article.path, page.encode(page_encoding(article), "xmlcharrefreplace"))
    for language, sections in SECTIONS.items():
        for section in sections:
            _write_listing(root, language, section, listed, page_size)
    video_links = [(a.path, a.headline) for a in listed if a.language == "pt"][:3]
    pages = {
        "/index.html": render_home(listed[:6], tracked_article(articles)),
        NON_ARTICLE_PATH: render_video(base, video_links),
        DISALLOWED_PATH: render_private(),
        **{path: render_furniture(path) for path in FURNITURE_PATHS},
        "/robots.txt": robots(base),
        "/sitemap.xml": sitemap_index(base),
        "/sitemap-articles.xml": sitemap(base, [a for a in articles if a.discovery != "rss"]),
        "/rss.xml": rss(base, listed[:10] + [a for a in articles if a.discovery == "rss"]),
    }
    for path, text in pages.items():
        _write(root, path, text.encode("utf-8"))
    for path, data in _STATIC.items():
        _write(root, path, data)
    image = jpeg()
    for path in {photo.path for article in articles for photo in article.photos}:
        _write(root, path, image)


def _related(articles: Iterable[Article], listed: Sequence[Article]) -> dict[str, Links]:
    """Up to three listed neighbours in the same language, as (path, headline)."""
    same = {language: [a for a in listed if a.language == language] for language in SECTIONS}
    position = {a.article_id: i for group in same.values() for i, a in enumerate(group)}
    links = {}
    for article in articles:
        index = position.get(article.article_id, 0)
        window = same[article.language][max(0, index - 2) : index + 4]
        near = [a for a in window if a.article_id != article.article_id][:3]
        links[article.article_id] = [(a.path, a.headline) for a in near]
    return links


def _write_listing(
    root: Path, language: str, section: str, listed: Sequence[Article], page_size: int
) -> None:
    mine = [a for a in listed if a.language == language and a.section == section]
    pages = max(1, -(-len(mine) // page_size))
    for page in range(1, pages + 1):
        chunk = mine[(page - 1) * page_size : page * page_size]
        html = render_listing(language, section, chunk, page, pages)
        _write(root, listing_path(language, section, page) + "index.html", html.encode())


def _write(root: Path, path: str, data: bytes) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def robots(base: str) -> str:
    return f"User-agent: *\nDisallow: /privado/\n\nSitemap: {base}/sitemap.xml\n"


def sitemap_index(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-articles.xml</loc></sitemap>
</sitemapindex>
"""


def sitemap(base: str, articles: Iterable[Article]) -> str:
    entries = []
    for article in articles:
        lastmod = article.iso(article.modified or article.published)
        stamp = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        entries.append(f"<url><loc>{escape(base + article.path)}</loc>{stamp}</url>")
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{body}
</urlset>
"""


def rss(
    base: str, articles: Iterable[Article], title: str = SITE_NAME, language: str = "pt-PT"
) -> str:
    items = []
    for article in articles:
        date = article.published and format_datetime(article.aware(article.published))
        items.append(f"""<item>
<title>{escape(article.headline)}</title>
<link>{escape(base + article.path)}</link>
<guid isPermaLink="true">{escape(base + article.path)}</guid>
{f"<pubDate>{date}</pubDate>" if date else ""}
<category>{escape(article.section)}</category>
<description>{escape(article.summary)}</description>
</item>""")
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{title}</title>
<link>{base}/</link>
<description>Notícias de Portugal e do mundo</description>
<language>{language}</language>
{body}
</channel>
</rss>
"""
