"""Article storage: SQLAlchemy Core over SQLite or PostgreSQL, one code path.

What the rest of the project needs (the store, its value types, the database URL) is
re-exported here; the table definitions (``storage.schema``), the export writers
(``storage.exporters``) and the engine set-up (``storage.config``) are imported from
their modules by the few that need them.
"""

from newsscraper.storage.config import StorageError, database_url, normalize_url, redact
from newsscraper.storage.known import KnownArticle, KnownSet
from newsscraper.storage.migrations import LATEST as SCHEMA_VERSION
from newsscraper.storage.models import ArticleFilters, BatchResult, CrawlCounts
from newsscraper.storage.store import ArticleStore
from newsscraper.storage.types import json_safe, parse_iso

__all__ = [
    "SCHEMA_VERSION",
    "ArticleFilters",
    "ArticleStore",
    "BatchResult",
    "CrawlCounts",
    "KnownArticle",
    "KnownSet",
    "StorageError",
    "database_url",
    "json_safe",
    "normalize_url",
    "parse_iso",
    "redact",
]
