"""Ground truth of the replica: the stories, the special pages, and what a correct crawl yields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .corpus_de import GERMAN
from .corpus_pt import PORTUGUESE
from .model import Article, Photo

__all__ = ["ARTICLES", "Article", "Photo", "expected_items", "unique_articles"]

ARTICLES: tuple[Article, ...] = PORTUGUESE + GERMAN

#: The same story twice: (first publication, kept in expected_items; later republication).
DUPLICATE_IDS: tuple[str, str] = ("710152", "710399")

#: Linked from the home page; no file behind it.
MISSING_PATH = "/Politica/700404-noticia-removida.html"
#: The server answers this one with 500, always.
ERROR_PATH = "/Economia/700500-erro.html"
#: Looks like an article URL, holds a video player and a title only.
NON_ARTICLE_PATH = "/Mundo/700600-video-temporal-na-madeira-em-imagens.html"
#: Exists and is linked from the home page, but robots.txt disallows it.
DISALLOWED_PATH = "/privado/700001-interno.html"
#: Furniture pages linked from every page.
FURNITURE_PATHS: tuple[str, ...] = ("/Impressum.html", "/Contactos.html", "/Privacidade.html")
#: Appended to one article link on the home page.
TRACKING_SUFFIX = "?utm_source=newsletter&utm_medium=email#top"


def story_key(article: Article) -> tuple[str, str, tuple[str, ...]]:
    """Two articles with this key equal are one story published twice."""
    return article.language, article.headline, article.paragraphs


def unique_articles(articles: Iterable[Article] = ARTICLES) -> list[Article]:
    """One article per story; of a republished story, the first in order (the older one)."""
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    kept = []
    for article in articles:
        if story_key(article) not in seen:
            seen.add(story_key(article))
            kept.append(article)
    return kept


def tracked_article(articles: Sequence[Article]) -> Article | None:
    """The article the home page also links with tracking parameters (first listed classic)."""
    return next((a for a in articles if a.discovery == "listed" and a.variant == "classic"), None)


def expected_item(article: Article, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    photo = article.photo
    return {
        "canonical_url": base + article.path,
        "site": article.site,
        "article_id": article.article_id,
        "language": article.language,
        "section": article.section,
        "headline": article.headline,
        "lead": article.lead,
        "body": article.body,
        "byline": article.byline,
        "authors": article.authors,
        "photo_url": base + photo.path if photo else None,
        "photo_caption": photo.caption if photo else None,
        "photo_credit": photo.credit if photo else None,
        "published_at": article.iso(article.published),
        "keywords": list(article.keywords),
    }


def expected_items(base_url: str, articles: Iterable[Article] = ARTICLES) -> list[dict[str, Any]]:
    """What a correct crawl of the replica yields: one item per story, in ``articles`` order."""
    return [expected_item(article, base_url) for article in unique_articles(articles)]
