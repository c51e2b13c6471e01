"""ArticleItem: the one place that names every field of an article and its kind.

How each field's values collapse (first value, list, joined text) lives in
``loaders.ArticleLoader``. The feed's key order (``FEED_EXPORT_FIELDS``) and the
export columns and their types (``storage.exporters``) are built from
``ARTICLE_FIELDS`` and ``FIELD_KINDS``; the JSON Schema (``schemas/article.json``,
hand-written for its patterns) is checked against both by ``tests/test_export.py``.
"""

from __future__ import annotations

from typing import Literal

import scrapy

#: Every key of an article, in the order a reader expects them.
ARTICLE_FIELDS: tuple[str, ...] = (
    "url",
    "canonical_url",
    "site",
    "article_id",
    "language",
    "section",
    "headline",
    "lead",
    "body",
    "byline",
    "authors",
    "photo_url",
    "photo_caption",
    "photo_credit",
    "images",
    "published_at",
    "modified_at",
    "published_raw",
    "keywords",
    "word_count",
    "fingerprint",
    "story_id",
    "partial",
    "scraped_at",
)

#: Fields whose value is a list (empty list, never null, when absent).
LIST_FIELDS: frozenset[str] = frozenset({"authors", "images", "keywords"})

#: Fields whose value is true or false (never null).
BOOL_FIELDS: frozenset[str] = frozenset({"partial"})

#: What a field holds. text: a string or null; list: a list of strings; images: a list
#: of {url, caption, credit}; int; bool; timestamp: ISO 8601 text with its offset.
Kind = Literal["text", "list", "images", "int", "bool", "timestamp", "instant"]
_TIMESTAMPS = frozenset({"published_at", "modified_at", "scraped_at"})


def _kind(name: str) -> Kind:
    if name == "images":
        return "images"
    if name in LIST_FIELDS:
        return "list"
    if name in BOOL_FIELDS:
        return "bool"
    if name == "word_count":
        return "int"
    return "timestamp" if name in _TIMESTAMPS else "text"


FIELD_KINDS: dict[str, Kind] = {name: _kind(name) for name in ARTICLE_FIELDS}

#: Fields set after extraction (never by the page object).
PIPELINE_FIELDS: frozenset[str] = frozenset({"scraped_at"})

#: Fields extraction leaves empty for a later stage to fill: the story an article
#: belongs to is known only against the articles stored before it.
LINKED_FIELDS: frozenset[str] = frozenset({"story_id"})


class ArticleItem(scrapy.Item):
    """One news article. Missing values are ``None`` (or ``[]`` for lists)."""

    url = scrapy.Field()
    canonical_url = scrapy.Field()
    site = scrapy.Field()
    article_id = scrapy.Field()
    language = scrapy.Field()
    section = scrapy.Field()
    headline = scrapy.Field()
    lead = scrapy.Field()
    body = scrapy.Field()
    byline = scrapy.Field()
    authors = scrapy.Field()
    photo_url = scrapy.Field()
    photo_caption = scrapy.Field()
    photo_credit = scrapy.Field()
    images = scrapy.Field()
    published_at = scrapy.Field()
    modified_at = scrapy.Field()
    published_raw = scrapy.Field()
    keywords = scrapy.Field()
    word_count = scrapy.Field()
    fingerprint = scrapy.Field()
    story_id = scrapy.Field()
    partial = scrapy.Field()
    scraped_at = scrapy.Field()


assert tuple(ArticleItem.fields) and set(ArticleItem.fields) == set(ARTICLE_FIELDS)
