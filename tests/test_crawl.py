"""End to end: a real ``scrapy crawl portugalcolonial`` process against the replica.

What a correct crawl yields is the replica's ground truth (tests/replica/content.py),
written independently of the extraction code.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from newsscraper.arguments import SPIDER_ARGUMENTS
from newsscraper.items import ARTICLE_FIELDS
from tests.crawling import run_crawl, scrapy_env
from tests.replica import (
    DISALLOWED_PATH,
    DUPLICATE_IDS,
    ERROR_PATH,
    MISSING_PATH,
    ReplicaServer,
    expected_items,
)
from tests.scrapyd_server import StaticAnswer


def db_rows(path: Path) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM articles"))]
    engine.dispose()
    return rows


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["article_id"]: item for item in items}


def test_crawl_yields_every_article_once_with_every_field_right(
    fresh_replica: ReplicaServer, tmp_path
):
    db = tmp_path / "articles.db"
    crawl = run_crawl(
        tmp_path, f"base_url={fresh_replica.base_url}", settings={"DATABASE_URL": f"sqlite:///{db}"}
    )
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.finish_reason == "finished"
    expected = by_id(expected_items(fresh_replica.base_url))

    # every article exactly once, nothing else; of the republished story (same text,
    # new id) whichever copy the crawl met first is kept, and only one
    kept, republished = DUPLICATE_IDS
    ids = Counter(item["article_id"] for item in crawl.items)
    assert ids[kept] + ids[republished] == 1, crawl.log[-3000:]
    ids = Counter(kept if i == republished else i for i in ids.elements())
    assert ids == Counter(list(expected)), crawl.log[-3000:]
    assert len({item["canonical_url"] for item in crawl.items}) == len(crawl.items)

    # every key of the schema on every item, every field as the ground truth says
    got = by_id(crawl.items)
    identity = ("canonical_url", "article_id", "url", "section", "published_at", "modified_at")
    for article_id, want in expected.items():
        item = got.get(article_id) or got[republished]
        assert list(item) == list(ARTICLE_FIELDS)
        for field, value in want.items():
            if item["article_id"] == article_id or field not in identity:
                assert item[field] == value, f"{article_id} {field}"
        assert datetime.fromisoformat(item["scraped_at"]).utcoffset().total_seconds() == 0
        assert item["word_count"] > 20 and len(item["fingerprint"]) == 64

    # the database holds the same articles, one row per canonical URL
    rows = db_rows(db)
    assert sorted(r["canonical_url"] for r in rows) == sorted(
        i["canonical_url"] for i in crawl.items
    )
    assert len(rows) == len(expected)

    # politeness and discovery: robots.txt obeyed, no page twice, tracking stripped
    log = fresh_replica.requests
    paths = [p for p in log if p != "/robots.txt"]
    assert DISALLOWED_PATH not in " ".join(log)
    repeated = [p for p, n in Counter(paths).items() if n > 1 and p != ERROR_PATH]
    assert not repeated
    assert not any("utm_" in p for p in log)
    assert MISSING_PATH in log and ERROR_PATH in log
    assert "/sitemap.xml" in log and "/rss.xml" in log

    # what was skipped, and why, is in the stats
    stats = crawl.stats
    assert stats["skipped/http_404"] == 1
    assert stats["skipped/http_500"] == 1
    assert stats["validate/dropped/no_body"] >= 1  # the video page at an article URL
    assert stats["dedupe/duplicate/fingerprint"] == 1  # the republished story
    assert stats["robotstxt/forbidden"] == 1


def test_url_argument_parses_just_those_articles(fresh_replica: ReplicaServer, tmp_path):
    wanted = [e for e in expected_items(fresh_replica.base_url)][:2]
    urls = ",".join(e["canonical_url"] + "?utm_source=x" for e in wanted)
    crawl = run_crawl(tmp_path, f"url={urls}", settings={"DATABASE_URL": ""})
    assert crawl.returncode == 0
    assert sorted(i["article_id"] for i in crawl.items) == sorted(e["article_id"] for e in wanted)
    assert sorted(fresh_replica.requests) == sorted(
        ["/robots.txt"] + [e["canonical_url"].removeprefix(fresh_replica.base_url) for e in wanted]
    )


def test_language_and_section_filters(fresh_replica: ReplicaServer, tmp_path):
    expected = expected_items(fresh_replica.base_url)
    crawl = run_crawl(
        tmp_path / "de",
        f"base_url={fresh_replica.base_url}",
        "lang=de",
        settings={"DATABASE_URL": ""},
    )
    assert sorted(i["article_id"] for i in crawl.items) == sorted(
        e["article_id"] for e in expected if e["language"] == "de"
    )

    crawl = run_crawl(
        tmp_path / "sec",
        f"base_url={fresh_replica.base_url}",
        "sections=economia,Wirtschaft",
        settings={"DATABASE_URL": ""},
    )
    assert sorted(i["article_id"] for i in crawl.items) == sorted(
        e["article_id"] for e in expected if e["section"] in ("Economia", "Wirtschaft")
    )


def test_since_until_keep_only_that_range(fresh_replica: ReplicaServer, tmp_path):
    expected = expected_items(fresh_replica.base_url)
    since, until = "2024-08-01", "2024-10-31"
    crawl = run_crawl(
        tmp_path,
        f"base_url={fresh_replica.base_url}",
        f"since={since}",
        f"until={until}",
        settings={"DATABASE_URL": ""},
    )
    want = sorted(
        e["article_id"]
        for e in expected
        if e["published_at"] and since <= e["published_at"][:10] <= until
    )
    assert want, "the replica must have articles in the range"
    assert sorted(i["article_id"] for i in crawl.items) == want
    assert crawl.stats["skipped/out_of_range"] + crawl.stats.get("discovery/out_of_range", 0) > 0


def _only_line(crawl) -> str:
    """The one line a refused crawl prints: no banner, no usage block, no log; the
    same line is all its LOG_FILE holds (under scrapyd, the job's log is where people
    look)."""
    lines = crawl.log.strip().splitlines()
    assert len(set(lines)) == 1, crawl.log
    return lines[0]


def test_bad_arguments_stop_the_run_with_one_line(tmp_path, fresh_replica: ReplicaServer):
    tried = {
        "since=30.11.2024": "since='30.11.2024': expected an ISO date",
        "lang=fr": "lang='fr': expected one of pt, de, all",
        "base_url=ftp://example.org": "base_url='ftp://example.org': expected an absolute http(s) URL",
        "url=http://127.0.0.2:9/Politica/1-a.html": "not on the crawled site",
        "refresh=maybe": "refresh='maybe': expected 1 or 0",
        "sections=Pol/itica": "sections='Pol/itica': expected names",
        "section=Politik": "section='Politik': unknown argument; known: base_url, lang, refresh,",
        "since=2024-12-01,until=2024-11-30": "since='2024-12-01' is after until='2024-11-30'",
    }
    for argument, message in tried.items():
        base = [] if argument.startswith("base_url") else [f"base_url={fresh_replica.base_url}"]
        crawl = run_crawl(tmp_path, *argument.split(","), *base)
        assert crawl.returncode == 2, argument
        line = _only_line(crawl)
        assert line.startswith("scrapy crawl: error: ") and message in line, line
        assert not crawl.items
    assert fresh_replica.requests == []


def test_scrapyd_arguments_are_accepted(fresh_replica: ReplicaServer, tmp_path):
    wanted = expected_items(fresh_replica.base_url)[0]
    crawl = run_crawl(
        tmp_path, f"url={wanted['canonical_url']}", "_job=abc123", settings={"DATABASE_URL": ""}
    )
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert [i["article_id"] for i in crawl.items] == [wanted["article_id"]]


def test_bad_database_url_stops_the_run(tmp_path, fresh_replica: ReplicaServer):
    crawl = run_crawl(
        tmp_path,
        f"base_url={fresh_replica.base_url}",
        settings={"DATABASE_URL": "mysql://nobody@127.0.0.1/x"},
    )
    assert crawl.returncode == 2
    assert _only_line(crawl).startswith("scrapy crawl: error: DATABASE_URL 'mysql://")
    assert fresh_replica.requests == []  # this test's own requests: none


def test_unknown_section_is_refused_with_the_known_ones(fresh_replica: ReplicaServer, tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    first = run_crawl(
        tmp_path / "first",
        f"base_url={fresh_replica.base_url}",
        "lang=de",
        settings={"DATABASE_URL": db},
    )
    assert first.returncode == 0, first.log[-2000:]
    fresh_replica.clear_log()
    crawl = run_crawl(
        tmp_path / "second",
        f"base_url={fresh_replica.base_url}",
        "sections=Sport",
        settings={"DATABASE_URL": db},
    )
    assert crawl.returncode == 2
    line = _only_line(crawl)
    assert "sections='Sport': unknown section; known: " in line and "Politik" in line, line
    assert fresh_replica.requests == []
    # any case names a known section
    ok = run_crawl(
        tmp_path / "third",
        f"base_url={fresh_replica.base_url}",
        "sections=politik",
        settings={"DATABASE_URL": db},
    )
    assert ok.returncode == 0, ok.log[-2000:]
    rows = db_rows(tmp_path / "a.db")
    assert f"Database holds {len(rows)} articles of 'portugalcolonial'" in ok.log
    # the instants newsscraper records carry their offset in SQLite too
    assert all(r["first_seen"].endswith("+00:00") for r in rows)
    assert all(r["last_seen"].endswith("+00:00") for r in rows)

    # scrapy crawls: the two crawls that ran (the refused one never started), newest first
    listed = _command(tmp_path, "crawls", "--database-url", db, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["arguments"]["sections"] for r in rows] == [["politik"], []]
    assert rows[1]["stored"] == first.stats["store/stored"] > 0
    assert rows[0]["skipped_known"] == ok.stats["incremental/skipped_known"]
    assert all(r["finish_reason"] == "finished" and r["monitors"] == "passed" for r in rows)
    assert all(r["duration_s"] is not None and r["failed"] == 0 for r in rows)
    text = _command(tmp_path, "crawls", "--database-url", db, "-n", "1")
    lines = text.stdout.splitlines()
    assert len(lines) == 2 and lines[0].split()[:3] == ["id", "spider", "started"], text.stdout
    assert lines[1].split()[1] == "portugalcolonial" and "finished / passed" in lines[1]
    missing = _command(tmp_path, "crawls", "--database-url", f"sqlite:///{tmp_path / 'no.db'}")
    assert missing.returncode == 2 and missing.stderr.startswith("scrapy crawls: error: ")


def _command(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=workdir,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_progress_lines_when_asked(fresh_replica: ReplicaServer, tmp_path):
    wanted = expected_items(fresh_replica.base_url)[:3]
    urls = ",".join(e["canonical_url"] for e in wanted)
    settings = {"DATABASE_URL": "", "PROGRESS": "1", "PROGRESS_INTERVAL": "0.2"}
    crawl = run_crawl(tmp_path, f"url={urls}", settings={**settings, "DOWNLOAD_DELAY": "0.5"})
    assert crawl.returncode == 0, crawl.log[-2000:]
    lines = [line for line in crawl.log.splitlines() if "Progress " in line]
    assert lines, crawl.log[-2000:]
    assert re.search(r"Progress \d+:\d\d: \d+ pages, \d+ articles, .* pages/s$", lines[-1])


def _last_line(crawl) -> str:
    return crawl.log.strip().splitlines()[-1]


def test_unreachable_site_exits_4_and_names_the_cause(fresh_replica: ReplicaServer, tmp_path):
    port = fresh_replica.base_url.rsplit(":", 1)[1]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens once the socket is closed
    tried = {
        "http://nosuch.invalid": "nothing could be fetched from nosuch.invalid: DNS lookup failed",
        f"http://127.0.0.1:{closed}": "nothing could be fetched from 127.0.0.1: connection refused",
        f"https://127.0.0.1:{port}": "nothing could be fetched from 127.0.0.1: TLS failed",
    }
    for base_url, message in tried.items():
        crawl = run_crawl(
            tmp_path,
            f"base_url={base_url}",
            settings={"DATABASE_URL": "", "RETRY_TIMES": "0"},
        )
        assert crawl.returncode == 4, crawl.log[-2000:]
        assert _last_line(crawl).startswith(f"scrapy crawl: {message}"), _last_line(crawl)


def test_every_request_failing_exits_4(tmp_path):
    with StaticAnswer(503, b"down for maintenance") as server:
        crawl = run_crawl(
            tmp_path, f"base_url={server.url}", settings={"DATABASE_URL": "", "RETRY_TIMES": "0"}
        )
    assert crawl.returncode == 4, crawl.log[-2000:]
    assert "every request failed: HTTP 503" in _last_line(crawl)


def test_closespider_itemcount_is_a_normal_finish(fresh_replica: ReplicaServer, tmp_path):
    crawl = run_crawl(
        tmp_path,
        f"base_url={fresh_replica.base_url}",
        settings={"DATABASE_URL": "", "CLOSESPIDER_ITEMCOUNT": "1"},
    )
    assert crawl.finish_reason == "closespider_itemcount"
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert crawl.stats["monitors/passed"] is True
    assert _last_line(crawl).startswith("scrapy crawl: closespider_itemcount: ")


def test_a_good_crawl_ends_with_its_outcome(fresh_replica: ReplicaServer, tmp_path):
    wanted = expected_items(fresh_replica.base_url)[0]
    crawl = run_crawl(tmp_path, f"url={wanted['canonical_url']}", settings={"DATABASE_URL": ""})
    assert crawl.returncode == 0
    assert "Progress " not in crawl.log  # stderr is not a terminal: quiet
    assert _last_line(crawl) == (
        "scrapy crawl: finished: 1 article (0 stored, 0 updated, 0 skipped as known); "
        "monitors passed"
    )


def test_crawl_help_lists_the_spider_arguments(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "-h"],
        cwd=tmp_path,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    for name in SPIDER_ARGUMENTS:
        assert f"-a {name}=" in done.stdout
    described = _command(tmp_path, "describe", "portugalcolonial")
    assert described.returncode == 0 and "languages  pt, de" in described.stdout
    for name in SPIDER_ARGUMENTS:
        assert f"\n  {name} " in described.stdout


def test_feed_is_json_lines_in_utf8(fresh_replica: ReplicaServer, tmp_path):
    german = next(e for e in expected_items(fresh_replica.base_url) if e["article_id"] == "711001")
    crawl = run_crawl(tmp_path, f"url={german['canonical_url']}", settings={"DATABASE_URL": ""})
    raw = (tmp_path / "items.jsonl").read_bytes()
    assert b"\\u00" not in raw  # umlauts written as UTF-8, not escaped
    assert all(json.loads(line) for line in raw.decode("utf-8").splitlines())
    assert crawl.returncode == 0
