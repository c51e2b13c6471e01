"""The page object of a site nobody profiled (``sites.GENERIC``).

A profiled site knows the name its ``<title>`` prints before or after each headline
(``Portugal Colonial - …``); an unknown site says it in ``og:site_name``, or as the
JSON-LD publisher. This page reads the name from there and is otherwise the common
``ArticlePage``. Not a site (the leading ``_`` keeps it out of ``all_sites()``).
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

from newsscraper.extraction.dom import ld_text
from newsscraper.extraction.page import ArticlePage
from newsscraper.extraction.text import clean_text
from newsscraper.loaders import ArticleLoader
from newsscraper.sites import SiteProfile


class GenericPage(ArticlePage):
    def __init__(self, url: str, html: str, site: SiteProfile) -> None:
        super().__init__(url, html, site)
        if not site.title:
            name = self.site_name or ""
            self.site = dataclasses.replace(site, title=name)
            self.loader = ArticleLoader(site_title=name)

    @cached_property
    def site_name(self) -> str | None:
        """The name the site gives itself in its metadata."""
        return clean_text(self.meta.get("og:site_name")) or clean_text(
            ld_text(self.ld.get("publisher"))
        )
