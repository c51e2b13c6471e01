"""Article pages read off the reactor thread, in worker processes.

A crawl runs in one process, and reading an article page (parsing it, every field,
its links) is most of its CPU: with the page read in the reactor thread, the crawl
goes as fast as one core. ``EXTRACTION_PROCESSES`` worker processes read the pages
instead, while the reactor thread downloads, schedules and stores; ``0`` reads them
in the reactor thread as before. Both run the same function, ``read_article``, so
their items, links and ``extract/…`` stats are the same.

Why ``concurrent.futures.ProcessPoolExecutor``: the work is CPU-bound pure Python
(threads share the GIL), it is the standard library's process pool, with an
initializer, start methods safe beside threads, and futures that asyncio awaits.
Nothing outside it (Celery, Ray, loky…) is needed for one machine's cores. What it
lacks is added here: a page that kills its worker (OOM, a crash in C) breaks the whole
pool, so the pool is replaced and each page it held is read again alone, in a pool of
its own, where a second death blames exactly that page; a page that takes longer than
``EXTRACTION_TIMEOUT`` has its workers killed (Python 3.11 has no public way to kill
them: ``_workers``); and workers leave when the crawl is gone, even after ``kill -9``
(a pipe whose other end only the crawl holds, ``_exit_with_parent``).

Workers are started by ``spawn``, fresh interpreters: forking the crawl itself, which
has threads (Twisted's pool, the database's), can copy a held lock into the child.
``forkserver`` would fork each worker from a process that has imported the extraction
code once, but the first worker costs the same either way (~0.4 s of CPU, in the new
process), and on Python 3.11 its socket lives in a ``pymp-*`` directory of TMPDIR that a
killed crawl leaves behind. Each worker imports the extraction code when it starts,
before its first page (``_start_worker``); the pool starts on the first article page,
in a thread, so crawls that read none start no process and the reactor never waits for
the imports. Sites are sent by name (profiles are module-level), pages as text, and
results come back as plain tuples and dicts.

As with any ``multiprocessing`` start method but ``fork``, a script that starts a crawl
(``CrawlerProcess``) must do it under ``if __name__ == "__main__":`` (``scrapy crawl``
and scrapyd do); or set ``EXTRACTION_PROCESSES = 0``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from parsel import Selector

from newsscraper.discovery import ArticleLink, LinkMemo, PageLinks, SiteScope, page_links
from newsscraper.extensions.collector import DEFAULT_THRESHOLDS, collector_settings, settle
from newsscraper.extraction.page import Extraction, PageTooBig, extraction_of, open_page
from newsscraper.items import ArticleItem
from newsscraper.sites import GENERIC, SiteProfile, all_sites, get_site

logger = logging.getLogger(__name__)

#: Pages awaiting a worker, per worker: enough to keep it busy while results travel
#: back and the next pages travel out, few enough to bound memory (see ``ExtractionPool``).
PAGES_PER_WORKER = 4


class ExtractionLost(RuntimeError):
    """A page whose reading killed its worker twice, or took longer than the limit."""


@dataclass
class PageRead:
    """What reading an article page gave: its links (when asked), its extraction, or
    why there is none (too big to be an article, an error raised while reading it)."""

    links: PageLinks | None = None
    extraction: Extraction | None = None
    too_big: str | None = None
    error: Exception | None = None


def read_article(
    url: str,
    html: str,
    site: SiteProfile,
    scope: SiteScope,
    language: str | None,
    follow: bool,
    memo: LinkMemo | None = None,
) -> PageRead:
    """An article page read once: its links (``follow``) from the page's own tree, read
    even when the article cannot be (too big, a bug), then the article. Never raises
    for the page's sake: an exception is returned in ``error``."""
    read = PageRead()
    page = None
    try:
        page = open_page(url, html, site)
    except PageTooBig as exc:
        read.too_big = str(exc)
    except Exception as exc:  # noqa: BLE001 - handed to the caller, after the links
        read.error = exc
    try:
        if follow:
            tree = page.selector if page is not None else Selector(text=html, type="html")
            read.links = page_links(tree, url, site, scope, language, dates=False, memo=memo)
        if page is not None:
            read.extraction = extraction_of(page)
    except Exception as exc:  # noqa: BLE001
        read.error = read.error or exc
    return read


# -- sites by name --------------------------------------------------------------------

#: A profile as sent to a worker: a registered site's name (None: the generic profile)
#: and the fields a spider replaced (the generic spider names the site after its domain),
#: or, for a profile made elsewhere, the profile itself.
SiteRef = tuple[str | None, tuple[tuple[str, Any], ...]] | SiteProfile


def site_ref(site: SiteProfile) -> SiteRef:
    for known in (GENERIC, *all_sites()):
        name = None if known is GENERIC else known.name
        if site is known:
            return (name, ())
        changed = tuple(
            (f.name, getattr(site, f.name))
            for f in dataclasses.fields(site)
            if getattr(site, f.name) != getattr(known, f.name)
        )
        if {key for key, _ in changed} <= {"name", "base_url"}:
            return (name, changed)
    return site


_PROFILES: dict[Hashable, SiteProfile] = {}
_MEMOS: dict[tuple[Hashable, tuple[str, str]], LinkMemo] = {}


def _profile(ref: SiteRef) -> SiteProfile:
    if isinstance(ref, SiteProfile):
        return ref
    try:
        return _PROFILES[ref]
    except KeyError:
        name, changed = ref
        base = GENERIC if name is None else get_site(name)
        profile = _PROFILES[ref] = dataclasses.replace(base, **dict(changed))
        return profile


# -- in the worker --------------------------------------------------------------------

#: A page as sent: url, html, site, scope (netloc, prefix), links' language, follow.
Job = tuple[str, str, SiteRef, tuple[str, str], "str | None", bool]


def read_job(job: Job) -> dict[str, Any]:
    """``read_article`` in a worker, its result as plain data (``PageRead`` again by
    ``page_read``). Each site's links are sorted with a memo of its own, as in the crawl."""
    url, html, ref, scope_key, language, follow = job
    site = _profile(ref)
    memo_key = (ref if not isinstance(ref, SiteProfile) else id(ref), scope_key)
    memo = _MEMOS.get(memo_key)
    scope = SiteScope(*scope_key)
    if memo is None:
        memo = _MEMOS[memo_key] = LinkMemo(site, scope)
    read = read_article(url, html, site, scope, language, follow, memo)
    out: dict[str, Any] = {"too_big": read.too_big}
    if read.links is not None:
        links = read.links
        out["links"] = (
            [(a.url, a.article_id, a.section, a.language, a.listed_at) for a in links.articles],
            links.listings,
            links.feeds,
            links.sitemaps,
        )
    if read.extraction is not None:
        extraction = read.extraction
        out["item"] = dict(extraction.item)
        out["rules"] = dict(extraction.rules)
        out["counts"] = dict(extraction.counts)
    if read.error is not None:
        out["error"] = _sendable(read.error)
    return out


def _sendable(exc: Exception) -> tuple[Exception, str]:
    """The exception (or, if it cannot be pickled, a RuntimeError naming it) and its
    traceback as text, which the crawl's log shows as the cause."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any exception class can refuse pickling
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, text


class RemoteTraceback(Exception):
    """Where an exception was raised in a worker (as ``concurrent.futures`` shows it)."""

    def __str__(self) -> str:
        return str(self.args[0])


def page_read(data: dict[str, Any]) -> PageRead:
    """``read_job``'s plain data as the ``PageRead`` that ``read_article`` returned."""
    read = PageRead(too_big=data["too_big"])
    if "links" in data:
        articles, listings, feeds, sitemaps = data["links"]
        read.links = PageLinks([ArticleLink(*a) for a in articles], listings, feeds, sitemaps)
    if "item" in data:
        read.extraction = Extraction(ArticleItem(data["item"]), data["rules"], data["counts"])
    if "error" in data:
        exc, text = data["error"]
        exc.__cause__ = RemoteTraceback(f'\n"""\n{text}"""')
        read.error = exc
    return read


def _start_worker(
    parent_alive: Connection, gc_thresholds: tuple[int, ...] = (), freeze: bool = True
) -> None:
    """A worker's first steps: Ctrl-C is the crawl's to handle (the terminal sends it to
    the whole process group; a worker that died of it would break the pool while the
    crawl finishes its pages), and the worker leaves when the crawl is gone. (A Ctrl-C
    during a worker's imports, before this, still kills it: the pool replaces it and
    reads its pages again, as for any death. The child's signal mask cannot hold it
    back: ``spawn`` starts the child with an empty one.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), daemon=True).start()
    # The modules are imported (this function came with them): what they hold lives as
    # long as the worker (newsscraper.extensions.collector).
    settle(gc_thresholds, freeze)


def _exit_with_parent(parent_alive: Connection) -> None:
    """Blocks until the crawl's end of the pipe closes: when the crawl exits or is
    killed (``kill -9`` too), the kernel closes it, and the worker leaves even while
    it waits for a page that will never come."""
    with contextlib.suppress(EOFError, OSError):
        parent_alive.recv_bytes()
    os._exit(0)


def _warm() -> int:
    return os.getpid()


# -- in the crawl ---------------------------------------------------------------------


class ExtractionPool:
    """``processes`` workers that read pages, at most ``PAGES_PER_WORKER`` per worker
    handed to them at a time (the rest wait here, still bounded: Scrapy stops
    downloading while its scraper holds ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes of
    responses, which the project's settings lower to 1 MB). ``call`` runs
    ``function(job)`` in a worker and returns its result.

    A worker that dies breaks the pool: it is replaced, and every page it held is read
    again alone, in a one-worker pool of its own (``extraction/pool/pages_read_again``);
    a page that kills that one too is lost (``ExtractionLost``, ``extraction/pool/lost``).
    Each death counts in ``extraction/pool/worker_died``. A page that takes longer than
    ``timeout`` seconds is lost too (``extraction/pool/timeout``) and its pool's workers
    are killed and replaced.
    """

    def __init__(
        self,
        processes: int,
        timeout: float,
        stats: Any = None,
        function: Callable[[Any], Any] = read_job,
        gc_thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS,
        gc_freeze: bool = True,
    ) -> None:
        self.processes = processes
        self.gc = (gc_thresholds, gc_freeze)
        self.timeout = timeout
        self.stats = stats
        self.function = function
        self._context = multiprocessing.get_context("spawn")
        self._alive_r: Connection | None = None
        self._alive_w: Connection | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._alone: ProcessPoolExecutor | None = None
        self._alone_lock: asyncio.Lock | None = None
        self._starting: asyncio.Lock | None = None
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self._in_workers = 0
        self._maxima: dict[str, int] = {}
        self._retired: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()
        self._closed = False

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"extraction/pool/{key}", count)

    def _record(self, key: str, value: int) -> None:
        """A maximum, passed to the stats only when it grows (twice per page otherwise)."""
        if value > self._maxima.get(key, 0) and self.stats is not None:
            self._maxima[key] = value
            self.stats.max_value(f"extraction/pool/{key}", value)

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        if self._alive_w is None:
            self._alive_r, self._alive_w = self._context.Pipe(duplex=False)
        executor = ProcessPoolExecutor(
            workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self._alive_r, *self.gc),
        )
        # Python 3.11 starts workers on demand, from the submitting thread: started here,
        # all of them, each with a call that returns at once.
        try:
            for future in [executor.submit(_warm) for _ in range(workers)]:
                future.result()
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        return executor

    def start(self) -> None:
        """Starts the workers now (``call`` starts them when first needed)."""
        if self._pool is None and not self._closed:
            self._pool = self._executor(self.processes)

    async def call(self, job: Any) -> Any:
        if self._closed:
            raise ExtractionLost("the extraction pool is closed")
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.processes * PAGES_PER_WORKER)
            self._alone_lock = asyncio.Lock()
            self._starting = asyncio.Lock()
        self._waiting += 1
        self._record("pages_waiting_max", self._waiting)
        try:
            async with self._slots:
                try:
                    return await self._run(await self._started(alone=False), job)
                except BrokenProcessPool:
                    self._inc("pages_read_again")
            async with self._alone_lock:  # type: ignore[union-attr]
                try:
                    return await self._run(await self._started(alone=True), job)
                except BrokenProcessPool:
                    self._inc("lost")
                    raise ExtractionLost(
                        f"reading the page killed its worker twice: {_describe(job)}"
                    ) from None
        finally:
            self._waiting -= 1

    async def _started(self, alone: bool) -> ProcessPoolExecutor:
        """The pool (or the one-worker pool), started in a thread when there is none: the
        first start waits for the worker's imports, which the reactor must not."""
        async with self._starting:  # type: ignore[union-attr]
            if self._closed:
                raise ExtractionLost("the extraction pool is closed")
            executor = self._alone if alone else self._pool
            if executor is None:
                workers = 1 if alone else self.processes
                try:
                    executor = await asyncio.to_thread(self._executor, workers)
                except BrokenProcessPool:
                    self._inc("worker_died")
                    logger.warning("An extraction worker died as it started")
                    raise
                self._inc("started_workers", workers)
                if self._closed:  # closed while it started
                    executor.shutdown(wait=False, cancel_futures=True)
                    raise ExtractionLost("the extraction pool is closed")
                if alone:
                    self._alone = executor
                else:
                    self._pool = executor
        assert executor is not None
        return executor

    async def _run(self, executor: ProcessPoolExecutor, job: Any) -> Any:
        """``function(job)`` in ``executor``. Raises BrokenProcessPool when the page is
        to be read again (a worker of the executor died, or the executor was retired for
        another page), ExtractionLost when it took too long."""
        self._in_workers += 1
        self._record("pages_in_workers_max", self._in_workers)
        try:
            future: Future[Any] = executor.submit(self.function, job)
            # Shielded: a cancelled concurrent future breaks Python 3.11's executor when
            # the pool breaks later (InvalidStateError in its manager thread).
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.timeout)
        except BrokenProcessPool:
            self._retire(executor)
            raise
        except TimeoutError:
            if executor in self._retired:
                # Another page of this executor was too slow (its timer, started first,
                # fired first) and the workers were killed: this one is read again.
                raise BrokenProcessPool("retired for another page") from None
            self._inc("timeout")
            self._inc("lost")
            logger.error(
                "Reading %s took over %s s: its workers are replaced", _describe(job), self.timeout
            )
            self._retire(executor, kill=True)
            raise ExtractionLost(
                f"reading the page took longer than {self.timeout} s: {_describe(job)}"
            ) from None
        finally:
            self._in_workers -= 1

    def _retire(self, executor: ProcessPoolExecutor, kill: bool = False) -> None:
        """A broken (or stuck) executor is dropped, once; the next call starts a new one.
        Its other pages fail with BrokenProcessPool and are read again alone."""
        if executor in self._retired:
            return
        self._retired.add(executor)
        if kill:
            for process in _workers(executor):
                process.kill()
        else:
            self._inc("worker_died")
            logger.warning("An extraction worker died; its pages are read again")
        executor.shutdown(wait=False)
        if executor is self._pool:
            self._pool = None
        elif executor is self._alone:
            self._alone = None

    def close(self, wait: float = 5.0) -> None:
        """Workers told to leave, waited for up to ``wait`` seconds, then killed."""
        self._closed = True
        for executor in (self._pool, self._alone):
            if executor is None:
                continue
            processes = _workers(executor)
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.join(wait)
                if process.is_alive():
                    process.kill()
        self._pool = self._alone = None
        if self._alive_w is not None:
            self._alive_w.close()
            self._alive_r.close()  # type: ignore[union-attr]
            self._alive_w = self._alive_r = None

    def kill(self) -> None:
        """Every worker killed at once, nothing waited for (the crawl is stopping)."""
        for executor in (self._pool, self._alone):
            if executor is not None:
                for process in _workers(executor):
                    process.kill()
        self.close(wait=0)

    def pids(self) -> list[int]:
        return [
            p.pid
            for executor in (self._pool, self._alone)
            if executor is not None
            for p in _workers(executor)
            if p.pid is not None
        ]


def _workers(executor: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    """The executor's worker processes. Python 3.14 kills them with
    ``executor.kill_workers()``; before it, ``_processes`` is the only way to reach them."""
    return list((getattr(executor, "_processes", None) or {}).values())


def _describe(job: Any) -> str:
    return str(job[0]) if isinstance(job, tuple) and job else repr(job)[:200]


class PageReader:
    """How a crawl reads its article pages: ``read_article`` in an ``ExtractionPool`` of
    ``EXTRACTION_PROCESSES`` workers, or in the reactor thread when it is 0."""

    def __init__(
        self,
        processes: int,
        timeout: float,
        stats: Any = None,
        gc_thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS,
        gc_freeze: bool = True,
    ) -> None:
        self.pool = (
            ExtractionPool(
                processes, timeout, stats, gc_thresholds=gc_thresholds, gc_freeze=gc_freeze
            )
            if processes > 0
            else None
        )
        self._refs: dict[int, tuple[SiteProfile, SiteRef]] = {}
        self._on_shutdown = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> PageReader:
        settings = crawler.settings
        processes = settings.getint("EXTRACTION_PROCESSES", 1)
        if processes < 0:
            raise ValueError(f"EXTRACTION_PROCESSES must be 0 or more, not {processes}")
        gc_thresholds, gc_freeze = collector_settings(settings)
        reader = cls(
            processes,
            settings.getfloat("EXTRACTION_TIMEOUT", 30.0),
            gc_thresholds=gc_thresholds,
            gc_freeze=gc_freeze,
        )
        if reader.pool is not None:
            from scrapy import signals

            pool = reader.pool

            def count_in(spider: Any) -> None:  # the stats exist once the crawl starts
                pool.stats = crawler.stats

            crawler.signals.connect(count_in, signal=signals.spider_opened, weak=False)
            crawler.signals.connect(reader.close, signal=signals.spider_closed)
        return reader

    async def read(
        self,
        url: str,
        html: str,
        site: SiteProfile,
        scope: SiteScope,
        language: str | None,
        follow: bool,
        memo: LinkMemo | None = None,
    ) -> PageRead:
        if self.pool is None:
            return read_article(url, html, site, scope, language, follow, memo)
        if not self._on_shutdown:
            self._on_shutdown = True
            if "twisted.internet.reactor" in sys.modules:  # in a crawl: the reactor runs
                from twisted.internet import reactor

                # A second Ctrl-C stops the reactor without closing the spider.
                reactor.addSystemEventTrigger("before", "shutdown", self.kill)  # type: ignore[attr-defined]
        known = self._refs.get(id(site))
        if known is None or known[0] is not site:
            known = self._refs[id(site)] = (site, site_ref(site))
        job = (url, html, known[1], (scope.netloc, scope.prefix), language, follow)
        return page_read(await self.pool.call(job))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def kill(self) -> None:
        if self.pool is not None:
            self.pool.kill()
