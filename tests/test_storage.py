"""ArticleStore against real SQLite and PostgreSQL databases (no mocks)."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.test import get_crawler

from newsscraper.extensions.crawlrecord import CrawlRecordExtension, crawl_counts
from newsscraper.items import ARTICLE_FIELDS
from newsscraper.middlewares.incremental import IncrementalMiddleware
from newsscraper.pipelines.store import StorePipeline
from newsscraper.storage import (
    SCHEMA_VERSION,
    ArticleFilters,
    ArticleStore,
    BatchResult,
    CrawlCounts,
    StorageError,
    database_url,
    migrations,
)
from newsscraper.storage.config import create_engine
from newsscraper.storage.schema import metadata
from tests.conftest_db import make_item

ROOT = Path(__file__).resolve().parents[1]


def rows(store: ArticleStore, table: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        result = conn.execute(sa.select(metadata.tables[table]).order_by(sa.text("id")))
        return [dict(row._mapping) for row in result]


def articles(store: ArticleStore, **filters: Any) -> list[dict[str, Any]]:
    return [r for chunk in store.iter_articles(ArticleFilters(**filters), 3) for r in chunk]


# -- database_url -----------------------------------------------------------


def test_database_url_env_wins_and_empty_disables(monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_url({}) == "sqlite+pysqlite:///newsscraper.db"
    assert database_url({"DATABASE_URL": ""}) is None
    monkeypatch.setenv("NEWSSCRAPER_DATABASE_URL", "postgresql://u:pw@db/news")
    assert database_url({"DATABASE_URL": "sqlite:///x.db"}) == ("postgresql+psycopg://u:pw@db/news")
    monkeypatch.setenv("NEWSSCRAPER_DATABASE_URL", " ")
    assert database_url({"DATABASE_URL": "sqlite:///x.db"}) is None


@pytest.mark.parametrize(
    "bad", ["not a url", "mysql://u@h/db", "postgresql+psycopg2://h/db", "oracle://secret:pw@h/db"]
)
def test_database_url_rejects_bad_urls(bad: str) -> None:
    with pytest.raises(StorageError) as caught:
        database_url({"DATABASE_URL": bad})
    message = str(caught.value)
    assert message.startswith("DATABASE_URL ") and "\n" not in message
    assert "pw" not in message  # passwords never reach a log line


# -- schema and migrations --------------------------------------------------


def test_schema_created_with_version_table(store: ArticleStore) -> None:
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:  # migrations and schema.py agree
        found = {c["name"] for c in inspector.get_columns(table.name)}
        assert found == set(table.columns.keys()), table.name
    assert set(ARTICLE_FIELDS) <= {c["name"] for c in inspector.get_columns("articles")}
    indexed = {tuple(i["column_names"]) for i in inspector.get_indexes("articles")}
    assert {("site", "article_id"), ("fingerprint",), ("published_at_utc",)} <= indexed
    covering = [tuple(i["column_names"]) for i in inspector.get_indexes("story_keys")]
    assert covering == [("key", "minute", "article_row_id")]  # migration 7 as schema.py
    assert [r["version"] for r in rows_of(store, "schema_version")] == list(
        range(1, SCHEMA_VERSION + 1)
    )
    store.close()
    with ArticleStore(store.url) as again:  # reopening applies nothing twice
        assert len(rows_of(again, "schema_version")) == SCHEMA_VERSION


def rows_of(store: ArticleStore, table: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(metadata.tables[table]))]


def test_migration_from_older_version_keeps_rows(db_url: str) -> None:
    engine = create_engine(db_url)
    assert migrations.migrate(engine, target=1) == 1
    seen = datetime(2024, 11, 1, tzinfo=UTC)
    with engine.begin() as conn:  # a v1 database with data, written by hand
        conn.execute(
            sa.text(
                "INSERT INTO articles (canonical_url, site, article_id, headline, body, "
                "fingerprint, authors, first_seen, last_seen) VALUES ('https://news.example/a/1',"
                " 'example', '1', 'Old headline', 'Old body', 'f1', '[\"Ana\"]', :s, :s)"
            ),
            {"s": seen.replace(tzinfo=None)},
        )
        conn.execute(
            sa.text("INSERT INTO crawls (spider, started_at) VALUES ('example', :s)"),
            {"s": seen.replace(tzinfo=None)},
        )
        assert "stats" not in {c["name"] for c in sa.inspect(conn).get_columns("crawls")}
    engine.dispose()

    with ArticleStore(db_url) as store:
        [article] = articles(store)
        assert (article["headline"], article["authors"]) == ("Old headline", ["Ana"])
        store.finish_crawl(1, "finished", CrawlCounts(stored=1), {"x": 1})
        assert store.get_crawl(1)["stats"] == {"x": 1}
        result = store.write_batch([make_item(1, fingerprint="f2")])
        assert result == BatchResult(updated=1)
        assert rows(store, "article_versions")[0]["headline"] == "Old headline"


def test_failed_migration_leaves_database_untouched(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ArticleStore(db_url) as store:
        store.write_batch([make_item(1)])

    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN extra TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, ("bad", broken)))
    monkeypatch.setattr(migrations, "LATEST", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        ArticleStore(db_url).open()
    monkeypatch.undo()
    with ArticleStore(db_url) as store:
        inspector = sa.inspect(store.engine)
        assert not inspector.has_table("half_done")
        assert "extra" not in {c["name"] for c in inspector.get_columns("articles")}
        assert len(rows_of(store, "schema_version")) == SCHEMA_VERSION
        assert len(articles(store)) == 1


def test_newer_schema_is_refused(store: ArticleStore) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            metadata.tables["schema_version"]
            .insert()
            .values(version=99, description="future", applied_at=datetime.now(UTC))
        )
    with pytest.raises(StorageError, match="newer"):
        ArticleStore(store.url).open()


# -- writing ----------------------------------------------------------------


def test_upsert_counts_stored_updated_unchanged(store: ArticleStore) -> None:
    assert store.write_batch([make_item(n) for n in range(5)]) == BatchResult(stored=5)
    first = {r["canonical_url"]: r for r in rows(store, "articles")}
    batch = [
        make_item(0),
        make_item(1, headline="Changed"),
        make_item(2, body="New body"),
        make_item(3, byline="Por Outro"),
        make_item(4, photo_url=None),
        make_item(5),
    ]
    assert store.write_batch(batch) == BatchResult(stored=1, updated=4, unchanged=1)
    after = {r["canonical_url"]: r for r in rows(store, "articles")}
    unchanged = "https://news.example/a/0"
    assert after[unchanged]["last_seen"] > first[unchanged]["last_seen"]
    assert after[unchanged]["first_seen"] == first[unchanged]["first_seen"]
    assert after["https://news.example/a/1"]["headline"] == "Changed"
    assert len(after) == 6


def test_change_writes_version_row_with_old_values(store: ArticleStore) -> None:
    store.write_batch([make_item(1, modified_at="2024-11-02T10:00:00+01:00")])
    crawl_id = store.start_crawl("example")
    store.write_batch(
        [make_item(1, headline="New", modified_at="2024-11-03T10:00:00+01:00")], crawl_id=crawl_id
    )
    [version] = rows(store, "article_versions")
    assert version["headline"] == make_item(1)["headline"]
    assert version["modified_at"] == "2024-11-02T10:00:00+01:00"
    assert version["crawl_id"] == crawl_id
    assert version["canonical_url"] == "https://news.example/a/1"
    assert datetime.now(UTC) - version["changed_at"] < timedelta(minutes=5)
    [article] = articles(store)
    assert (article["headline"], article["modified_at"]) == ("New", "2024-11-03T10:00:00+01:00")
    # Same instant written with another offset is not a change.
    same = make_item(1, headline="New", modified_at="2024-11-03T09:00:00+00:00")
    assert store.write_batch([same]) == BatchResult(unchanged=1)
    [version_row] = list(store.iter_versions())
    assert version_row[0]["site"] == "example" and version_row[0]["article_id"] == "1"


def test_cross_run_fingerprint_duplicate_not_stored(store: ArticleStore) -> None:
    store.write_batch([make_item(1)])
    republished = make_item(2, fingerprint=make_item(1)["fingerprint"])
    assert store.write_batch([republished]) == BatchResult(duplicates=1)
    assert [a["canonical_url"] for a in articles(store)] == ["https://news.example/a/1"]


def test_repeated_keys_in_one_batch(store: ArticleStore) -> None:
    batch = [
        make_item(1, headline="first"),
        make_item(1, headline="last"),
        make_item(2),
        make_item(3, fingerprint=make_item(2)["fingerprint"]),
        {"headline": "no url at all"},
    ]
    assert store.write_batch(batch) == BatchResult(stored=2, duplicates=2, rejected=1)
    stored = {a["canonical_url"]: a for a in articles(store)}
    assert stored["https://news.example/a/1"]["headline"] == "last"
    assert set(stored) == {"https://news.example/a/1", "https://news.example/a/2"}


def _write_concurrently(url: str, start: Any, worker: int) -> tuple[int, int, int]:
    """One of several processes writing the same keys into the same database."""
    items = [
        make_item(n, headline=f"v{worker}" if n % 3 == 0 else make_item(n)["headline"])
        for n in range(120)
    ]
    totals = BatchResult()
    with ArticleStore(url) as store:
        start.wait()
        for offset in range(0, len(items), 20):
            totals += store.write_batch(items[offset : offset + 20])
    return totals.stored, totals.updated, totals.unchanged + totals.duplicates


def test_concurrent_processes_same_keys(db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(4)
        with context.Pool(4) as pool:
            results = pool.starmap(_write_concurrently, [(db_url, start, w) for w in range(4)])
    assert sum(stored for stored, _, _ in results) == 120
    assert all(sum(r) == 120 for r in results)
    with ArticleStore(db_url) as store:
        urls = [a["canonical_url"] for a in articles(store)]
        assert len(urls) == len(set(urls)) == 120


def test_timestamps_keep_their_offsets(store: ArticleStore) -> None:
    stamps = {
        1: "2024-11-30T23:30:00-03:00",
        2: "2024-12-01T05:44:00+05:45",
        3: "2024-11-30T12:00:00Z",
        4: None,
        5: "2024-11-30T22:00:00+00:00",
    }
    store.write_batch([make_item(n, published_at=s, modified_at=s) for n, s in stamps.items()])
    by_id = {a["article_id"]: a for a in articles(store)}
    for n, text in stamps.items():
        record = by_id[str(n)]
        assert record["published_at"] == text and record["modified_at"] == text
        if text is not None:
            instant = datetime.fromisoformat(text)
            assert record["published_at_utc"] == instant
            assert record["published_at_utc"].utcoffset() == timedelta(0)
    # Range filters compare instants, not text: 23:30-03:00 is 02:30 next day UTC.
    day = dict(since=datetime(2024, 11, 30, tzinfo=UTC), until=datetime(2024, 12, 1, tzinfo=UTC))
    assert {a["article_id"] for a in articles(store, **day)} == {"2", "3", "5"}
    assert [
        a["article_id"] for a in articles(store, since=datetime(2024, 12, 1, 2, 30, tzinfo=UTC))
    ] == ["1"]


def test_iter_articles_filters_and_chunks(store: ArticleStore) -> None:
    store.write_batch(
        [
            make_item(
                n, site="a" if n % 2 else "b", language="de" if n < 4 else "pt", section=f"s{n % 3}"
            )
            for n in range(10)
        ]
    )
    chunks = list(store.iter_articles(ArticleFilters(), chunk_size=4))
    assert [len(c) for c in chunks] == [4, 4, 2]
    assert len(articles(store, site="a")) == 5
    assert len(articles(store, site="a", language="de")) == 2
    assert {a["section"] for a in articles(store, section="s1")} == {"s1"}
    assert store.count_articles(ArticleFilters(site="b")) == 5


# -- known articles and crawls ---------------------------------------------


def test_known_articles(store: ArticleStore) -> None:
    store.write_batch(
        [
            make_item(1, modified_at="2024-11-05T10:00:00+01:00"),
            make_item(2),
            make_item(3, site="other", article_id="9"),
        ]
    )
    known = store.known_articles("example")
    assert len(known) == 2 and "1" in known and "9" not in known
    assert known.get(url="https://news.example/a/2") is not None
    assert known.get("1").modified_at == datetime(2024, 11, 5, 9, tzinfo=UTC)
    assert known.is_current("1")
    assert known.is_current("1", lastmod="2024-11-05T09:00:00+00:00")
    assert not known.is_current("1", lastmod=datetime.now(UTC) + timedelta(days=1))
    assert known.is_current("2", lastmod="not a date")
    assert not known.is_current("7")


def test_crawl_rows(store: ArticleStore) -> None:
    crawl_id = store.start_crawl("example", {"since": datetime(2024, 1, 1), "sections": ["a"]})
    counts = CrawlCounts(stored=3, updated=2, unchanged=1, dropped=4, skipped_known=5, errors=6)
    stats = {"start_time": datetime(2024, 1, 1, tzinfo=UTC), "store/stored": 3, "nan": float("nan")}
    store.finish_crawl(crawl_id, "finished", counts, stats)
    crawl = store.get_crawl(crawl_id)
    assert crawl is not None
    assert crawl["spider"] == "example" and crawl["finish_reason"] == "finished"
    assert crawl["arguments"] == {"since": "2024-01-01T00:00:00", "sections": ["a"]}
    assert (
        crawl["items_stored"],
        crawl["items_updated"],
        crawl["items_unchanged"],
        crawl["items_dropped"],
        crawl["skipped_known"],
        crawl["errors"],
    ) == (3, 2, 1, 4, 5, 6)
    assert crawl["stats"] == {
        "start_time": "2024-01-01T00:00:00+00:00",
        "store/stored": 3,
        "nan": None,
    }
    assert crawl["finished_at"] >= crawl["started_at"]


def test_unreachable_database_is_one_line_error() -> None:
    with pytest.raises(StorageError) as caught:
        ArticleStore("postgresql+psycopg://postgres@127.0.0.1:1/none").open()
    assert "\n" not in str(caught.value) and "cannot open database" in str(caught.value)


# -- pipeline, middleware and extension as components ----------------------


def _crawler(db_url: str) -> Crawler:
    class Example(Spider):
        name = "example"

    crawler = get_crawler(Example, {"DATABASE_URL": db_url, "DATABASE_BATCH_SIZE": 3})
    crawler.spider = Example.from_crawler(crawler)
    return crawler


@pytest.mark.parametrize("component", [StorePipeline, IncrementalMiddleware, CrawlRecordExtension])
def test_components_switch_off_without_database(component: Any) -> None:
    with pytest.raises(NotConfigured):
        component.from_crawler(_crawler(""))
    with pytest.raises(StorageError, match="DATABASE_URL"):
        component.from_crawler(_crawler("mysql://h/db"))


def test_pipeline_isolates_items_the_database_rejects(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = _crawler(db_url)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.store = ArticleStore(db_url).open()
    try:  # 2**70 fits no INTEGER column: the batch fails on both backends
        pipeline._write([make_item(1), make_item(2, word_count=2**70), make_item(3)])
        pipeline._write([make_item(1), make_item(4, fingerprint=make_item(3)["fingerprint"])])
    finally:
        pipeline.store.close()
    stats = crawler.stats.get_stats()
    # one failed batch (a bad item is not retried blindly), then item by item
    assert (stats["store/stored"], stats["store/errors"], stats["store/failed"]) == (2, 1, 1)
    assert (stats["store/unchanged"], stats["store/duplicate"]) == (1, 1)
    assert "Not stored" in caplog.text and "https://news.example/a/2" in caplog.text


def test_incremental_middleware_skips_only_known_articles(store: ArticleStore) -> None:
    store.write_batch([make_item(1, modified_at="2024-11-05T10:00:00+01:00")])
    crawler = _crawler(store.url)
    middleware = IncrementalMiddleware.from_crawler(crawler)

    def passes(url: str, **meta: Any) -> bool:
        return middleware.process_request(Request(url, meta=meta)) is None

    assert passes("https://news.example/sitemap.xml")  # no article_id: always
    with pytest.raises(IgnoreRequest):
        passes("https://news.example/a/1", article_id="1")
    assert passes("https://news.example/a/2", article_id="2")
    assert passes("https://news.example/a/1", article_id="1", lastmod="2999-01-01")
    with pytest.raises(IgnoreRequest):
        passes("https://news.example/a/1", article_id="1", lastmod="2024-11-05T09:00:00Z")
    crawler.spider.refresh = True  # type: ignore[union-attr]
    assert passes("https://news.example/a/1", article_id="1")
    assert crawler.stats.get_value("incremental/skipped_known") == 2


def test_crawl_counts_from_stats() -> None:
    stats = {
        "store/stored": 5,
        "store/updated": 1,
        "store/unchanged": 2,
        "incremental/skipped_known": 7,
        "log_count/ERROR": 3,
        "validate/dropped": 2,
        "dedupe/duplicate": 1,
        "item_dropped_count": 3,
    }
    assert crawl_counts(stats) == CrawlCounts(5, 1, 2, 3, 7, 3)
    assert crawl_counts({"validate/dropped": 2, "dedupe/duplicate": 1}).dropped == 3
    assert crawl_counts({}) == CrawlCounts()


# -- pipeline, middleware and extension in a real crawl --------------------

SPIDER = textwrap.dedent("""
    import scrapy
    from newsscraper.items import ArticleItem

    class Example(scrapy.Spider):
        name = "example"
        crawl_arguments = {"since": "2024-11-01"}

        def __init__(self, lastmod="", **kwargs):
            super().__init__(**kwargs)
            self.lastmod = lastmod

        async def start(self):
            yield scrapy.Request("data:,listing", callback=self.listing)

        def listing(self, response):
            for n in range(1, 4):
                meta = {"article_id": str(n)}
                if n == 3 and self.lastmod:
                    meta["lastmod"] = self.lastmod
                yield scrapy.Request(f"data:,article-{n}", meta=meta)

        def parse(self, response):
            n = int(response.text.rsplit("-", 1)[1])
            yield ArticleItem(url=response.url, canonical_url=f"https://news.example/a/{n}",
                site="example", article_id=str(n), headline=f"H{n}", body="b", authors=[],
                images=[], keywords=[], fingerprint=f"fp{n}",
                published_at="2024-11-30T07:41:00+01:00", scraped_at="2024-12-01T00:00:00+00:00")
""")


def _crawl(tmp_path: Path, db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    spider = tmp_path / "example_spider.py"
    spider.write_text(SPIDER, encoding="utf-8")
    settings = {
        "ITEM_PIPELINES": '{"newsscraper.pipelines.store.StorePipeline": 400}',
        "DOWNLOADER_MIDDLEWARES": '{"newsscraper.middlewares.incremental.IncrementalMiddleware": 50}',
        "EXTENSIONS": '{"newsscraper.extensions.crawlrecord.CrawlRecordExtension": 500}',
        "DATABASE_URL": db_url,
        "DATABASE_BATCH_SIZE": "2",
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": "False",
    }
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), *args]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    return subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.crawl
def test_crawl_stores_records_and_skips_known(tmp_path: Path, db_url: str) -> None:
    first = _crawl(tmp_path, db_url)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "'store/stored': 3" in first.stderr
    second = _crawl(tmp_path, db_url, "-a", "lastmod=2999-01-01T00:00:00+00:00")
    assert second.returncode == 0, second.stderr[-3000:]
    assert "'incremental/skipped_known': 2" in second.stderr
    assert "'store/unchanged': 1" in second.stderr
    with ArticleStore(db_url) as store:
        assert len(articles(store)) == 3
        crawls = rows(store, "crawls")
    assert [c["finish_reason"] for c in crawls] == ["finished", "finished"]
    assert crawls[0]["arguments"] == {"since": "2024-11-01"}
    assert (
        crawls[0]["items_stored"],
        crawls[1]["skipped_known"],
        crawls[1]["items_unchanged"],
    ) == (3, 2, 1)
    assert crawls[1]["stats"]["crawl/id"] == crawls[1]["id"]
    assert crawls[1]["stats"]["incremental/skipped_known"] == 2
