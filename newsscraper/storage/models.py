"""The small value types the store takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from newsscraper.storage.schema import articles


@dataclass(frozen=True)
class BatchResult:
    """What happened to each item of a batch (plus items with no URL at all)."""

    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0

    def __add__(self, other: BatchResult) -> BatchResult:
        return BatchResult(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class ArticleFilters:
    """Export filters. Range is [since, until) on published_at (UTC instants)."""

    since: datetime | None = None
    until: datetime | None = None
    site: str | None = None
    language: str | None = None
    section: str | None = None
    #: Any of these sections (as stored); empty means all.
    sections: tuple[str, ...] = ()

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        found: list[sa.ColumnElement[bool]] = []
        if self.since is not None:
            found.append(articles.c.published_at_utc >= self.since)
        if self.until is not None:
            found.append(articles.c.published_at_utc < self.until)
        for name, value in (
            ("site", self.site),
            ("language", self.language),
            ("section", self.section),
        ):
            if value is not None:
                found.append(articles.c[name] == value)
        if self.sections:
            found.append(articles.c.section.in_(self.sections))
        return found


@dataclass(frozen=True)
class CrawlCounts:
    """The per-crawl counters kept as columns of ``crawls``."""

    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: int = 0
    skipped_known: int = 0
    errors: int = 0


#: Stats counted as dropped items: our pipelines' counters plus Scrapy's own.
_DROPPED_KEYS = ("validate/dropped", "dedupe/duplicate")
_DROPPED_PREFIX = "item_dropped_count"


def crawl_counts(stats: Mapping[str, Any]) -> CrawlCounts:
    """The crawls row counters, read from a finished crawl's stats.

    Scrapy's ``item_dropped_count`` already includes the items that
    validate/dedupe dropped, so adding both would count them twice; the larger
    of the two also covers a dedupe that counts duplicates without dropping.
    """

    def get(key: str) -> int:
        value = stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    scrapy_dropped = sum(get(k) for k in stats if k.startswith(_DROPPED_PREFIX))
    return CrawlCounts(
        stored=get("store/stored"),
        updated=get("store/updated"),
        unchanged=get("store/unchanged"),
        dropped=max(scrapy_dropped, sum(get(k) for k in _DROPPED_KEYS)),
        skipped_known=get("incremental/skipped_known"),
        errors=get("log_count/ERROR"),
    )
