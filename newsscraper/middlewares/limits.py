"""Bounded memory per response: size limits that fit news pages, each refusal counted.

Scrapy enforces ``DOWNLOAD_MAXSIZE`` twice: the download handler refuses a response whose
Content-Length, or whose bytes received so far, pass it (``DownloadCancelledError``,
buffer dropped), and ``HttpCompressionMiddleware`` stops decompressing once the output
passes it (64 KiB at a time, ``IgnoreRequest``), so a gzip bomb costs the limit, not
its expansion. Both only log a warning. Here:

- ``PageSizeMiddleware`` gives HTML pages the tighter ``PAGE_MAXSIZE``/``PAGE_WARNSIZE``
  through Scrapy's own ``download_maxsize``/``download_warnsize`` request meta;
  sitemaps and feeds (``.xml``, ``.gz``, ``sitemap``/``rss``/``feed`` in the path) keep
  ``DOWNLOAD_MAXSIZE``, which is the sitemap protocol's 50 MB. It counts a download
  refused for size as ``limits/too_large/download``.
- ``BoundedCompressionMiddleware`` is Scrapy's ``HttpCompressionMiddleware`` that counts
  a body refused while decompressing as ``limits/too_large/decompressed``.

The page object has its own limit on the HTML it reads (``extract/skipped/too_big``);
``PAGE_MAXSIZE`` is at most that, so a page that gets through the download is read.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import CancelledError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

_XML_SUFFIXES = (".xml", ".gz", ".rss", ".atom", ".rdf")
_XML_WORDS = ("sitemap", "rss", "feed", "atom")


def is_xml_url(request: Request) -> bool:
    """A sitemap or feed by its URL path, which may be as large as the protocol allows."""
    path = urlparse_cached(request).path.lower()
    if path.endswith(_XML_SUFFIXES):
        return True
    return any(word in path for word in _XML_WORDS) and not path.endswith((".html", ".htm"))


class PageSizeMiddleware:
    """Per-request size limits (pages tighter than sitemaps) and a count of refusals."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.page_maxsize = settings.getint("PAGE_MAXSIZE")
        self.page_warnsize = settings.getint("PAGE_WARNSIZE")
        self.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        if self.page_maxsize <= 0 or (self.maxsize and self.page_maxsize > self.maxsize):
            raise ValueError(
                f"PAGE_MAXSIZE={self.page_maxsize}: expected 0 < PAGE_MAXSIZE <= "
                f"DOWNLOAD_MAXSIZE ({self.maxsize})"
            )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if is_xml_url(request):
            return
        request.meta.setdefault("download_maxsize", self.page_maxsize)
        request.meta.setdefault("download_warnsize", self.page_warnsize)

    def process_exception(self, request: Request, exception: Exception) -> None:
        # The handler's only cancels are for size: with Scrapy's message when the
        # Content-Length is too large, with none when the body grows past the limit
        # (timeouts are DownloadTimeoutError).
        message = str(exception)
        if isinstance(exception, (DownloadCancelledError, CancelledError)) and (
            not message or "max size" in message
        ):
            self._count("download", request)

    def _count(self, stage: str, request: Request) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"limits/too_large/{stage}")
        logger.info(
            "Refused %s: larger than %d bytes (%s)",
            request.url,
            request.meta.get("download_maxsize", self.maxsize),
            stage,
        )


class BoundedCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, which stops at the size limit, with the refusal counted."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: object = None
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value("limits/too_large/decompressed")
            raise
