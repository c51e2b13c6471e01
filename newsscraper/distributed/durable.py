"""Is an article's work done? The database says: the one question leases ask it.

An article lease is released once the article is in the database as written at or
after the lease was taken (``articles.last_seen``), or as a republished copy
(``article_aliases``). Both timestamps come from the same worker's clock: the one that
popped the request also wrote its batch. Blocking: call it from a thread.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from newsscraper.storage import ArticleStore
from newsscraper.storage.schema import article_aliases, articles

#: Ids per query: well under SQLite's bound-parameter limit.
_CHUNK = 500
#: Float seconds against the database's microseconds.
_SLACK = 0.001


class DurableArticles:
    """A connection to the article database for lease checks, opened on first use."""

    def __init__(self, url: str) -> None:
        self.store = ArticleStore(url)

    def stored_since(self, site: str, wanted: Mapping[str, float]) -> set[str]:
        """The ids in ``wanted`` (article id -> Unix time) stored since that time."""
        engine = self.store.open().engine
        found: set[str] = set()
        ids = list(wanted)
        with engine.connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                part = ids[start : start + _CHUNK]
                rows = conn.execute(
                    sa.select(articles.c.article_id, articles.c.last_seen).where(
                        articles.c.site == site, articles.c.article_id.in_(part)
                    )
                )
                for article_id, last_seen in rows:
                    if last_seen.timestamp() + _SLACK >= wanted[article_id]:
                        found.add(article_id)
                aliases = conn.execute(
                    sa.select(article_aliases.c.article_id).where(
                        article_aliases.c.site == site, article_aliases.c.article_id.in_(part)
                    )
                )
                found.update(article_id for (article_id,) in aliases)
        return found

    def close(self) -> None:
        self.store.close()
