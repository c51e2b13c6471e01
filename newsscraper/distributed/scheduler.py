"""SharedScheduler: scrapy-redis' scheduler with leases, so a dead worker loses nothing.

scrapy-redis 0.9.1 works with Scrapy 2.19's engine as it is (``open``/``close``,
``enqueue_request``, ``next_request``, ``has_pending_requests``; start requests from
``async def start()`` reach ``enqueue_request`` like any other). What we change:

- ``next_request`` pops into a lease (``frontier.LeasedQueue``) instead of deleting
  the request from Redis, and ``close`` never flushes the shared keys;
- the connection and the dupefilter are built from ``redis_url()`` (environment
  first), not from scrapy-redis' own ``REDIS_*`` settings;
- stats are counted without the ``spider`` argument that Scrapy 2.19 deprecates.

A lease is settled when its request is no longer anywhere in the engine (downloader,
scraper queue, scraper; the hand-offs between them are synchronous, so "nowhere" means
done, with every child request already enqueued) and, for a request that produced an
article, when the database holds it (``durable``). Two upkeep loops: every second,
settle leases and (every ``REDIS_WORKER_TIMEOUT`` / 4) heartbeat; every heartbeat
interval, adopt dead workers' leases and ask the database about waiting ones, in its
own loop so a slow query never delays a heartbeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import redis
from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.defer import Deferred

from newsscraper.distributed import (
    DEFAULT_IDLE_CLOSE,
    DEFAULT_WORKER_TIMEOUT,
    RedisConfigError,
    key_base,
    redis_url,
)
from newsscraper.distributed.durable import DurableArticles
from newsscraper.distributed.frontier import Frontier, Keys, Lease, LeasedQueue
from newsscraper.pipelines.dedupe import DuplicateItem
from newsscraper.redaction import redact, scrub
from newsscraper.storage import database_url

if TYPE_CHECKING:
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Request meta key holding the lease token of a popped request.
LEASE_META = "_newsscraper_lease"
#: Seconds between upkeep rounds (settling leases); heartbeats are rarer.
UPKEEP_TICK = 1.0


@dataclass
class _Held:
    """A lease this worker holds: the request until it leaves the engine, then the
    article ids whose storage settles it."""

    request: Request | None
    popped_at: float
    awaiting: set[str] = field(default_factory=set)


def worker_id() -> str:
    """``host:pid:random``: unique per process, readable in ``redis-cli``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


def connect(url: str) -> Any:
    try:
        server = redis.Redis.from_url(
            url, socket_connect_timeout=10, socket_timeout=30, health_check_interval=30
        )
        server.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise RedisConfigError(f"REDIS_URL {redact(url)!r}: {scrub(str(exc), url)}") from None
    return server


def _in_engine(engine: ExecutionEngine) -> set[int]:
    """Ids of the requests the engine is downloading or scraping."""
    requests = list(engine.downloader.active)
    slot = engine.scraper.slot
    if slot is not None:
        requests.extend(slot.active)
        requests.extend(request for _, request, _ in slot.queue)
    return {id(request) for request in requests}


class SharedScheduler(Scheduler):
    crawler: Crawler
    frontier: Frontier
    durable: DurableArticles | None
    spider: Spider

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = redis_url(settings)
        if url is None or crawler.spider is None:
            raise RedisConfigError("SharedScheduler needs REDIS_URL (or NEWSSCRAPER_REDIS_URL)")
        keys = Keys(key_base(settings, crawler.spider.name))
        server = connect(url)
        dupefilter = RFPDupeFilter(
            server, key=keys.dupefilter, debug=settings.getbool("DUPEFILTER_DEBUG")
        )
        scheduler = cls(
            server=server,
            persist=True,
            queue_key=keys.queue,
            queue_cls=LeasedQueue,
            dupefilter=dupefilter,
        )
        scheduler._setup(crawler, url, keys)
        return scheduler

    def _setup(self, crawler: Crawler, url: str, keys: Keys) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        # under 2 s, a busy reactor would get healthy workers declared dead
        self.timeout = max(2.0, settings.getfloat("REDIS_WORKER_TIMEOUT", DEFAULT_WORKER_TIMEOUT))
        self.beat = max(0.5, self.timeout / 4)
        self.frontier = Frontier(self.server, keys, worker_id(), self.timeout, self.beat)
        db = database_url(settings)
        self.durable = DurableArticles(db) if db is not None else None
        self.recovering = False
        self.last_pop = time.monotonic()
        self._held: dict[str, _Held] = {}
        self._registered = False
        self._stop = asyncio.Event()
        self._next_beat = 0.0
        self._upkeep: list[asyncio.Future[None]] = []
        crawler.signals.connect(self._item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self._item_dropped, signal=signals.item_dropped)

    # -- Scrapy's scheduler interface ----------------------------------------------------

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self._heartbeat()
        if self.stats is not None:
            self.stats.set_value("distributed/worker", self.frontier.worker)
        idle = self.crawler.settings.getfloat("REDIS_IDLE_CLOSE_SECONDS", DEFAULT_IDLE_CLOSE)
        if 0 < idle <= self.timeout:
            logger.warning(
                "REDIS_IDLE_CLOSE_SECONDS (%s) <= REDIS_WORKER_TIMEOUT (%s): an idle worker "
                "may leave before a dead one's requests are recovered",
                idle,
                self.timeout,
            )
        logger.info(
            "Worker %s on the shared frontier %s at %s",
            self.frontier.worker,
            self.frontier.keys.base,
            redact(self.url),
        )
        self._upkeep = [
            asyncio.ensure_future(self._every(min(UPKEEP_TICK, self.beat), self._pulse)),
            # database queries in their own loop, so a slow one never delays a heartbeat
            asyncio.ensure_future(self._every(self.beat, self._tidy)),
        ]

    def close(self, reason: str) -> Deferred[None]:
        return deferred_from_coro(self._close(reason))

    def enqueue_request(self, request: Request) -> bool:
        request.meta.pop(LEASE_META, None)  # a retry or redirect gets its own lease
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push_unseen(request, self.df.key, fingerprint):
            self.df.log(request, self.spider)
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        token = secrets.token_hex(8)
        popped_at = time.time()
        request = self.queue.pop_leased(self.frontier.pending_key, token, popped_at)
        if request is None:
            return None
        request.meta[LEASE_META] = token
        self._held[token] = _Held(request, popped_at)
        self.last_pop = time.monotonic()
        self._inc("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    # -- leases ---------------------------------------------------------------------------

    def settle(self) -> None:
        """Release the leases whose requests have left the engine with nothing to store."""
        engine = self.crawler.engine
        if engine is None:
            return
        busy = _in_engine(engine)
        done, unsaved = [], []
        for token, held in self._held.items():
            if held.request is None or id(held.request) in busy:
                continue
            held.request = None
            if held.awaiting and self.durable is not None:
                unsaved.append(token)
            else:
                done.append(token)
        self.frontier.mark_unsaved(unsaved)
        self._release(done)

    def _release(self, tokens: list[str]) -> None:
        if tokens:
            self.frontier.ack(tokens)
            for token in tokens:
                del self._held[token]

    def _item_scraped(self, item: Any, response: Any) -> None:
        self._expect(item, response)

    def _item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        # A republished copy is still written, as an alias: its lease waits for that.
        if isinstance(exception, DuplicateItem) and exception.kind == "fingerprint":
            self._expect(item, response)

    def _expect(self, item: Any, response: Any) -> None:
        request = getattr(response, "request", None)
        token = request.meta.get(LEASE_META) if request is not None else None
        held = self._held.get(token) if token else None
        article_id = ItemAdapter(item).get("article_id")
        if held is not None and article_id:
            held.awaiting.add(str(article_id))

    async def _confirm(self) -> None:
        """Release the leases whose articles the database now holds."""
        waiting = {t: h for t, h in self._held.items() if h.request is None and h.awaiting}
        if not waiting or self.durable is None:
            return
        wanted: dict[str, float] = {}
        for held in waiting.values():
            for article_id in held.awaiting:
                wanted[article_id] = max(wanted.get(article_id, 0.0), held.popped_at)
        stored = await run_in_thread(self.durable.stored_since, self.spider.name, wanted)
        self._release([t for t, h in waiting.items() if h.awaiting <= stored])

    # -- workers --------------------------------------------------------------------------

    def _heartbeat(self) -> None:
        if self.frontier.heartbeat() and self._registered:
            self._inc("distributed/presumed_dead")
            logger.warning(
                "Worker %s missed heartbeats for over %ss and was presumed dead: its "
                "requests were handed to others, some pages may be fetched twice",
                self.frontier.worker,
                self.timeout,
            )
        self._registered = True

    async def _recover(self) -> None:
        """Adopt dead workers' leases, then settle every lease of ours that our engine
        does not hold: release the articles the database has, requeue the rest."""
        for worker in self.frontier.dead_workers():
            adopted = self.frontier.adopt(worker)
            if adopted is None:
                continue
            self._inc("distributed/dead_workers")
            logger.warning(
                "Worker %s stopped heartbeating: recovering its %d leased requests",
                worker,
                adopted,
            )
        self.recovering = True
        try:
            leases = self.frontier.leases_besides(self._held)
            if not leases:
                return
            try:
                stored = await self._stored(leases)
            except Exception as exc:  # noqa: BLE001 - no database answer: requeue them all
                logger.warning("Could not ask the database about recovered requests: %s", exc)
                stored = []
            done = {lease.token for lease in stored}
            self.frontier.ack(sorted(done))
            again = [lease for lease in leases if lease.token not in done]
            self.frontier.requeue(again)
        finally:
            self.recovering = False
        self._inc("distributed/recovered_requeued", len(again))
        self._inc("distributed/recovered_stored", len(stored))
        logger.info(
            "Recovered %d requests: %d back on the queue, %d articles already stored",
            len(leases),
            len(again),
            len(stored),
        )

    async def _stored(self, leases: list[Lease]) -> list[Lease]:
        """The article leases whose work the database shows done."""
        if self.durable is None:
            return []
        ids: dict[Lease, str] = {}
        for lease in leases:
            try:
                article_id = self.queue.decode(lease.data).meta.get("article_id")
            except Exception:  # noqa: BLE001 - undecodable here: requeue it as it is
                continue
            if article_id:
                ids[lease] = str(article_id)
        wanted: dict[str, float] = {}
        for lease, article_id in ids.items():
            wanted[article_id] = max(wanted.get(article_id, 0.0), lease.popped_at)
        if not wanted:
            return []
        found = await run_in_thread(self.durable.stored_since, self.spider.name, wanted)
        return [lease for lease, article_id in ids.items() if article_id in found]

    # -- upkeep ---------------------------------------------------------------------------

    async def _every(self, interval: float, step: Callable[[], Awaitable[None]]) -> None:
        """Run ``step`` every ``interval`` seconds until the scheduler closes."""
        while not self._stop.is_set():
            try:
                await step()
            except Exception as exc:  # noqa: BLE001 - a Redis or database hiccup: retry
                logger.warning("Shared frontier upkeep failed, retrying: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), interval)

    async def _pulse(self) -> None:
        self.settle()
        if time.monotonic() >= self._next_beat:
            self._next_beat = time.monotonic() + self.beat
            self._heartbeat()

    async def _tidy(self) -> None:
        await self._recover()
        await self._confirm()

    async def _close(self, reason: str) -> None:
        """Leave the frontier. Every request this worker took has been processed (the
        engine waits for them) and the store flushed, so our leases are settled."""
        self._stop.set()
        # never cut a recovery short, and requeue whatever one left behind: our leases
        # are deleted on leaving
        await asyncio.gather(*self._upkeep)
        try:
            await self._recover()
        except Exception as exc:  # noqa: BLE001 - report it, leave all the same
            logger.error("Could not requeue recovered requests: %s", exc)
        try:
            if self.frontier.leave():
                logger.info(
                    "Last worker of a finished crawl: frontier %s reset", self.frontier.keys.base
                )
        except redis.RedisError as exc:
            logger.error("Could not leave the shared frontier: %s", exc)
        if self.durable is not None:
            await run_in_thread(self.durable.close)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(key, count)
