"""What the incremental middleware must know about a site, held in memory.

Loaded by one query at spider start so deciding whether to skip a request
costs a dict lookup, never a database round trip.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from newsscraper.storage.types import parse_iso


@dataclass(frozen=True, slots=True)
class KnownArticle:
    """The stored copy's dates: the site's modified_at and our last visit."""

    modified_at: datetime | None
    last_seen: datetime | None

    @property
    def current_as_of(self) -> datetime | None:
        """Latest instant our copy is known to reflect."""
        dates = [d for d in (self.modified_at, self.last_seen) if d is not None]
        return max(dates) if dates else None


def digest(value: str) -> bytes:
    """16 bytes standing for a URL or fingerprint: 100k of them fit in a few MB."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=16).digest()


class KnownSet:
    """Articles already stored for one site, by article id and canonical URL.

    ``fingerprints`` maps each stored story's fingerprint digest to the digest of
    the canonical URL it is stored under, so a republished copy (same story, other
    URL) can be told from a re-crawl of the stored article itself.
    """

    def __init__(self) -> None:
        self.by_id: dict[str, KnownArticle] = {}
        self.by_url: dict[str, KnownArticle] = {}
        self.fingerprints: dict[bytes, bytes] = {}
        #: How many of the URLs are republished copies (article_aliases rows).
        self.aliases = 0

    def add(
        self,
        article_id: str | None,
        canonical_url: str | None,
        modified_at: datetime | None,
        last_seen: datetime | None,
        fingerprint: str | None = None,
        *,
        alias: bool = False,
    ) -> None:
        self.aliases += alias and canonical_url not in self.by_url
        if fingerprint and canonical_url:
            self.fingerprints[digest(fingerprint)] = digest(canonical_url)
        known = KnownArticle(modified_at, last_seen)
        if article_id:
            previous = self.by_id.get(article_id)
            if previous is None or _newer(known, previous):
                self.by_id[article_id] = known
        if canonical_url:
            self.by_url[canonical_url] = known

    def get(self, article_id: str | None = None, url: str | None = None) -> KnownArticle | None:
        """The stored copy, looked up by id first, then by URL."""
        found = self.by_id.get(str(article_id)) if article_id else None
        if found is None and url:
            found = self.by_url.get(url)
        return found

    def is_current(
        self,
        article_id: str | None = None,
        url: str | None = None,
        lastmod: str | datetime | None = None,
    ) -> bool:
        """True when we hold the article and *lastmod* is not newer than our copy.

        An unparsable lastmod is ignored (the article counts as current): a bad
        sitemap must not force a full re-crawl.
        """
        known = self.get(article_id, url)
        if known is None:
            return False
        stamp = parse_iso(lastmod)
        as_of = known.current_as_of
        return stamp is None or as_of is None or stamp <= as_of

    def __len__(self) -> int:
        return len(self.by_url)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and article_id in self.by_id


def _newer(candidate: KnownArticle, current: KnownArticle) -> bool:
    a, b = candidate.current_as_of, current.current_as_of
    return a is not None and (b is None or a > b)
