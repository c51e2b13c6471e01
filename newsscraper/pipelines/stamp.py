"""Stamp: when the item was scraped. The only clock read on an item's way."""

from __future__ import annotations

from datetime import UTC, datetime

from itemadapter import ItemAdapter


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StampPipeline:
    def process_item(self, item: object) -> object:
        ItemAdapter(item)["scraped_at"] = utc_now()
        return item
