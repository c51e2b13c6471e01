"""Database faults during a real crawl: nothing extracted is lost, nothing is hidden.

A PostgreSQL of the test's own (tests/pgserver.py) is stopped and started while a real
``scrapy crawl`` runs against the replica; a SQLite file on a small tmpfs fills up, for
a while or past the end; a SQLite file turns read-only (``chattr +i``) mid-crawl.
Each test asserts the articles in the database and the exit status.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from newsscraper import exitcodes
from newsscraper.storage import ArticleStore
from newsscraper.storage.spool import Spool, spool_path
from tests.background import ARTICLES, PACED, BackgroundCrawl, Finished
from tests.conftest_db import make_item
from tests.crawling import run_crawl, scrapy_env
from tests.pgserver import PostgresServer
from tests.replica import ReplicaServer, generate_articles


@pytest.fixture(scope="module")
def site() -> Iterator[ReplicaServer]:
    with ReplicaServer(articles=generate_articles(ARTICLES, 23)) as server:
        yield server


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except (RuntimeError, KeyError, OSError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot run a PostgreSQL of our own under CI: {exc}")
        pytest.skip(f"cannot run a PostgreSQL of our own: {exc}")
    with server:
        yield server


def pg_rows(pg: PostgresServer, name: str, query: str) -> list[tuple]:
    with psycopg.connect(pg.admin_dsn(name)) as conn:
        return list(conn.execute(query).fetchall())


def stored(pg: PostgresServer, name: str) -> int:
    """Articles in the database, each counted once by construction (unique key) and
    checked distinct by site article id as well."""
    total, distinct = pg_rows(
        pg, name, "SELECT count(*), count(DISTINCT article_id) FROM articles"
    )[0]
    assert total == distinct
    return int(total)


def polled(pg: PostgresServer, name: str) -> int:
    """``stored``, or 0 while the crawl has not created the tables yet."""
    try:
        return stored(pg, name)
    except psycopg.errors.UndefinedTable:
        return 0


def test_six_second_postgresql_outage_mid_crawl_loses_nothing(
    pg: PostgresServer, site: ReplicaServer, tmp_path: Path
) -> None:
    # trust auth ignores the password: it is there to be kept out of every output
    url = pg.create_database("outage_mid").replace("postgres@", "postgres:SECRETPW@")
    spool = tmp_path / "spool"
    crawl = BackgroundCrawl(
        tmp_path, site.base_url, {**PACED, "DATABASE_URL": url, "SPOOL_DIR": str(spool)}
    )
    try:
        crawl.wait_for(lambda: polled(pg, "outage_mid") >= 10, "10 articles stored")
        pg.stop()
        time.sleep(6)
        assert crawl.process.poll() is None, "the crawl ended during the outage: make it longer"
        pg.start()
        done = crawl.finish()
    finally:
        crawl.kill()
    print(
        f"6 s outage: exit {done.returncode}, stored {stored(pg, 'outage_mid')}/{ARTICLES}, "
        f"spooled {done.stats.get('store/spooled')}, unstored {done.stats.get('store/unstored')}"
    )
    assert done.returncode == exitcodes.OK, done.log[-3000:]
    assert stored(pg, "outage_mid") == ARTICLES
    assert done.stats["store/spooled"] > 0, "the outage was not felt"
    assert done.stats["store/unstored"] == 0
    assert done.stats["store/stored"] == ARTICLES
    assert not spool_path(url, spool).exists()
    (row,) = pg_rows(pg, "outage_mid", "SELECT finish_reason, monitors, items_stored FROM crawls")
    assert row == ("finished", "passed", ARTICLES)
    assert "Storing articles in postgresql+psycopg://postgres:***@" in done.log
    assert "SECRETPW" not in done.log


def test_outage_past_the_end_exits_not_stored_and_the_next_run_completes(
    pg: PostgresServer, site: ReplicaServer, tmp_path: Path
) -> None:
    url = pg.create_database("outage_end")
    spool = tmp_path / "spool"
    settings = {**PACED, "DATABASE_URL": url, "SPOOL_DIR": str(spool), "DATABASE_CLOSE_WAIT": "2"}
    crawl = BackgroundCrawl(tmp_path / "first", site.base_url, settings)
    try:
        crawl.wait_for(lambda: polled(pg, "outage_end") >= 10, "10 articles stored")
        pg.stop()
        done = crawl.finish()
    finally:
        crawl.kill()
        pg.start()
    before = stored(pg, "outage_end")
    print(
        f"outage past the end: exit {done.returncode}, stored {before}/{ARTICLES}, "
        f"unstored {done.stats.get('store/unstored')}"
    )
    assert done.returncode == exitcodes.NOT_STORED, done.log[-3000:]
    assert before < ARTICLES
    waiting = Spool(spool_path(url, spool)).pending()
    assert waiting.articles == done.stats["store/unstored"] == ARTICLES - before
    assert waiting.crawls == 1  # the crawls row could not be closed: it waits too
    assert done.stats["monitors/passed"] is False
    assert "are not in the database" in done.log

    again = run_crawl(tmp_path / "second", f"base_url={site.base_url}", settings=settings)
    print(f"next run: exit {again.returncode}, stored {stored(pg, 'outage_end')}/{ARTICLES}")
    assert again.returncode == exitcodes.OK, again.log[-3000:]
    assert stored(pg, "outage_end") == ARTICLES
    assert again.stats["incremental/skipped_known"] == ARTICLES  # replayed before the crawl
    assert not spool_path(url, spool).exists()
    rows = pg_rows(
        pg, "outage_end", "SELECT finish_reason, monitors, stats FROM crawls ORDER BY id"
    )
    assert [(r[0], r[1]) for r in rows] == [("finished", "failed"), ("finished", "passed")]
    assert rows[0][2]["store/unstored"] == ARTICLES - before


# -- a full disk under SQLite ---------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs (root only): a disk that can really fill up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        if os.environ.get("CI") == "true" and os.geteuid() == 0:
            pytest.fail(f"cannot mount a tmpfs under CI: {done.stderr.strip()}")
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full."""
    filler = disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(handle, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(handle)
    return filler


def sqlite_count(path: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_sqlite_disk_full_mid_crawl_spools_and_stores_everything_once_space_returns(
    site: ReplicaServer, small_disk: Path, tmp_path: Path
) -> None:
    db = small_disk / "news.db"
    url = f"sqlite:///{db}"
    spool = tmp_path / "spool"  # on another disk: the full one cannot take it either
    crawl = BackgroundCrawl(
        tmp_path / "crawl", site.base_url, {**PACED, "DATABASE_URL": url, "SPOOL_DIR": str(spool)}
    )
    try:
        crawl.wait_for(lambda: sqlite_count(db) >= 10, "10 articles stored")
        filler = fill(small_disk)
        crawl.wait_for(lambda: spool_path(url, spool).exists(), "a batch spooled")
        filler.unlink()
        done = crawl.finish()
    finally:
        crawl.kill()
    assert done.returncode == exitcodes.OK, done.log[-3000:]
    assert "database or disk is full" in done.log
    assert done.stats["store/spooled"] > 0 and done.stats["store/unstored"] == 0
    assert sqlite_count(db) == ARTICLES
    with contextlib.closing(sqlite3.connect(db)) as conn:
        (stats,) = conn.execute("SELECT stats FROM crawls").fetchone()
    assert json.loads(stats)["store/stored"] == ARTICLES


def crawl_rows(db: Path) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return list(conn.execute("SELECT finish_reason, monitors FROM crawls ORDER BY id"))


def broken_until_the_end(
    tmp_path: Path, base_url: str, db: Path, spool: Path | None, breaks: Callable[[], None]
) -> tuple[Finished, int]:
    """A crawl into SQLite file ``db`` whose writes ``breaks`` after 10 articles are
    stored, for good: what it did, and the articles in the database at its end."""
    url = f"sqlite:///{db}"
    settings = {**PACED, "DATABASE_URL": url, "DATABASE_CLOSE_WAIT": "2"}
    if spool is not None:
        settings["SPOOL_DIR"] = str(spool)
    crawl = BackgroundCrawl(tmp_path / "first", base_url, settings)
    try:
        crawl.wait_for(lambda: sqlite_count(db) >= 10, "10 articles stored")
        breaks()
        done = crawl.finish()
    finally:
        crawl.kill()
    before = sqlite_count(db)
    print(
        f"{tmp_path.name}: exit {done.returncode}, stored {before}/{ARTICLES}, "
        f"unstored {done.stats.get('store/unstored')}, failed {done.stats.get('store/failed', 0)}"
    )
    return done, before


def completed_by_the_next_run(
    tmp_path: Path, base_url: str, db: Path, spool: Path | None
) -> dict[str, Any]:
    """Writes work again: the next run (spool first) leaves every article stored once.
    Its stats."""
    settings = {**PACED, "DATABASE_URL": f"sqlite:///{db}"}
    if spool is not None:
        settings["SPOOL_DIR"] = str(spool)
    again = run_crawl(tmp_path / "second", f"base_url={base_url}", settings=settings)
    print(f"next run: exit {again.returncode}, stored {sqlite_count(db)}/{ARTICLES}")
    assert again.returncode == exitcodes.OK, again.log[-3000:]
    assert sqlite_count(db) == ARTICLES
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(DISTINCT canonical_url) FROM articles").fetchone() == (
            ARTICLES,
        )
    assert not Spool.for_database(f"sqlite:///{db}", spool).exists()
    assert crawl_rows(db)[-1] == ("finished", "passed")
    return again.stats


@pytest.mark.parametrize("where", ["elsewhere", "beside", "spool-dir-on-it"])
def test_sqlite_disk_full_until_the_end_exits_not_stored_and_the_next_run_completes(
    site: ReplicaServer,
    small_disk: Path,
    tmp_path: Path,
    where: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk stays full past the end. With the spool on another disk (SPOOL_DIR) it
    holds every article the database did not take. With the spool beside the database
    (the default for SQLite) its disk is full too: it overflows into the state directory
    (here the test's own, through XDG_STATE_HOME, which the crawl inherits). With a
    SPOOL_DIR on the full disk there is no overflow: the run says what it could not keep,
    and the next run fetches those articles again."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    db = small_disk / "news.db"
    spool = {"elsewhere": tmp_path / "spool", "beside": None}.get(where, small_disk / "spool")
    fillers: list[Path] = []
    done, before = broken_until_the_end(
        tmp_path, site.base_url, db, spool, lambda: fillers.append(fill(small_disk))
    )
    assert done.returncode == exitcodes.NOT_STORED, done.log[-3000:]
    assert before < ARTICLES
    assert done.stats["monitors/passed"] is False
    assert "are not in the database" in done.log
    spooled = Spool.for_database(f"sqlite:///{db}", spool)
    assert "database or disk is full" in done.log
    if where == "spool-dir-on-it":
        assert spooled.overflow is None
        assert done.stats["store/failed"] > 0
        assert (
            done.stats["store/unstored"] == done.stats["store/failed"] + spooled.pending().articles
        )
        assert "could not be kept" in done.log and "No space left on device" in done.log
        assert before + done.stats["store/unstored"] >= ARTICLES
    else:
        assert "store/failed" not in done.stats
        assert spooled.pending().articles == done.stats["store/unstored"] == ARTICLES - before
    if where == "beside":
        assert spooled.overflow is not None and spooled.overflow.is_file()
        assert spooled.overflow.is_relative_to(tmp_path / "state")
        assert "No space left on device: spooling to" in done.log
        assert f"wait in the spool {spooled.path} and {spooled.overflow}" in done.log
    fillers[0].unlink()
    again = completed_by_the_next_run(tmp_path, site.base_url, db, spool)
    if where != "spool-dir-on-it":
        assert again["incremental/skipped_known"] == ARTICLES  # replayed before the crawl


def chattr(flag: str, *paths: Path) -> None:
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, text=True)
    if done.returncode != 0:
        if os.environ.get("CI") == "true" and os.geteuid() == 0:
            pytest.fail(f"chattr {flag} failed under CI: {done.stderr.strip()}")
        pytest.skip(f"chattr {flag} failed: {done.stderr.strip()}")


def test_sqlite_file_made_read_only_mid_crawl_exits_not_stored_and_the_next_run_completes(
    site: ReplicaServer, tmp_path: Path
) -> None:
    """The database file turns read-only while the crawl has it open, and stays so.

    Tests run as root, which ignores file modes, so ``chmod`` proves nothing. Measured on
    this kind of machine (root, ext4 /tmp): remounting a read-only bind mount of the
    folder fails with EBUSY while SQLite holds the file open for writing, and remounting
    its file system read-only likewise; ``chattr +i`` on ``news.db-shm`` turns SQLite's
    shared-memory writes into SIGBUS (a crash, not a read-only file). ``chattr +i`` on
    ``news.db`` and ``news.db-wal`` is what works: every write, through the open
    connections too, fails with EPERM ("disk I/O error"; a new connection gets "attempt
    to write a readonly database"), reads still work. The spool is on another disk.
    """
    db = tmp_path / "news.db"
    spool = tmp_path / "spool"
    frozen = [db, db.with_name("news.db-wal")]
    try:
        done, before = broken_until_the_end(
            tmp_path, site.base_url, db, spool, lambda: chattr("+i", *frozen)
        )
    finally:
        chattr("-i", *(p for p in frozen if p.exists()))
    assert done.returncode == exitcodes.NOT_STORED, done.log[-3000:]
    assert before < ARTICLES
    waiting = Spool(spool_path(f"sqlite:///{db}", spool)).pending()
    assert waiting.articles == done.stats["store/unstored"] == ARTICLES - before
    assert waiting.crawls == 1  # the crawls row could not be closed: it waits too
    assert done.stats["monitors/passed"] is False
    assert "store/failed" not in done.stats
    assert "are not in the database" in done.log
    completed_by_the_next_run(tmp_path, site.base_url, db, spool)


# -- scrapy spool ---------------------------------------------------------------------


def scrapy(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=workdir,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_scrapy_spool_shows_and_replays(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    url = f"sqlite:///{db}"
    ArticleStore(url).open().close()
    spool = Spool.for_database(url)
    assert spool.path == tmp_path / "news.db.spool.jsonl"  # beside the SQLite file
    spool.add_articles([make_item(1), make_item(2)], None)
    spool.add_articles([make_item(3)], None)
    with spool.path.open("a", encoding="utf-8") as handle:
        handle.write('{"kind": "articles", "id": "cut sh')  # a crash mid-append

    shown = scrapy(tmp_path, "spool", "--database-url", url)
    assert shown.returncode == exitcodes.NOT_STORED, shown.stderr
    assert shown.stdout.startswith("3 articles and 0 crawl records wait for sqlite+pysqlite:///")
    assert "cut short by a crash: 1" in shown.stdout

    replayed = scrapy(tmp_path, "spool", "--replay", "--database-url", url)
    assert replayed.returncode == exitcodes.OK, replayed.stderr
    assert replayed.stdout.startswith("stored 3 articles and 0 crawl records")
    assert sqlite_count(db) == 3
    assert not spool.path.exists()
    again = scrapy(tmp_path, "spool", "--database-url", url)
    assert again.returncode == exitcodes.OK and again.stdout.startswith("nothing waits")

    bad = scrapy(tmp_path, "spool", "--database-url", "postgresql+psycopg//u:SECRETPW@h/db")
    assert bad.returncode == exitcodes.CONFIG_ERROR
    assert "SECRETPW" not in bad.stdout + bad.stderr


# -- secrets and malformed settings ---------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("DATABASE_URL=postgresql+psycopg//crawler:SECRETPW@db.internal/news", "DATABASE_URL"),
        (
            "DATABASE_URL=postgresql+psycopg://crawler:SECRETPW@db.internal:port/news",
            "DATABASE_URL",
        ),
        ("REDIS_URL=redis://:REDIS/SECRETPW@127.0.0.1:6379/0", "REDIS_URL"),
        ("DATABASE_BATCH_SIZE=many", "DATABASE_BATCH_SIZE"),
        ("CONCURRENT_REQUESTS=many", "CONCURRENT_REQUESTS"),
    ],
)
def test_a_malformed_setting_is_one_line_exit_2_and_no_password(
    tmp_path: Path, setting: str, named: str
) -> None:
    done = scrapy(tmp_path, "crawl", "portugalcolonial", "-s", setting)
    assert done.returncode == exitcodes.CONFIG_ERROR, done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    assert f"error: {named}" in last, done.stderr[-2000:]
    assert "SECRETPW" not in done.stdout + done.stderr
    assert "REDIS/" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "newsscraper.db").exists()  # nothing started


def test_a_frozen_postgresql_neither_hangs_the_crawl_nor_loses_an_article(
    pg: PostgresServer, site: ReplicaServer, tmp_path: Path
) -> None:
    """SIGSTOP: the server's kernel still accepts packets, nothing answers them."""
    url = pg.create_database("frozen")
    spool = tmp_path / "spool"
    settings = {
        **PACED,
        "DATABASE_URL": url,
        "SPOOL_DIR": str(spool),
        "DATABASE_WRITE_TIMEOUT": "3",
        "DATABASE_CLOSE_WAIT": "2",
    }
    crawl = BackgroundCrawl(tmp_path / "first", site.base_url, settings)
    try:
        crawl.wait_for(lambda: polled(pg, "frozen") >= 10, "10 articles stored")
        before = polled(pg, "frozen")
        pg.freeze()
        started = time.monotonic()
        done = crawl.finish()
        waited = time.monotonic() - started
    finally:
        crawl.kill()
        pg.thaw()
    assert done.returncode == exitcodes.NOT_STORED, done.log[-3000:]
    assert "gave no answer in 3 s" in done.log
    assert waited < 120, f"the crawl hung {waited:.0f} s on a frozen database"
    waiting = Spool(spool_path(url, spool)).pending().articles
    assert waiting >= ARTICLES - before - 2 * int(PACED["DATABASE_BATCH_SIZE"])

    again = run_crawl(tmp_path / "second", f"base_url={site.base_url}", settings=settings)
    assert again.returncode == exitcodes.OK, again.log[-3000:]
    assert stored(pg, "frozen") == ARTICLES
