"""What the downloader learnt about a page, carried onto its items, and checked there.

``ItemIntegrityMiddleware`` (a spider middleware) sets ``partial: true`` on the items of a
page ``TruncationMiddleware`` found incomplete, and counts replacement characters
(U+FFFD, left where bytes could not be decoded) in every text field of every item:
``integrity/replacement_char/<field>`` (characters) and
``integrity/replacement_char_items`` (items with any).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter, is_item

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

REPLACEMENT = "\ufffd"


def replacement_counts(item: Any) -> dict[str, int]:
    """Replacement characters per field, in strings and in lists and dicts of strings."""
    counts = {}
    for field, value in ItemAdapter(item).items():
        found = sum(text.count(REPLACEMENT) for text in _strings(value))
        if found:
            counts[field] = found
    return counts


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings(inner)


class ItemIntegrityMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _check(self, response: Response, output: Any) -> Any:
        if not is_item(output):
            return output
        adapter = ItemAdapter(output)
        if response.meta.get("partial") and "partial" in adapter.field_names():
            adapter["partial"] = True
        stats = self.crawler.stats
        counts = replacement_counts(output)
        if counts and stats is not None:
            stats.inc_value("integrity/replacement_char_items")
            for field, found in counts.items():
                stats.inc_value(f"integrity/replacement_char/{field}", found)
        return output

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            yield self._check(response, output)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            yield self._check(response, output)
