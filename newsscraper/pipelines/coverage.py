"""Coverage: count, per field, the items that came out with a value.

The monitors compare these counts with floors at the end of a crawl. The photo
credit is counted among items that have a photo only (a page without a photo has
no credit to find), which spidermon's own field coverage cannot express.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newsscraper.items import ARTICLE_FIELDS


class CoveragePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CoveragePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        self.stats.inc_value("coverage/items")
        for field in ARTICLE_FIELDS:
            if adapter.get(field) not in (None, "", []):
                self.stats.inc_value(f"coverage/{field}")
        if adapter.get("photo_url"):
            self.stats.inc_value("coverage/with_photo")
            if adapter.get("photo_credit"):
                self.stats.inc_value("coverage/with_photo/photo_credit")
        return item
