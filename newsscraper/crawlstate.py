"""What earlier crawls stored, asked through one small interface.

The incremental middleware (skip known article pages) and the dedupe pipeline (drop
a story already stored under another URL) both need the database's ``KnownSet`` for
the crawl's site. It is loaded once per crawl, off the reactor thread, and shared.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy.crawler import Crawler
from scrapy.utils.asyncio import run_in_thread

from newsscraper.storage import ArticleStore, KnownSet, database_url

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_newsscraper_known"


def load_known(url: str, site: str) -> KnownSet:
    """Read the KnownSet now (blocking: call it from a thread)."""
    with ArticleStore(url) as store:
        known = store.known_articles(site)
    logger.info(
        "Database holds %d articles of %r (and %d republished copies)",
        len(known) - known.aliases,
        site,
        known.aliases,
    )
    return known


async def known_articles(crawler: Crawler, site: str) -> KnownSet | None:
    """The crawl's KnownSet (None without a database), loaded on first use."""
    url = database_url(crawler.settings)
    if url is None:
        return None
    task = getattr(crawler, _ATTRIBUTE, None)
    if task is None:
        task = asyncio.ensure_future(run_in_thread(load_known, url, site))
        setattr(crawler, _ATTRIBUTE, task)
    return await task
