"""Many machines, one frontier: the request queue and the dupefilter live in Redis.

Off unless ``REDIS_URL`` is set (``NEWSSCRAPER_REDIS_URL`` in the environment wins; an
empty value switches it off). Off, nothing changes and neither ``redis`` nor
``scrapy_redis`` is imported: this module is the add-on named in ``ADDONS`` and only
reads settings. On, the add-on swaps in the components of this package:

- ``scheduler.SharedScheduler``: scrapy-redis' scheduler with its Redis priority queue
  and its request dupefilter, so every worker running the same
  ``scrapy crawl portugalcolonial -a base_url=…`` pulls from one frontier. Requests still
  come from ``async def start()``: the first worker's start requests seed the frontier,
  later workers' are dropped by the shared dupefilter. The spider's in-process
  ``_requested_ids`` set only pre-filters what that process discovers; the Redis
  dupefilter is what keeps a URL from being fetched twice by different workers.
- ``stories.SharedStoryPipeline``: claims each story (canonical URL, fingerprint) in
  Redis, so a story republished under two URLs and fetched by two workers is kept once,
  as a single process would.
- ``idle.IdleCloseExtension``: a worker with nothing to do closes at once when the
  whole crawl is done ("finished"), and otherwise after ``REDIS_IDLE_CLOSE_SECONDS``
  ("idle_timeout"), so it never holds a scrapyd slot forever.

Nothing lost when a worker dies (the reliable-queue pattern)
------------------------------------------------------------
A plain Redis queue loses what a killed worker had popped but not finished, and the
dupefilter then stops anyone from scheduling those URLs again. So a request is not
simply popped: one Lua script moves it from the queue into the worker's *lease* hash
(``<prefix>:<spider>:pending:<worker>``), stamped with the pop time. Every worker
heartbeats in ``<prefix>:<spider>:workers`` (a sorted set of lease deadlines, in
Redis' clock). A lease is released (acknowledged) only when its work is durable:

- its response went through the callback and everything it yielded is in Redis
  (child requests enqueued) or through the pipelines; a redirect or retry is
  back in the queue;
- if it yielded an article, once the database shows that article id written at or
  after the pop time (or stored as a republished copy). Items wait in the store's
  batch buffer, so "through the pipelines" is not "stored".

When a worker stops heartbeating for ``REDIS_WORKER_TIMEOUT`` seconds, the first live
worker to notice adopts its lease hash in one atomic step, releases the article
leases the database already holds and pushes the rest back onto the queue (no
dupefilter on the way: they are in it already). So the survivor finishes the crawl;
if every worker died, the next one started resumes it. A worker that was only
stalled and comes back logs a warning: its leases may have been fetched twice, never
lost. Recovery needs ``REDIS_IDLE_CLOSE_SECONDS`` > ``REDIS_WORKER_TIMEOUT``, or an
idle survivor may leave before the dead worker's leases expire (they are then
recovered by the next run).

The seen-article store is the shared database (PostgreSQL for many machines): every
worker's incremental middleware skips what it held at start, and the dupefilter
keeps requests unique during the crawl.

One crawl, then a fresh one
---------------------------
The last worker to leave a frontier with an empty queue and no leases deletes the
queue, dupefilter and story keys, so the next crawl starts from the home page again
(incremental against the database). A crawl stopped part-way (every worker shut down
with requests queued) is resumed by the next worker started. To throw such a frontier
away instead: ``redis-cli --scan --pattern 'newsscraper:portugalcolonial:*' | xargs
redis-cli del``.

The queue holds pickled requests: whoever can write to this Redis can make every worker
run code. Redis must not be reachable by untrusted clients.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from newsscraper.errors import fail, first_line
from newsscraper.exitcodes import CONFIG_ERROR
from newsscraper.redaction import redact, scrub

ENV_VAR = "NEWSSCRAPER_REDIS_URL"
_SCHEMES = ("redis", "rediss", "unix")

SCHEDULER = "newsscraper.distributed.scheduler.SharedScheduler"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
IDLE_EXTENSION = "newsscraper.distributed.idle.IdleCloseExtension"
STORY_PIPELINE = "newsscraper.distributed.stories.SharedStoryPipeline"
#: After DedupePipeline (200), before StampPipeline (300).
STORY_PIPELINE_ORDER = 250
IDLE_EXTENSION_ORDER = 520
#: The finish reason of a worker that left, idle, while others still crawled.
IDLE_TIMEOUT_REASON = "idle_timeout"
#: Defaults of REDIS_IDLE_CLOSE_SECONDS and REDIS_WORKER_TIMEOUT (as in settings.py).
DEFAULT_IDLE_CLOSE = 30.0
DEFAULT_WORKER_TIMEOUT = 20.0


class RedisConfigError(ValueError):
    """A Redis URL that cannot be used, worth one readable line."""


def redis_url(settings: Mapping[str, Any] | Any) -> str | None:
    """The Redis URL of the shared frontier, or None when scaling out is off.

    The environment wins, as for ``DATABASE_URL``; an empty value means off.
    """
    raw = os.environ.get(ENV_VAR)
    if raw is None:
        raw = settings.get("REDIS_URL")
    if raw is None or not str(raw).strip():
        return None
    return str(raw).strip()


def key_base(settings: Mapping[str, Any] | Any, spider: str) -> str:
    """``<REDIS_KEY_PREFIX>:<spider>``: every key of one spider's frontier starts so.

    >>> key_base({"REDIS_KEY_PREFIX": "news"}, "portugalcolonial")
    'news:portugalcolonial'
    """
    prefix = str(settings.get("REDIS_KEY_PREFIX") or "newsscraper")
    if "%" in prefix:
        raise RedisConfigError(f"REDIS_KEY_PREFIX {prefix!r}: '%' is not allowed")
    return f"{prefix}:{spider}"


def validate_url(url: str) -> None:
    """Refuse a URL redis-py would misread, before anything connects."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise RedisConfigError(f"REDIS_URL {redact(url)!r}: {scrub(str(exc), url)}") from None
    if parts.scheme not in _SCHEMES:
        raise RedisConfigError(
            f"REDIS_URL {redact(url)!r}: expected redis://host:6379/0, rediss://… or "
            "unix:///path/to/redis.sock"
        )


def check_redis(url: str, timeout: float = 5.0) -> None:
    """Validate ``url`` and ping the server; RedisConfigError with one line if not."""
    validate_url(url)
    import redis  # only when scaling out is on

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise RedisConfigError(
            f"REDIS_URL {redact(url)!r}: {scrub(first_line(exc), url)}"
        ) from None


def _add_component(settings: Any, name: str, path: str, order: int) -> None:
    components = settings.getdict(name)
    components[path] = order
    settings.set(name, components, settings.getpriority(name) or 0)


class ScaleOut:
    """Scrapy add-on: a shared Redis frontier when ``REDIS_URL`` is set, else nothing."""

    @classmethod
    def update_pre_crawler_settings(cls, settings: Any) -> None:
        """Stop before anything starts, with one line, when Redis cannot be used.

        This runs when ``scrapy crawl`` builds its crawler process, outside the
        command's own error handling, hence the message and exit status by hand
        (the same ``scrapy <command>: error:`` line and status 2 as a bad argument).
        """
        url = redis_url(settings)
        if url is None:
            return
        try:
            key_base(settings, "spider")
            check_redis(url)
        except RedisConfigError as exc:
            fail("crawl", str(exc))  # crawl is the command that starts spiders
            raise SystemExit(CONFIG_ERROR) from None

    def update_settings(self, settings: Any) -> None:
        url = redis_url(settings)
        if url is None:
            return
        validate_url(url)
        key_base(settings, "spider")
        settings.set("SCHEDULER", SCHEDULER, "addon")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, "addon")
        # Never flush on close: other workers may still be crawling the frontier.
        settings.set("SCHEDULER_PERSIST", True, "addon")
        prefix = str(settings.get("REDIS_KEY_PREFIX") or "newsscraper")
        settings.set("SCHEDULER_QUEUE_KEY", f"{prefix}:%(spider)s:requests", "addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{prefix}:%(spider)s:dupefilter", "addon")
        _add_component(settings, "EXTENSIONS", IDLE_EXTENSION, IDLE_EXTENSION_ORDER)
        _add_component(settings, "ITEM_PIPELINES", STORY_PIPELINE, STORY_PIPELINE_ORDER)
        # A worker leaving a crawl others finish has not failed (newsscraper.monitors).
        reasons = settings.getlist("MONITOR_FINISH_REASONS", ["finished"])
        if IDLE_TIMEOUT_REASON not in reasons:
            priority = settings.getpriority("MONITOR_FINISH_REASONS") or 0
            settings.set("MONITOR_FINISH_REASONS", [*reasons, IDLE_TIMEOUT_REASON], priority)
