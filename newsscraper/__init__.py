"""newsscraper: news sites into clean, deduplicated article datasets.

``from newsscraper import extract``: ``extract(html, url, site=None) -> dict``, the
fields the crawl stores for a page (see ``newsscraper.extraction.page.extract``).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    # Imported on first use: commands and settings import this package without needing
    # the extraction stack (Scrapy's loaders, lxml).
    if name == "extract":
        from newsscraper.extraction.page import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
