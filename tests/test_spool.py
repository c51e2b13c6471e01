"""The spool read one entry at a time, and the store's write lock under a slow database.

A spool holds what a database outage left: at 100 articles a batch, a long outage holds
thousands of batches. Reading it must not cost memory in proportion (a replay used to
parse the whole file into entries first). And a write that waits for a slow but healthy
write is back-pressure: it must not be mistaken for an outage and spooled.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newsscraper.pipelines.store import StorePipeline, _WriteLock
from newsscraper.storage import ArticleStore
from newsscraper.storage.spool import Spool
from tests.conftest_db import make_item


def _batch(start: int, size: int) -> list[dict]:
    return [
        make_item(n, body="Lorem ipsum dolor sit amet. " * 80) for n in range(start, start + size)
    ]


def test_counts_skip_done_entries_and_count_a_line_cut_short(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.spool.jsonl")
    spool.add_articles(_batch(0, 3), crawl_id=7)
    spool.add_crawl({"crawl_id": 7, "reason": "finished"})
    with spool.path.open("a", encoding="utf-8") as handle:
        handle.write('{"kind": "articles", "id": "cut sh')  # a crash mid-append
    spool.add_articles(_batch(3, 2), crawl_id=7)  # starts on a line of its own
    first_id = json.loads(spool.path.read_text().splitlines()[0])["id"]
    with spool.path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"kind": "done", "id": first_id}) + "\n")

    pending = spool.pending()
    assert (pending.entries, pending.articles, pending.crawls, pending.damaged) == (2, 2, 1, 1)
    assert pending.oldest is not None


def test_replay_stops_at_the_first_refusal_and_keeps_the_rest(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "s.spool.jsonl")
    for start in range(0, 50, 10):
        spool.add_articles(_batch(start, 10), crawl_id=None)
    written: list[str] = []

    def refuse_the_third(items: list[dict], crawl_id: int | None) -> None:
        if len(written) == 20:
            raise ConnectionError("database down\nsecond line")
        written.extend(item["url"] for item in items)

    done = spool.replay(refuse_the_third, lambda record: None)
    assert (done.articles, done.error) == (20, "database down")
    assert (done.left.entries, done.left.articles) == (3, 30)
    assert spool.pending().articles == 30  # the file still holds them

    done = spool.replay(lambda items, crawl_id: written.extend(i["url"] for i in items), print)
    assert (done.articles, done.error, done.left.entries) == (30, None, 0)
    assert written == [make_item(n)["url"] for n in range(50)]  # each once, in order
    assert not spool.path.exists()


def test_reading_and_replaying_a_large_spool_holds_one_batch_not_the_file(
    tmp_path: Path,
) -> None:
    """300 batches of 20 articles of ~2 KB (a 13 MB file): the replay's peak of Python
    allocations must stay near one batch's, whatever the file's size."""
    spool = Spool(tmp_path / "s.spool.jsonl")
    for start in range(0, 6000, 20):
        spool.add_articles(_batch(start, 20), crawl_id=None)
    size = spool.path.stat().st_size
    assert size > 10_000_000
    seen = 0

    def write(items: list[dict], crawl_id: int | None) -> None:
        nonlocal seen
        seen += len(items)

    tracemalloc.start()
    try:
        assert spool.pending().articles == 6000
        _, counting_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        done = spool.replay(write, lambda record: None)
        _, replay_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.articles == seen == 6000
    print(
        f"spool {size / 1e6:.1f} MB: peak {counting_peak / 1e6:.2f} MB counting, "
        f"{replay_peak / 1e6:.2f} MB replaying"
    )
    # One batch is ~45 KB of JSON; the whole file parsed would be several times its size.
    assert counting_peak < size / 20
    assert replay_peak < size / 20


def _hold(lock: _WriteLock, seconds: float, holding: threading.Event) -> None:
    assert lock.acquire(stuck_after=60)
    with lock.held():
        holding.set()
        time.sleep(seconds)


@pytest.mark.parametrize(("stuck_after", "acquired"), [(30.0, True), (0.5, False)])
def test_a_write_waits_for_a_slow_write_and_gives_up_only_on_a_stuck_one(
    stuck_after: float, acquired: bool
) -> None:
    """The holder keeps the lock 2.5 s, past the old fixed 5 s wait's poll: with a
    DATABASE_WRITE_TIMEOUT of 30 s the waiter gets the lock (a slow write is not an
    outage); with 0.5 s it gives up (the holder counts as stuck)."""
    lock = _WriteLock()
    holding = threading.Event()
    holder = threading.Thread(target=_hold, args=(lock, 2.5, holding))
    holder.start()
    assert holding.wait(10)
    try:
        got = lock.acquire(stuck_after=stuck_after)
        if got:
            with lock.held():
                pass
    finally:
        holder.join()
    assert got is acquired


def _pipeline(url: str) -> StorePipeline:
    class Example(Spider):
        name = "example"

    crawler = get_crawler(Example, {"DATABASE_URL": url, "DATABASE_BATCH_SIZE": 5})
    crawler.spider = Example.from_crawler(crawler)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.store = ArticleStore(url).open()
    return pipeline


def test_two_batches_behind_another_crawls_long_transaction_are_stored_not_spooled(
    tmp_path: Path,
) -> None:
    """Another writer (a second crawl into the same SQLite file) holds its transaction 7 s.
    The pipeline's first batch waits on SQLite's busy timeout, the second on the first:
    past the 5 s the second used to wait before it took the database for down and
    spooled itself, after which every later batch joined the spool."""
    db = tmp_path / "news.db"
    url = f"sqlite:///{db}"
    pipeline = _pipeline(url)
    crawler = pipeline.crawler
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        writes = [
            threading.Thread(target=pipeline._write, args=(_batch(start, 5),)) for start in (0, 5)
        ]
        for write in writes:
            write.start()
            time.sleep(0.2)
        time.sleep(7)
        other.execute("COMMIT")
        for write in writes:
            write.join(60)
    finally:
        other.close()
        pipeline.store.close()
    stats = crawler.stats.get_stats()
    assert stats.get("store/stored") == 10, stats
    assert "store/spooled" not in stats
    assert not pipeline.spool.exists()


def test_items_wait_while_three_batches_wait_for_a_held_database(tmp_path: Path) -> None:
    """40 items in batches of 5 while another writer holds the SQLite file 3 s: the
    batches used to pile up (all 40 items through, 8 writes waiting, each in a thread);
    now three batches write or wait and every later item waits before joining one, so
    its response stays in Scrapy's scraper slot and the downloads pause."""
    db = tmp_path / "news.db"
    url = f"sqlite:///{db}"
    pipeline = _pipeline(url)
    other = sqlite3.connect(db, isolation_level=None)

    async def crawl() -> tuple[int, int]:
        items = [asyncio.ensure_future(pipeline.process_item(make_item(n))) for n in range(40)]
        await asyncio.sleep(3)
        through, writes = sum(task.done() for task in items), pipeline._writes
        other.execute("COMMIT")
        await asyncio.gather(*items)
        return through, writes

    try:
        other.execute("BEGIN IMMEDIATE")
        through, writes = asyncio.run(crawl())
    finally:
        other.close()
        pipeline.store.close()
    assert (through, writes) == (12, 3)  # 3 batches of 5, their fillers awaiting
    assert pipeline.crawler.stats.get_value("store/stored") == 40
    assert not pipeline.spool.exists()
