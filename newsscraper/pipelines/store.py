"""StorePipeline: batches items into the article database off the reactor thread.

Items are buffered and written DATABASE_BATCH_SIZE at a time in a worker
thread, one transaction per batch, so the crawl never waits on a round trip
per item. The item that fills a batch awaits the write, and when three
batches are being written or waiting, every item waits: that is the
back-pressure that keeps memory flat when the database is slower than the
crawl (a dense archive to link against, a busy machine).

Nothing extracted is lost to a database outage. A batch the database cannot
take (down, read-only, full, timed out) goes to the spool
(``newsscraper.storage.spool``): fsynced to local disk before the crawl goes on.
While the spool holds anything, later batches join it (the database is down,
and order is kept), and the spool is replayed with exponential backoff
(``DATABASE_RETRY_MAX_DELAY``). At close the pipeline keeps trying for up to
``DATABASE_CLOSE_WAIT`` seconds; what is still spooled then is counted as
``store/unstored``, which fails the monitors and makes ``scrapy crawl`` exit 5.
The next run against the same database replays the spool before it crawls.

Duplicates: whether an item is a cross-run duplicate (its fingerprint is
already stored under another canonical URL) is only known when its batch is
written, after the item has moved on. So every item is returned unchanged
(feeds and later pipelines still see it); the database simply does not store
the duplicate and the stat ``store/duplicate`` counts it. Dropping belongs to
DedupePipeline, which sees items before they reach us.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import random
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import run_in_thread
from sqlalchemy import exc as sa_exc
from twisted.internet import task

from newsscraper.errors import first_line
from newsscraper.pipelines.dedupe import DuplicateItem
from newsscraper.storage import ArticleStore, BatchResult, StorageError, database_url, redact
from newsscraper.storage.bounded import Unanswered, run_bounded
from newsscraper.storage.spool import Spool, SpoolError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Errors that say "the database is not taking writes now", not "this item is bad":
#: connection refused or dropped, read-only or full file, lock or pool timeouts.
UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    StorageError,
    OSError,
)
#: First retry of the spool after a failure; doubles up to DATABASE_RETRY_MAX_DELAY.
_FIRST_DELAY = 0.5
#: How often the reactor looks whether a retry is due (the retry itself runs in a thread).
_TICK = 0.25
#: Seconds a spool replay waits for a write in progress before it tries again later.
_LOCK_WAIT = 5.0
#: How often a waiting write looks whether the write in progress is stuck.
_LOCK_POLL = 1.0
#: Batches written or waiting to be at once. Past it every item waits before it joins
#: a batch, so its response stays in Scrapy's scraper slot and the downloads pause
#: (SCRAPER_SLOT_MAX_ACTIVE_SIZE): a crawl faster than its database slows down instead
#: of piling up batches, each in memory and in a thread of its own.
_MAX_WRITES = 3


class _WriteLock:
    """One transaction at a time, and how long the one in progress has been going.

    A write that waits for another is back-pressure, not an outage: a healthy
    database under load (a large archive to link against, a busy machine) can
    take seconds per batch. Only a write in progress for longer than
    DATABASE_WRITE_TIMEOUT is stuck, and only then does the waiting one give up.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None

    def acquire(self, stuck_after: float) -> bool:
        """Wait while the holder is making progress; False once it has held the
        lock for longer than ``stuck_after`` seconds."""
        while not self._lock.acquire(timeout=_LOCK_POLL):
            since = self._since
            if since is not None and time.monotonic() - since > stuck_after:
                return False
        self._since = time.monotonic()
        return True

    def try_acquire(self, timeout: float) -> bool:
        if not self._lock.acquire(timeout=timeout):
            return False
        self._since = time.monotonic()
        return True

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Release the lock acquired before entering."""
        try:
            yield
        finally:
            self._since = None
            self._lock.release()


class StorePipeline:
    """Write items to the database in batches; spool what it cannot take."""

    def __init__(self, crawler: Crawler, url: str, batch_size: int) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.url = url
        self.batch_size = max(1, batch_size)
        self.store: ArticleStore | None = None
        self.spool = Spool.for_database(url, settings.get("SPOOL_DIR") or None)
        self.max_delay = max(_FIRST_DELAY, settings.getfloat("DATABASE_RETRY_MAX_DELAY", 30.0))
        self.close_wait = max(0.0, settings.getfloat("DATABASE_CLOSE_WAIT", 30.0))
        self.write_timeout = max(1.0, settings.getfloat("DATABASE_WRITE_TIMEOUT", 180.0))
        self._buffer: list[dict[str, Any]] = []
        self._lock = _WriteLock()
        self._spooled = False  # the spool holds entries: new batches join it
        self._delay = _FIRST_DELAY
        self._next_try = 0.0
        self._retrying = False
        self._loop: task.LoopingCall | None = None
        self._writes = 0  # batches written or waiting to be (reactor thread only)
        self._room: list[asyncio.Future[None]] = []  # items waiting for _writes to drop

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = database_url(crawler.settings)
        if url is None:
            raise NotConfigured("DATABASE_URL is empty: not storing articles")
        pipeline = cls(crawler, url, crawler.settings.getint("DATABASE_BATCH_SIZE", 100))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        """A republished copy dropped upstream is still written, as an alias of the
        stored story, so later crawls skip its URL without downloading it."""
        if isinstance(exception, DuplicateItem) and exception.kind == "fingerprint":
            self._buffer.append(ItemAdapter(item).asdict())

    async def open_spider(self) -> None:
        self.store = await run_in_thread(ArticleStore(self.url).open)
        logger.info("Storing articles in %s", redact(self.url))
        # An earlier run's leftovers go first (crawlstate does the same before the
        # known set is read, so whichever comes first replays them).
        try:
            await run_bounded(self._replay, timeout=self.write_timeout)
        except Unanswered:
            self._spooled = True  # the retry loop takes over
        atexit.register(self._spool_leftovers)
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(_TICK, now=False)

    async def process_item(self, item: Any) -> Any:
        while self._writes >= _MAX_WRITES:
            self._inc("store/backpressure")  # the database sets the crawl's pace
            room = asyncio.get_running_loop().create_future()
            self._room.append(room)
            await room
        self._buffer.append(ItemAdapter(item).asdict())
        if len(self._buffer) >= self.batch_size:
            batch, self._buffer = self._buffer, []
            self._writes += 1
            try:
                await self._write_bounded(batch)
            finally:
                self._writes -= 1
                waiting, self._room = self._room, []
                for room in waiting:
                    if not room.done():
                        room.set_result(None)
        return item

    async def close_spider(self) -> None:
        """Flush what is left, whatever the finish reason; retry the spool for a
        while; count what is still not stored; disconnect."""
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        batch, self._buffer = self._buffer, []
        try:
            if batch:
                await self._write_bounded(batch)
            deadline = time.monotonic() + self.close_wait
            with contextlib.suppress(Unanswered):  # frozen: what waits is in the spool
                await run_bounded(self._drain, deadline, timeout=self.close_wait + 1)
        finally:
            atexit.unregister(self._spool_leftovers)
            if self.store is not None:
                self.store.close()
        self._report_unstored()

    # -- writing (worker threads; the lock keeps one transaction at a time) ---

    async def _write_bounded(self, batch: list[dict[str, Any]]) -> None:
        """``_write``, but a database that gives no answer (frozen, not down) does
        not hold the crawl: after DATABASE_WRITE_TIMEOUT the batch is spooled."""
        # Whoever spools the batch first takes this: the reactor when the write is
        # unanswered, or the thread when the database refuses it; never both.
        spooled = threading.Lock()
        try:
            await run_bounded(self._write, batch, spooled, timeout=self.write_timeout)
        except Unanswered as exc:
            self._inc("store/errors")
            logger.error("Database gave %s: spooling %d articles", exc, len(batch))
            if spooled.acquire(blocking=False):
                self._to_spool(batch)

    def _write(self, batch: list[dict[str, Any]], spooled: threading.Lock | None = None) -> None:
        """Write one batch, or spool it when the database does not take writes.

        An error that is about the items, not the database, is isolated item by
        item: the others are stored, the bad ones counted ``store/failed``.
        """
        spooled = spooled or threading.Lock()
        if not self._lock.acquire(stuck_after=self.write_timeout):
            if spooled.acquire(blocking=False):
                self._to_spool(batch)  # another write is stuck on the database
            return
        with self._lock.held():
            if spooled.locked():
                return  # waited past DATABASE_WRITE_TIMEOUT: the reactor spooled it
            if self._spooled:  # the database is down: keep the order, do not wait
                self._to_spool(batch)
                return
            try:
                self._count(self._store().write_batch(batch, self._crawl_id()))
            except UNAVAILABLE as exc:
                self._inc("store/errors")
                logger.warning(
                    "Database unavailable (%s): spooling %d articles", first_line(exc), len(batch)
                )
                if spooled.acquire(blocking=False):
                    self._to_spool(batch)
            except Exception as exc:  # noqa: BLE001 - a bad item: find it, keep the others
                self._inc("store/errors")
                logger.error("Storing %d articles failed: %s", len(batch), first_line(exc))
                self._write_one_by_one(batch)

    def _write_one_by_one(self, batch: list[dict[str, Any]]) -> None:
        for index, item in enumerate(batch):
            try:
                self._count(self._store().write_batch([item], self._crawl_id()))
            except UNAVAILABLE:
                self._to_spool(batch[index:])
                return
            except Exception as exc:  # noqa: BLE001 - report per item, keep going
                self._fail([item], first_line(exc))

    def _to_spool(self, batch: list[dict[str, Any]]) -> None:
        try:
            self.spool.add_articles(batch, self._crawl_id())
        except SpoolError as exc:
            self._fail(batch, str(exc))
            return
        self._inc("store/spooled", len(batch))
        if not self._spooled:
            self._spooled = True
            self._delay = _FIRST_DELAY
            self._next_try = time.monotonic() + self._delay
            logger.warning("Spooling to %s until the database takes writes again", self.spool.path)

    def _replay(self) -> bool:
        """Write what the spool holds; True when it is empty afterwards."""
        if not self._lock.try_acquire(_LOCK_WAIT):
            return False
        with self._lock.held():
            store = self._store()
            done = self.spool.replay(
                lambda items, crawl_id: self._count(store.write_batch(items, crawl_id)),
                store.restore_crawl,
            )
            if done.articles or done.crawls:
                self._inc("spool/replayed/articles", done.articles)
                self._inc("spool/replayed/crawls", done.crawls)
                logger.info(
                    "Stored %d spooled articles and %d crawl records from %s",
                    done.articles,
                    done.crawls,
                    self.spool.path,
                )
            self._spooled = bool(done.left.entries)
            if done.error:
                logger.warning(
                    "Spool not replayed yet (%s): %d articles wait", done.error, done.left.articles
                )
            return not self._spooled

    def _drain(self, deadline: float) -> None:
        """Retry the spool with backoff until it is empty or the deadline passes."""
        delay = _FIRST_DELAY
        while self._spooled or self.spool.path.exists():
            if self._replay():
                return
            if time.monotonic() + delay > deadline:
                return
            time.sleep(delay)
            delay = min(delay * 2, self.max_delay)

    # -- the retry loop (reactor thread) ------------------------------------

    def _tick(self) -> None:
        if not self._spooled or self._retrying or time.monotonic() < self._next_try:
            return
        self._retrying = True
        # A daemon thread, not the reactor's pool: a replay stuck on a frozen
        # database must not hold the process at exit.
        threading.Thread(target=self._retry, name="spool-retry", daemon=True).start()

    def _retry(self) -> None:
        try:
            emptied = self._replay()
        except Exception as exc:  # noqa: BLE001 - e.g. the spool unreadable: try again later
            logger.warning("Spool retry failed: %s", first_line(exc))
            emptied = False
        from twisted.internet import reactor  # noqa: PLC0415 - the running one

        with contextlib.suppress(RuntimeError):
            reactor.callFromThread(self._retried, emptied)

    def _retried(self, emptied: bool) -> None:
        self._retrying = False
        if not emptied:
            # Exponential backoff with jitter: many crawls must not retry in step.
            self._delay = min(self._delay * 2, self.max_delay)
            self._next_try = time.monotonic() + self._delay * random.uniform(0.5, 1.0)
        else:
            self._delay = _FIRST_DELAY

    # -- the end ---------------------------------------------------------------

    def _report_unstored(self) -> None:
        stats = self.crawler.stats
        failed = int(stats.get_value("store/failed", 0)) if stats is not None else 0
        waiting = self.spool.pending().articles
        unstored = waiting + failed
        if stats is not None:
            stats.set_value("store/unstored", unstored)
        if unstored:
            logger.error(
                "%d extracted articles are not in the database: %d wait in the spool %s "
                "(the next crawl stores them first, or run `scrapy spool --replay`), "
                "%d could not be kept",
                unstored,
                waiting,
                self.spool.where,
                failed,
            )

    def _spool_leftovers(self) -> None:
        """At interpreter exit after an unclean shutdown (a second Ctrl-C stops
        the reactor before close_spider runs): keep the buffered batch."""
        batch, self._buffer = self._buffer, []
        if batch:
            try:
                self.spool.add_articles(batch, self._crawl_id())
            except SpoolError as exc:
                logger.error("%d articles lost at shutdown: %s", len(batch), exc)

    def _fail(self, items: list[dict[str, Any]], reason: str) -> None:
        self._inc("store/failed", len(items))
        urls = ", ".join(str(i.get("canonical_url") or i.get("url")) for i in items[:5])
        more = f" and {len(items) - 5} more" if len(items) > 5 else ""
        logger.error("Not stored (%s): %s%s", reason.splitlines()[0], urls, more)

    def _count(self, result: BatchResult) -> None:
        for key, value in (
            ("stored", result.stored),
            ("updated", result.updated),
            ("unchanged", result.unchanged),
            ("duplicate", result.duplicates),
            ("rejected", result.rejected),
        ):
            if value:
                self._inc(f"store/{key}", value)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)

    def _crawl_id(self) -> int | None:
        """The crawls row CrawlRecordExtension opened, if it is enabled."""
        stats = self.crawler.stats
        value = stats.get_value("crawl/id") if stats is not None else None
        return int(value) if value is not None else None

    def _store(self) -> ArticleStore:
        if self.store is None:
            raise RuntimeError("StorePipeline used before open_spider")
        return self.store
