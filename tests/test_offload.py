"""Article pages read in worker processes (``newsscraper.offload``).

The pool with real processes and real faults (a worker killed, a page that hangs, the
crawl killed), and a crawl of the replica read in the reactor thread and in a worker:
the same items and the same stats.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newsscraper.offload import PAGES_PER_WORKER, ExtractionLost, ExtractionPool
from tests import offload_jobs
from tests.background import BackgroundCrawl
from tests.crawling import REPO, run_crawl, scrapy_env
from tests.replica import ReplicaServer, generate_articles

#: Seconds a test waits for processes to leave before it fails (not a timing).
PATIENCE = 20


def stats():
    crawler = get_crawler()
    crawler.stats.open_spider()
    return crawler.stats


def gather(pool: ExtractionPool, jobs: list[tuple]) -> list[object]:
    """Each (function, argument) run in the pool at once; results or exceptions."""

    async def run() -> list[object]:
        tasks = []
        for job in jobs:
            tasks.append(asyncio.ensure_future(pool.call(job)))
            await asyncio.sleep(0)  # submitted in this order
        return await asyncio.gather(*tasks, return_exceptions=True)

    try:
        return asyncio.run(run())
    finally:
        pool.close()


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += [int(child), *descendants(int(child))]
    return found


def test_a_page_that_kills_its_worker_is_lost_alone_and_counted():
    counted = stats()
    pool = ExtractionPool(2, timeout=60, stats=counted, function=offload_jobs.apply)
    jobs = [(offload_jobs.echo, i) for i in range(6)]
    jobs.insert(3, (offload_jobs.die, "bad page"))
    results = gather(pool, jobs)
    assert [r for r in results if not isinstance(r, Exception)] == list(range(6))
    (lost,) = [r for r in results if isinstance(r, Exception)]
    assert isinstance(lost, ExtractionLost) and "killed its worker twice" in str(lost)
    assert counted.get_value("extraction/pool/lost") == 1
    # once in the pool, once alone: the other pages of the broken pool were read again
    assert counted.get_value("extraction/pool/worker_died") == 2


def test_a_page_that_hangs_is_lost_and_its_worker_replaced():
    counted = stats()
    pool = ExtractionPool(1, timeout=1, stats=counted, function=offload_jobs.apply)
    jobs = [(offload_jobs.worker_pid, 0), (offload_jobs.hang, 120)]
    jobs += [(offload_jobs.worker_pid, 0) for _ in range(3)]
    started = time.monotonic()
    first, hung, *after = gather(pool, jobs)
    assert time.monotonic() - started < 60  # the 120 s page did not hold up the rest
    assert isinstance(hung, ExtractionLost) and "longer than 1" in str(hung)
    assert counted.get_value("extraction/pool/timeout") == 1
    assert counted.get_value("extraction/pool/lost") == 1
    assert all(isinstance(pid, int) for pid in after)
    assert first not in after  # read by new workers
    assert not alive(first)


def test_no_more_pages_than_the_workers_take_are_handed_to_them():
    counted = stats()
    pool = ExtractionPool(1, timeout=60, stats=counted, function=offload_jobs.apply)
    results = gather(pool, [(offload_jobs.echo, i) for i in range(60)])
    assert results == list(range(60))
    assert counted.get_value("extraction/pool/pages_waiting_max") == 60
    assert counted.get_value("extraction/pool/pages_in_workers_max") == PAGES_PER_WORKER


def test_workers_settle_their_collector_as_the_crawl_says():
    """Tried: the default (start-up frozen, Python's thresholds), thresholds set, then
    both off."""
    default = ExtractionPool(1, timeout=60, function=offload_jobs.apply)
    ((thresholds, frozen),) = gather(default, [(offload_jobs.collector, None)])
    assert thresholds == (700, 10, 10)
    assert frozen > 10_000  # the modules' objects (~55,000 in a worker)
    tuned = ExtractionPool(1, timeout=60, function=offload_jobs.apply, gc_thresholds=(5000, 20))
    ((thresholds, frozen),) = gather(tuned, [(offload_jobs.collector, None)])
    assert thresholds == (5000, 20, 10)
    plain = ExtractionPool(
        1, timeout=60, function=offload_jobs.apply, gc_thresholds=(), gc_freeze=False
    )
    ((thresholds, frozen),) = gather(plain, [(offload_jobs.collector, None)])
    assert thresholds == (700, 10, 10)  # Python's own
    assert frozen == 0


def test_workers_leave_when_the_crawl_is_killed_with_sigkill(tmp_path: Path):
    """The pool's process is killed (nothing of it runs after); its workers (and
    multiprocessing's resource tracker) must not stay behind."""
    script = textwrap.dedent(
        """
        import asyncio, os, signal, sys
        from newsscraper.offload import ExtractionPool
        from tests import offload_jobs

        async def main():
            pool = ExtractionPool(2, timeout=60, function=offload_jobs.worker_pid)
            pool.start()
            print(*pool.pids(), flush=True)
            sys.stdin.readline()
            os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=scrapy_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    workers = [int(p) for p in process.stdout.readline().split()]  # type: ignore[union-attr]
    everything = descendants(process.pid)
    assert len(workers) == 2 and set(workers) <= set(everything)
    process.stdin.write("\n")  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    assert process.wait(PATIENCE) == -signal.SIGKILL
    assert wait_gone(everything) == []


@pytest.fixture(scope="module")
def site():
    with ReplicaServer(articles=generate_articles(40, 7)) as server:
        yield server


def test_a_crawl_killed_with_sigkill_leaves_no_worker(site: ReplicaServer, tmp_path: Path):
    crawl = BackgroundCrawl(tmp_path, site.base_url, {"DATABASE_URL": "", "DOWNLOAD_DELAY": "0.2"})
    try:
        crawl.wait_for(lambda: len(descendants(crawl.process.pid)) >= 2, "the workers started")
        below = descendants(crawl.process.pid)
        crawl.process.kill()
        crawl.process.wait(PATIENCE)
    finally:
        crawl.kill()
    assert wait_gone(below) == []


def ready(pid: int) -> bool:
    """The crawl's worker has started: its processes ignore SIGINT (the worker once its
    imports are done, multiprocessing's resource tracker from its start)."""
    found = descendants(pid)
    try:
        ignored = [
            int(line.split()[1], 16)
            for child in found
            for line in Path(f"/proc/{child}/status").read_text().splitlines()
            if line.startswith("SigIgn:")
        ]
    except OSError:
        return False
    return len(found) >= 2 and all(mask & 1 << (signal.SIGINT - 1) for mask in ignored)


def test_ctrl_c_from_a_terminal_reaches_the_workers_and_loses_no_page(
    site: ReplicaServer, tmp_path: Path
):
    """A terminal sends Ctrl-C to the whole process group, workers included: they go on
    reading the pages in flight while the crawl closes as after one Ctrl-C."""
    command = [sys.executable, "-m", "scrapy", "crawl", "portugalcolonial"]
    command += ["-a", f"base_url={site.base_url}", "-O", str(tmp_path / "items.jsonl")]
    settings = {
        "STATS_FILE": tmp_path / "stats.json",
        "LOG_FILE": tmp_path / "crawl.log",
        "DATABASE_URL": "",
        "DOWNLOAD_DELAY": "0.2",
        "AUTOTHROTTLE_ENABLED": "0",
    }
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=scrapy_env(),
        start_new_session=True,  # its own process group, as a terminal's job
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready(process.pid) and time.monotonic() < deadline:
            assert process.poll() is None, "the crawl ended before its worker started"
            time.sleep(0.05)
        below = descendants(process.pid)
        assert ready(process.pid)
        os.killpg(process.pid, signal.SIGINT)
        returncode = process.wait(120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert returncode == 130, (tmp_path / "crawl.log").read_text(encoding="utf-8")[-3000:]
    assert stats["finish_reason"] == "shutdown"
    counted = stats["stats"]
    assert not [key for key in counted if key.startswith("spider_exceptions/")]
    assert "extraction/pool/worker_died" not in counted
    assert wait_gone(below) == []


def _comparable(stats: dict) -> dict:
    return {
        key: value
        for key, value in stats.items()
        if key.startswith(("extract/", "skipped/", "discovery/", "item_"))
    }


def test_items_and_stats_are_the_same_read_here_or_in_a_worker(site: ReplicaServer, tmp_path):
    crawls = {
        processes: run_crawl(
            tmp_path / str(processes),
            f"base_url={site.base_url}",
            settings={"EXTRACTION_PROCESSES": str(processes), "DATABASE_URL": ""},
        )
        for processes in (0, 1)
    }
    here, pooled = crawls[0], crawls[1]
    assert here.returncode == pooled.returncode == 0, pooled.log[-3000:]
    assert "extraction/pool/started_workers" not in here.stats
    assert pooled.stats["extraction/pool/started_workers"] == 1
    assert len(here.items) == len(site.articles) > 0

    def by_url(items):
        return {item["url"]: {k: v for k, v in item.items() if k != "scraped_at"} for item in items}

    items_here, items_pooled = by_url(here.items), by_url(pooled.items)
    assert items_here.keys() == items_pooled.keys()
    for url, item in items_here.items():
        for field, value in item.items():
            assert items_pooled[url][field] == value, (url, field)
        assert items_pooled[url].keys() == item.keys()
    assert _comparable(pooled.stats) == _comparable(here.stats)
