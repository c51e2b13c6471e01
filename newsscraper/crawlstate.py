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
from newsscraper.storage.spool import Spool, replay_into

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_newsscraper_known"


def load_known(url: str, site: str, spool_dir: str | None = None) -> KnownSet:
    """Read the KnownSet now (blocking: call it from a thread).

    Articles an earlier run left in the spool are stored first: read before them,
    the known set would miss them and the crawl would fetch them again."""
    with ArticleStore(url) as store:
        replay_into(Spool.for_database(url, spool_dir), store)
        known = store.known_articles(site)
    logger.info(
        "Database holds %d articles of %r (and %d republished copies)",
        len(known) - known.aliases,
        site,
        known.aliases,
    )
    return known


async def known_articles(crawler: Crawler, site: str) -> KnownSet | None:
    """The KnownSet of one site of the crawl (None without a database), loaded on
    first use and shared by everyone who asks for that site."""
    url = database_url(crawler.settings)
    if url is None:
        return None
    tasks = crawler.__dict__.setdefault(_ATTRIBUTE, {})  # one load per site of the crawl
    if site not in tasks:
        spool_dir = crawler.settings.get("SPOOL_DIR") or None
        tasks[site] = asyncio.ensure_future(run_in_thread(load_known, url, site, spool_dir))
    return await tasks[site]
