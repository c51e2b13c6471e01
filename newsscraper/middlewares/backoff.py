"""Retries with exponential backoff and jitter, per domain.

Scrapy's ``RetryMiddleware`` decides *what* is retried (``RETRY_HTTP_CODES``,
``RETRY_EXCEPTIONS``, ``dont_retry``, ``max_retry_times``) and counts it
(``retry/*`` stats, ``get_retry_request``); Scrapy 2.19 has no backoff, so its
retries fire at once and all land inside a short outage. This subclass keeps every
one of those decisions and adds *when*:

- a domain that fails is backed off: its level rises by one at most once per current
  wait, so a burst of concurrent failures counts as one step, and its downloader slot's
  delay (Scrapy's own per-domain pacing) is raised to the wait, so new requests to it
  trickle out one per wait instead of failing in parallel; the first good answer from
  the domain restores the slot's delay;
- the failed request itself waits ``base * 2**n`` seconds (``n`` its own retries so far,
  at least the domain's wait, at most ``RETRY_BACKOFF_MAX``), jittered down to half at
  random so that retries do not arrive together, before it is handed back to Scrapy.
  A ``Retry-After`` header (seconds) is honoured up to the same cap.

Transient faults (``RETRY_TRANSIENT_HTTP_CODES``: 502, 503, 504, 408, 429 …, and every
exception of ``RETRY_EXCEPTIONS``: resets, refused connections, timeouts) get
``RETRY_TRANSIENT_TIMES`` retries; the other retried codes (500: usually a page's own bug)
keep ``RETRY_TIMES``, which also wins for every fault when it is set at a higher priority
than ``RETRY_TRANSIENT_TIMES`` (``-s RETRY_TIMES=0`` means no retries). With the defaults
(7 transient retries, base 1 s, cap 60 s) one request is retried over at least
0.5 * (1+2+4+8+16+32+60) = 61.5 s, so a 30 s outage of the site loses nothing.

The retry itself is Scrapy's public ``get_retry_request`` (stats ``retry/*``, priority
adjust, give-up log level), with ``max_retry_times`` chosen as above.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


@dataclass
class DomainBackoff:
    """How far one domain is backed off, and the slot delay to restore."""

    level: int = 0
    raised_at: float = 0.0
    saved_delay: float | None = None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry rules and settings, with a wait before each retry (see the module)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.transient_codes = {int(x) for x in settings.getlist("RETRY_TRANSIENT_HTTP_CODES")}
        self.transient_times = settings.getint("RETRY_TRANSIENT_TIMES")
        if (settings.getpriority("RETRY_TIMES") or 0) > (
            settings.getpriority("RETRY_TRANSIENT_TIMES") or 0
        ):
            # RETRY_TIMES set on purpose (e.g. -s RETRY_TIMES=0) and the transient
            # budget not: the explicit choice holds for every fault.
            self.transient_times = self.max_retry_times
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")
        if self.base <= 0 or self.cap < self.base:
            raise ValueError(
                f"RETRY_BACKOFF_BASE={self.base} and RETRY_BACKOFF_MAX={self.cap}: "
                "expected 0 < base <= max"
            )
        self.domains: dict[str, DomainBackoff] = {}

    def wait_for(self, retries: int, level: int) -> float:
        """The un-jittered wait before a request's retry number ``retries + 1``."""
        steps = max(retries, level - 1)
        return min(self.cap, self.base * 2 ** min(steps, 32))

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: object = None
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            self._recovered(request)
            return response
        transient = response.status in self.transient_codes
        reason = response_status_message(response.status)
        retry = await self._retry_later(request, reason, transient, _retry_after(response))
        return retry or response

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        if request.meta.get("dont_retry", False) or not isinstance(
            exception, self.exceptions_to_retry
        ):
            return None
        return await self._retry_later(request, exception, True, None)

    async def _retry_later(
        self,
        request: Request,
        reason: str | Exception,
        transient: bool,
        retry_after: float | None,
    ) -> Request | None:
        """Scrapy's retry request after the backoff wait, or None when retries ran out."""
        domain = self._failed(request)
        budget = self.transient_times if transient else self.max_retry_times
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,  # type: ignore[arg-type]
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", budget),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
        )
        if retry is None:
            return None
        wait = self.wait_for(request.meta.get("retry_times", 0), domain.level)
        if retry_after is not None:
            wait = max(wait, min(self.cap, retry_after))
        wait *= random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not cryptography
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("retry/backoff/count")
            stats.inc_value("retry/backoff/seconds", round(wait, 3))
            stats.max_value("retry/backoff/max_level", domain.level)
        await sleep(wait)
        return retry

    def _slot(self, request: Request) -> tuple[str, object | None]:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return request.meta.get("download_slot", ""), None
        key = downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _failed(self, request: Request) -> DomainBackoff:
        key, slot = self._slot(request)
        domain = self.domains.setdefault(key, DomainBackoff())
        now = time.monotonic()
        if domain.level == 0 or now - domain.raised_at >= self.wait_for(0, domain.level):
            domain.level += 1
            domain.raised_at = now
            if domain.level == 1 or domain.level % 3 == 0:
                logger.info("Backing off %s: level %d", key or "?", domain.level)
        if slot is not None:
            delay = self.wait_for(0, domain.level)
            if domain.saved_delay is None:
                domain.saved_delay = slot.delay  # type: ignore[attr-defined]
            slot.delay = max(slot.delay, delay)  # type: ignore[attr-defined]
        return domain

    def _recovered(self, request: Request) -> None:
        key, slot = self._slot(request)
        domain = self.domains.get(key)
        if domain is None or domain.level == 0:
            return
        logger.info("%s answers again: backoff over after level %d", key or "?", domain.level)
        if slot is not None and domain.saved_delay is not None:
            slot.delay = domain.saved_delay  # type: ignore[attr-defined]
        self.domains.pop(key, None)


def _retry_after(response: Response) -> float | None:
    """A ``Retry-After`` given in seconds (an HTTP date is ignored: the backoff applies)."""
    value = response.headers.get(b"Retry-After")
    if not value:
        return None
    try:
        seconds = float(value.decode("latin-1").strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
