"""Scale out: several ``scrapy crawl`` workers share one Redis frontier (newsscraper.distributed).

Real processes, the real Redis on 127.0.0.1:6379 and a real PostgreSQL database. Each
test uses its own key prefix (``REDIS_KEY_PREFIX``) and deletes its keys afterwards.
Without a reachable Redis the tests are skipped on a developer machine and fail under
CI=true.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from scrapy import Request, Spider

from newsscraper.distributed.frontier import Frontier, Keys, LeasedQueue
from tests.crawling import FAST, REPO, Crawl, scrapy_env
from tests.replica import (
    ARTICLES,
    DUPLICATE_IDS,
    ERROR_PATH,
    ReplicaServer,
    expected_items,
    generate_articles,
)

pytestmark = pytest.mark.crawl

REDIS_URL = "redis://127.0.0.1:6379/0"
#: Workers slow enough that two interleave on the replica, quick to call a dead one dead.
SHARED = {
    "REDIS_URL": REDIS_URL,
    "CONCURRENT_REQUESTS": "2",
    "DOWNLOAD_DELAY": "0.02",
    "DATABASE_BATCH_SIZE": "10",
    "REDIS_WORKER_TIMEOUT": "3",
    "REDIS_IDLE_CLOSE_SECONDS": "30",
}
WAIT = 100  # seconds a worker may take before the test gives up on it


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis unreachable under CI: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    yield client
    client.close()


@pytest.fixture
def prefix(server: Any) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    name = f"newsscraper-test-{uuid.uuid4().hex[:10]}"
    yield name
    keys = list(server.scan_iter(match=f"{name}:*"))
    if keys:
        server.delete(*keys)


@pytest.fixture(scope="module")
def big_replica() -> Iterator[ReplicaServer]:
    """The replica plus 300 synthetic stories: enough work for two workers."""
    with ReplicaServer(articles=ARTICLES + generate_articles(300, 5)) as replica:
        yield replica


# -- helpers ---------------------------------------------------------------------------


def start_worker(workdir: Path, base_url: str, settings: dict[str, str]) -> subprocess.Popen[str]:
    """``scrapy crawl portugalcolonial -a base_url=… -O items.jsonl`` in the background."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "portugalcolonial",
        "-a",
        f"base_url={base_url}",
        "-O",
        str(workdir / "items.jsonl"),
    ]
    merged = {
        **FAST,
        **SHARED,
        "LOG_FILE": str(workdir / "crawl.log"),
        "STATS_FILE": str(workdir / "stats.json"),
        **settings,
    }
    for key, value in merged.items():
        command += ["-s", f"{key}={value}"]
    env = scrapy_env()
    env.pop("NEWSSCRAPER_REDIS_URL", None)
    return subprocess.Popen(
        command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def read_items(workdir: Path) -> list[dict[str, Any]]:
    path = workdir / "items.jsonl"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.endswith("}")]


def finish(worker: subprocess.Popen[str], workdir: Path) -> Crawl:
    try:
        _, stderr = worker.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        worker.kill()
        _, stderr = worker.communicate()
    stats, reason = {}, None
    if (workdir / "stats.json").exists():
        payload = json.loads((workdir / "stats.json").read_text(encoding="utf-8"))
        stats, reason = payload["stats"], payload["finish_reason"]
    log = (
        (workdir / "crawl.log").read_text(encoding="utf-8")
        if (workdir / "crawl.log").exists()
        else ""
    )
    return Crawl(worker.returncode, read_items(workdir), stats, reason, log + stderr)


def story_ids(ids: list[str]) -> Counter[str]:
    """Article ids with the republished copy counted as the story it copies."""
    kept, republished = DUPLICATE_IDS
    return Counter(kept if i == republished else i for i in ids)


def stored_rows(url: str) -> list[dict[str, Any]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        query = sa.text("SELECT article_id, canonical_url, fingerprint FROM articles")
        rows = [dict(row._mapping) for row in conn.execute(query)]
    engine.dispose()
    return rows


def assert_stored_once(url: str, expected: list[str]) -> None:
    rows = stored_rows(url)
    assert len({r["fingerprint"] for r in rows}) == len(rows), "a story stored twice"
    assert story_ids([r["article_id"] for r in rows]) == Counter(expected)


def frontier_keys(server: Any, prefix: str) -> list[bytes]:
    return list(server.scan_iter(match=f"{prefix}:*"))


# -- tests -----------------------------------------------------------------------------


def test_two_workers_share_the_crawl_and_keep_every_article_once(
    big_replica: ReplicaServer, server: Any, prefix: str, pg_url: str, tmp_path: Path
) -> None:
    big_replica.clear_log()
    settings = {"REDIS_KEY_PREFIX": prefix, "DATABASE_URL": pg_url}
    first = start_worker(tmp_path / "w1", big_replica.base_url, settings)
    second = start_worker(tmp_path / "w2", big_replica.base_url, settings)
    crawls = [finish(first, tmp_path / "w1"), finish(second, tmp_path / "w2")]
    expected = [
        item["article_id"] for item in expected_items(big_replica.base_url, big_replica.articles)
    ]

    for crawl in crawls:
        assert crawl.returncode == 0, crawl.log[-3000:]
        assert crawl.finish_reason == "finished", crawl.log[-3000:]
        # both did a real share of the work, not one everything and the other nothing
        assert len(crawl.items) >= len(expected) // 10, [len(c.items) for c in crawls]

    # the union is every article exactly once; the database holds each story once
    union = [item["article_id"] for crawl in crawls for item in crawl.items]
    kept, republished = DUPLICATE_IDS
    assert Counter(union)[kept] + Counter(union)[republished] == 1
    assert story_ids(union) == Counter(expected)
    assert_stored_once(pg_url, expected)

    # one frontier: no page fetched twice across the two workers (robots.txt is per
    # worker, the error page is retried), and the last worker reset it
    paths = [p for p in big_replica.requests if p != "/robots.txt"]
    assert [p for p, n in Counter(paths).items() if n > 1 and p != ERROR_PATH] == []
    assert frontier_keys(server, prefix) == []


def test_a_killed_worker_loses_nothing(
    big_replica: ReplicaServer, server: Any, prefix: str, pg_url: str, tmp_path: Path
) -> None:
    settings = {"REDIS_KEY_PREFIX": prefix, "DATABASE_URL": pg_url}
    victim = start_worker(tmp_path / "w1", big_replica.base_url, settings)
    survivor = start_worker(tmp_path / "w2", big_replica.base_url, settings)
    deadline = time.monotonic() + WAIT
    while len(read_items(tmp_path / "w1")) < 10:  # mid-crawl: it has scraped some
        assert victim.poll() is None and time.monotonic() < deadline, "victim ended early"
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.communicate()
    crawl = finish(survivor, tmp_path / "w2")

    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.finish_reason == "finished", crawl.log[-3000:]
    # the survivor noticed the dead worker and took back what it had leased
    assert crawl.stats.get("distributed/dead_workers") == 1, crawl.log[-3000:]
    recovered = crawl.stats.get("distributed/recovered_requeued", 0) + crawl.stats.get(
        "distributed/recovered_stored", 0
    )
    assert recovered >= 1, crawl.log[-3000:]
    # nothing lost, nothing twice: the database holds every story exactly once
    expected = [
        item["article_id"] for item in expected_items(big_replica.base_url, big_replica.articles)
    ]
    assert_stored_once(pg_url, expected)
    assert frontier_keys(server, prefix) == []


def test_an_idle_worker_waits_for_busy_peers_then_leaves(
    replica: ReplicaServer, server: Any, prefix: str, tmp_path: Path
) -> None:
    keys = Keys(f"{prefix}:portugalcolonial")
    # a live peer (heartbeat an hour ahead) still working on one request
    now = server.time()[0]
    server.zadd(keys.workers, {"peer": now + 3600})
    server.hset(keys.pending("peer"), "token", b"0 0\nnot a request")
    settings = {"REDIS_KEY_PREFIX": prefix, "DATABASE_URL": "", "REDIS_IDLE_CLOSE_SECONDS": "2"}
    started = time.monotonic()
    crawl = finish(start_worker(tmp_path / "w1", replica.base_url, settings), tmp_path / "w1")
    assert crawl.returncode == 0, crawl.log[-3000:]  # monitors accept the reason
    assert crawl.finish_reason == "idle_timeout", crawl.log[-3000:]
    assert len(crawl.items) == len(expected_items(replica.base_url))
    assert time.monotonic() - started >= 2
    assert server.exists(keys.dupefilter)  # the crawl is not over: nothing reset

    # the peer finishes and leaves; a worker started now finds the crawl done (its
    # start requests are duplicates), says so at once and resets the frontier
    server.delete(keys.pending("peer"))
    server.zrem(keys.workers, "peer")
    crawl = finish(start_worker(tmp_path / "w2", replica.base_url, settings), tmp_path / "w2")
    assert crawl.finish_reason == "finished", crawl.log[-3000:]
    assert crawl.items == []
    assert frontier_keys(server, prefix) == []


def test_frontier_hands_a_dead_workers_leases_to_one_adopter(server: Any, prefix: str) -> None:
    keys = Keys(f"{prefix}:portugalcolonial")
    alive = Frontier(server, keys, "alive", timeout=60, beat=15)
    other = Frontier(server, keys, "other", timeout=60, beat=15)
    alive.heartbeat()
    other.heartbeat()
    # a live worker's unsaved leases settle when it closes: nothing to wait for
    server.hset(keys.unsaved("other"), "t0", b"0.5 -10\narticle")
    assert alive.state().leased_by_others == 0
    # a worker that stopped heartbeating, with a request in its engine and an article
    # waiting for the database
    server.zadd(keys.workers, {"dead": server.time()[0] - 1})
    server.hset(keys.pending("dead"), "t1", b"1.5 -10\nlisting")
    server.hset(keys.unsaved("dead"), "t2", b"2.5 -20\narticle")
    assert alive.state().leased_by_others == 2
    assert alive.dead_workers() == other.dead_workers() == ["dead"]

    assert alive.adopt("dead") == 2
    assert other.adopt("dead") is None  # adopted once, by one worker
    assert not server.exists(keys.pending("dead"), keys.unsaved("dead"))
    assert server.hlen(alive.pending_key) == 2  # still leased: a crash now loses nothing
    server.hset(alive.pending_key, "mine", b"3.5 0\nheld by our engine")
    adopted = {lease.token: lease for lease in alive.leases_besides({"mine"})}
    assert {t: (lease.popped_at, lease.score, lease.data) for t, lease in adopted.items()} == {
        "t1": (1.5, -10.0, b"listing"),
        "t2": (2.5, -20.0, b"article"),
    }
    alive.ack(["mine"])

    alive.requeue([adopted["t1"]])
    alive.ack(["t2"])
    assert server.zrange(keys.queue, 0, -1, withscores=True) == [(b"listing", -10.0)]
    assert server.hlen(alive.pending_key) == 0
    assert alive.leave() is False  # a request is still queued: the crawl goes on
    server.delete(keys.queue)
    assert other.leave() is True  # the last worker of a drained frontier resets it
    assert frontier_keys(server, prefix) == []


def test_a_request_is_marked_seen_only_together_with_being_queued(server: Any, prefix: str) -> None:
    # One script marks a request seen and queues it: a worker killed between two separate
    # calls (SADD, then ZADD) left a request seen by every worker and queued by none; the
    # article behind it was lost (seen once in CI: 1 of 325 missing after a kill -9).
    keys = Keys(f"{prefix}:portugalcolonial")
    queue = LeasedQueue(server, Spider(name="portugalcolonial"), keys.queue)
    article = Request("https://example.org/a.html", priority=5)
    assert queue.push_unseen(article, keys.dupefilter, "fp-a") is True
    assert server.smembers(keys.dupefilter) == {b"fp-a"}
    assert server.zcard(keys.queue) == 1
    # seen before: neither marked again nor queued
    assert queue.push_unseen(article, keys.dupefilter, "fp-a") is False
    assert server.zcard(keys.queue) == 1
    # never filtered (a retry): queued, the dupefilter untouched
    retry = article.replace(dont_filter=True, meta={"retry_times": 1})
    assert queue.push_unseen(retry, keys.dupefilter, "") is True
    assert server.zcard(keys.queue) == 2
    assert server.scard(keys.dupefilter) == 1
    popped = queue.pop_leased(keys.pending("w"), "token", 1.0)
    assert popped is not None and popped.url == article.url and popped.priority == 5


def test_a_bad_redis_url_stops_the_crawl_with_one_line(tmp_path: Path) -> None:
    for url, reason in (("redis://127.0.0.1:1/0", "refused"), ("http://h/0", "expected")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "portugalcolonial",
                "-s",
                f"REDIS_URL={url}",
                "-s",
                "DATABASE_URL=",
            ],
            cwd=tmp_path,
            env=scrapy_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(
            "scrapy crawl: error: REDIS_URL"
        )
        assert reason in done.stderr


_BUILD_AND_CRAWL = textwrap.dedent("""
    import json, sys
    from scrapy.crawler import AsyncCrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict({"DATABASE_URL": "", "LOG_ENABLED": False,
                      "REDIS_KEY_PREFIX": sys.argv[2]}, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler("portugalcolonial")
    process.crawl(crawler, url=sys.argv[1])
    process.start()
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("redis", "scrapy_redis"))
    print(json.dumps({"redis_modules": loaded, "scheduler": crawler.settings["SCHEDULER"],
                      "items": crawler.stats.get_value("item_scraped_count")}))
""")


@pytest.mark.parametrize("redis_url", ["", REDIS_URL], ids=["off", "on"])
def test_redis_is_imported_only_when_asked_for(
    replica: ReplicaServer, server: Any, prefix: str, redis_url: str
) -> None:
    article = expected_items(replica.base_url)[0]["canonical_url"]
    env = scrapy_env()
    env.pop("NEWSSCRAPER_REDIS_URL", None)
    if redis_url:
        env["NEWSSCRAPER_REDIS_URL"] = redis_url  # the environment alone switches it on
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_AND_CRAWL, article, prefix],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["items"] == 1
    if redis_url:
        assert report["scheduler"] == "newsscraper.distributed.scheduler.SharedScheduler"
        assert "scrapy_redis" in report["redis_modules"]
    else:
        assert report["redis_modules"] == []
        assert report["scheduler"] == "scrapy.core.scheduler.Scheduler"
