"""Monitors: a crawl whose data went bad fails where people and scripts look.

Real crawls of the replica, healthy and degraded (photo credits and dates gone, as
after a markup change), checked in the exit status, the stats file, the log and the
``crawls`` row.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterator

import jsonschema
import pytest
import sqlalchemy as sa

from newsscraper.items import ARTICLE_FIELDS
from newsscraper.schemas import ARTICLE_SCHEMA
from tests.crawling import FAST, run_crawl, scrapy_env
from tests.replica import ARTICLES, ReplicaServer

pytestmark = pytest.mark.crawl


def degraded() -> tuple:
    """The site after a redesign that lost photo credits and every date."""

    def strip(article):
        photo = dataclasses.replace(article.photo, credit="") if article.photo else None
        extra = tuple(dataclasses.replace(p, credit="") for p in article.extra_photos)
        return dataclasses.replace(
            article, photo=photo, extra_photos=extra, published=None, modified=None
        )

    return tuple(strip(a) for a in ARTICLES)


@pytest.fixture(scope="module")
def broken_site() -> Iterator[ReplicaServer]:
    with ReplicaServer(articles=degraded()) as server:
        yield server


def crawl_row(db) -> dict:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM crawls ORDER BY id DESC")).first()
    engine.dispose()
    return dict(row._mapping)


def smoke(base_url: str, tmp_path, *extra: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "smoke",
        "portugalcolonial",
        "-n",
        "8",
        "-a",
        f"base_url={base_url}",
        *extra,
    ]
    for key, value in FAST.items():
        if key != "LOG_LEVEL":
            command += ["-s", f"{key}={value}"]
    return subprocess.run(
        command,
        cwd=tmp_path,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_schema_names_every_field():
    assert list(ARTICLE_SCHEMA["properties"]) == list(ARTICLE_FIELDS)
    assert ARTICLE_SCHEMA["required"] == list(ARTICLE_FIELDS)


def test_healthy_crawl_passes_and_says_so(replica: ReplicaServer, tmp_path):
    db = tmp_path / "a.db"
    crawl = run_crawl(
        tmp_path, f"base_url={replica.base_url}", settings={"DATABASE_URL": f"sqlite:///{db}"}
    )
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert crawl.stats["monitors/passed"] is True
    assert crawl.stats["monitors/failed"] == []
    assert "Monitors passed" in crawl.log
    assert crawl_row(db)["monitors"] == "passed"
    validator = jsonschema.Draft7Validator(ARTICLE_SCHEMA)
    for item in crawl.items:
        assert not list(validator.iter_errors(item)), item["url"]
    assert crawl.stats["spidermon/validation/items"] == len(crawl.items)
    assert "spidermon/validation/items/errors" not in crawl.stats


def test_site_that_lost_credits_and_dates_fails_visibly(broken_site: ReplicaServer, tmp_path):
    db = tmp_path / "a.db"
    crawl = run_crawl(
        tmp_path, f"base_url={broken_site.base_url}", settings={"DATABASE_URL": f"sqlite:///{db}"}
    )
    assert crawl.items, "the crawl itself still works"
    # exit status, for cron and the schedule script
    assert crawl.returncode == 3
    last = crawl.log.strip().splitlines()[-1]
    assert last.startswith("scrapy crawl: finished: ") and "; monitors FAILED: " in last
    # stats (and so STATS_FILE)
    assert crawl.stats["monitors/passed"] is False
    assert "Article crawl/field coverage above the floors" in crawl.stats["monitors/failed"]
    summary = crawl.stats["monitors/summary"]
    assert "published_at 0/" in summary and "photo_credit 0/" in summary
    # the log and the crawls row
    assert "Monitors FAILED" in crawl.log
    row = crawl_row(db)
    assert row["monitors"] == "failed" and row["finish_reason"] == "finished"
    stats = row["stats"] if isinstance(row["stats"], dict) else json.loads(row["stats"])
    assert stats["monitors/passed"] is False


def test_incremental_crawl_that_finds_nothing_new_passes(replica: ReplicaServer, tmp_path):
    settings = {"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    assert (
        run_crawl(tmp_path / "1", f"base_url={replica.base_url}", settings=settings).returncode == 0
    )
    again = run_crawl(tmp_path / "2", f"base_url={replica.base_url}", settings=settings)
    assert again.items == [] and again.stats["incremental/skipped_known"] > 0
    assert again.returncode == 0 and again.stats["monitors/passed"] is True


def test_empty_crawl_fails(tmp_path, replica: ReplicaServer):
    crawl = run_crawl(
        tmp_path, f"base_url={replica.base_url}", "sections=Desporto", settings={"DATABASE_URL": ""}
    )
    assert crawl.items == [] and crawl.returncode == 3
    assert "Article crawl/articles were found" in crawl.stats["monitors/failed"]


def test_smoke_reports_fields_and_passes_on_a_healthy_site(replica: ReplicaServer, tmp_path):
    done = smoke(replica.base_url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "portugalcolonial: 8 newest articles" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("OK")
    assert not list(tmp_path.iterdir()), "smoke must write nothing (no database, no feed)"


def test_smoke_fails_below_the_floors(broken_site: ReplicaServer, tmp_path):
    done = smoke(broken_site.base_url, tmp_path)
    assert done.returncode == 3
    low = {line.split()[0] for line in done.stdout.splitlines() if line.endswith("LOW")}
    assert low == {"published_at", "photo_credit"}
    assert done.stdout.splitlines()[-1].startswith("FAIL")


def test_smoke_rejects_bad_input(replica: ReplicaServer, tmp_path):
    done = smoke(replica.base_url, tmp_path, "-a", "lang=xx")
    assert done.returncode == 2
    assert done.stderr.strip() == "scrapy smoke: error: lang='xx': expected one of pt, de, all"
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "smoke", "nosuchspider"],
        cwd=tmp_path,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    line = done.stderr.strip()
    assert line.startswith("scrapy smoke: error: spider 'nosuchspider' not found; known: ")
    assert "portugalcolonial" in line and "\n" not in line
