"""Pages whose HTML ends mid-document: retried once when the transfer was cut, else flagged.

Two ways a page arrives incomplete:

- a short read: the connection closed before Content-Length bytes came. With
  ``DOWNLOAD_FAIL_ON_DATALOSS = False`` Scrapy hands over what it got, flagged
  ``dataloss``, instead of failing the request; this is usually the network, so it is
  retried once (Scrapy's ``get_retry_request``, reason ``partial/dataloss``), and a second
  short read is kept as it is;
- a complete response whose HTML stops before ``</body>`` and ``</html>``: the server
  rendered it so (an error mid-page), and would most likely do it again, so it is kept
  without a retry.

Either way the request is marked ``meta["partial"]`` with the reason and counted as
``integrity/partial/<reason>``; ``ItemIntegrityMiddleware`` flags the page's item
``partial: true``, so it is stored and can be told apart (and re-fetched later).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import HtmlResponse

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: Bytes at the end of a page searched for a closing tag (scripts and footers may follow
#: ``</body>`` in sloppy pages, but not kilobytes of them).
TAIL_BYTES = 4096
_CLOSED = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


def ends_mid_document(body: bytes) -> bool:
    """True when the HTML has no ``</body>`` and no ``</html>`` near its end."""
    return _CLOSED.search(body[-TAIL_BYTES:]) is None


class TruncationMiddleware:
    """Detects incomplete HTML (see the module doc); retries a short read once."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not isinstance(response, HtmlResponse):
            return response
        if "dataloss" in response.flags:
            if not request.meta.get("partial_retried"):
                retry = get_retry_request(
                    request,
                    spider=self.crawler.spider,  # type: ignore[arg-type]
                    reason="partial/dataloss",
                    max_retry_times=request.meta.get("retry_times", 0) + 1,
                )
                if retry is not None:
                    retry.meta["partial_retried"] = True
                    return retry
            return self._partial(request, response, "dataloss")
        if response.status == 200 and ends_mid_document(response.body):
            return self._partial(request, response, "unclosed")
        return response

    def _partial(self, request: Request, response: Response, reason: str) -> Response:
        request.meta["partial"] = reason
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"integrity/partial/{reason}")
        logger.info("%s ends mid-document (%s): kept, flagged partial", response.url, reason)
        return response
