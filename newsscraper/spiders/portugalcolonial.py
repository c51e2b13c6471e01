"""Portugal Colonial: ``scrapy crawl portugalcolonial``."""

from newsscraper.sites.portugalcolonial import SITE
from newsscraper.spiders.news import NewsSpider


class PortugalColonialSpider(NewsSpider):
    name = SITE.name
    site = SITE
