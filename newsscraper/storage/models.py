"""The small value types the store takes and returns."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

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
