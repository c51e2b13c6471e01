"""SharedStoryPipeline: one item per story across all workers of a shared frontier.

DedupePipeline drops, within one process, a second item with the same canonical URL or
the same story fingerprint. Two workers do not see each other's items, so a story
republished under a new id, or one article reached through two URLs, could be kept
twice when two workers fetch the two copies. Here each item claims its canonical URL
and fingerprint in Redis (``<prefix>:<spider>:stories``) in the name of the URL it was
fetched from; a claim held for another URL makes the item a duplicate, dropped exactly
as DedupePipeline would (a republished copy is still written as an alias).

Claiming in the name of the fetched URL keeps recovery safe: when a worker dies after
claiming and before storing, its request is fetched again from the same URL, finds
its own claim and goes through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from newsscraper.distributed import key_base, redis_url
from newsscraper.distributed.frontier import Keys
from newsscraper.distributed.scheduler import connect
from newsscraper.pipelines.dedupe import DuplicateItem
from newsscraper.storage.known import digest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# KEYS: stories. ARGV: owner, canonical URL field, fingerprint field ('' if none).
_CLAIM = """
local kinds = {'url', 'fingerprint'}
for i = 2, 3 do
  if ARGV[i] ~= '' then
    local holder = redis.call('HGET', KEYS[1], ARGV[i])
    if holder and holder ~= ARGV[1] then return kinds[i - 1] end
  end
end
for i = 2, 3 do
  if ARGV[i] ~= '' then redis.call('HSET', KEYS[1], ARGV[i], ARGV[1]) end
end
return false
"""


class SharedStoryPipeline:
    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.server: Any = None
        self.key = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = redis_url(crawler.settings)
        if url is None:
            raise NotConfigured("REDIS_URL is empty: no shared frontier")
        return cls(crawler, url)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert spider is not None
        self.key = Keys(key_base(self.crawler.settings, spider.name)).stories
        self.server = connect(self.url)

    def close_spider(self) -> None:
        if self.server is not None:
            self.server.close()

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        fetched = adapter.get("url") or ""
        canonical = adapter.get("canonical_url") or fetched
        fingerprint = adapter.get("fingerprint")
        kind = self.server.eval(
            _CLAIM,
            1,
            self.key,
            digest(fetched),
            b"u" + digest(canonical),
            b"f" + digest(fingerprint) if fingerprint else b"",
        )
        if kind:
            kind = kind.decode() if isinstance(kind, bytes) else str(kind)
            stats = self.crawler.stats
            if stats is not None:
                stats.inc_value("dedupe/duplicate")
                stats.inc_value(f"dedupe/duplicate/{kind}")
                stats.inc_value("dedupe/duplicate/other_worker")
            raise DuplicateItem(kind, fetched)
        return item
