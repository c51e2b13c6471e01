"""Validate: only whole articles go on; everything else is dropped with its reason."""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)


def problem(item: ItemAdapter, min_words: int) -> str | None:
    """Why an item is not an article, or None when it is one.

    >>> problem(ItemAdapter({"article_id": "1", "headline": "H", "body": "b", "word_count": 1}), 1)
    >>> problem(ItemAdapter({"article_id": None, "headline": "H"}), 1)
    'not_article'
    >>> short = {"article_id": "1", "headline": "H", "body": "kurz", "word_count": 1}
    >>> problem(ItemAdapter(short), 5)
    'body_too_short'
    """
    if not item.get("article_id"):
        return "not_article"
    if not item.get("headline"):
        return "no_headline"
    if not item.get("body"):
        return "no_body"
    if (item.get("word_count") or 0) < min_words:
        return "body_too_short"
    return None


class ValidatePipeline:
    """Drops non-articles and items without headline or body (``validate/dropped/<why>``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_words = crawler.settings.getint("VALIDATE_MIN_WORDS", 20)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        why = problem(adapter, self.min_words)
        if why:
            self.stats.inc_value("validate/dropped")
            self.stats.inc_value(f"validate/dropped/{why}")
            raise DropItem(f"{why}: {adapter.get('url')}", log_level="INFO")
        self.stats.inc_value("validate/passed")
        return item
