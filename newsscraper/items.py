"""ArticleItem: the one place that names every field of an article.

How each field's values collapse (first value, list, joined text) lives in
``loaders.ArticleLoader``; this module only names the fields, so that the
JSON keys, the database columns and the JSON Schema all derive from here.
"""

from __future__ import annotations

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
