"""One spider per site profile (``newsscraper/sites/<name>.py``), made here, not written.

Scrapy's spider loader finds the classes below in this module's namespace, so
``scrapy list`` shows every profiled site, ``scrapy crawl <name>`` crawls it, and
scrapyd's egg holds them all. Each class is ``NewsSpider`` with the site's profile and
its name; a profile that brings its own page object (``page``) is read with it.
"""

from __future__ import annotations

from newsscraper.sites import SiteProfile, all_sites
from newsscraper.spiders.news import NewsSpider


def spider_class(site: SiteProfile) -> type[NewsSpider]:
    """``NewsSpider`` for one site: ``scrapy crawl <site.name>``."""
    title = "".join(part.capitalize() for part in site.name.split("_"))
    return type(
        f"{title}Spider",
        (NewsSpider,),
        {
            "name": site.name,
            "site": site,
            "__module__": __name__,
            "__doc__": f"{site.title or site.name}: ``scrapy crawl {site.name}``.",
        },
    )


SPIDERS: dict[str, type[NewsSpider]] = {site.name: spider_class(site) for site in all_sites()}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
