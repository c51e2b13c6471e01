"""HTTP faults against a real ``scrapy crawl`` and a fault-injecting replica (tests/faultserver.py).

Every test asserts the articles in the database and the exit status of the process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsscraper import exitcodes
from tests.crawling import Crawl, run_crawl
from tests.faultserver import FaultServer
from tests.replica import DUPLICATE_IDS, ERROR_PATH, expected_items

#: The backoff scaled down 10x: 0.1 s first wait, 6 s cap. Seven retries then wait at
#: least 0.5 * (0.1+0.2+0.4+0.8+1.6+3.2+6) = 6.15 s, as 61.5 s cover a 30 s outage.
SCALED_BACKOFF = {"RETRY_BACKOFF_BASE": "0.1", "RETRY_BACKOFF_MAX": "6"}


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def stored(db: Path) -> list[dict]:
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text("SELECT * FROM articles"))]
    finally:
        engine.dispose()


def crawl(server: FaultServer, workdir: Path, **settings: str) -> tuple[Crawl, list[dict]]:
    db = workdir / "articles.db"
    done = run_crawl(
        workdir,
        f"base_url={server.base_url}",
        settings={"DATABASE_URL": f"sqlite:///{db}", **settings},
    )
    return done, stored(db) if db.exists() else []


def expected_ids(server: FaultServer) -> list[str]:
    return sorted(item["article_id"] for item in expected_items(server.base_url))


def stored_ids(rows: list[dict]) -> list[str]:
    """Article ids stored, the republished story counted as its first publication (which
    copy a crawl meets first depends on timing; only one may be stored)."""
    kept, republished = DUPLICATE_IDS
    return sorted(kept if r["article_id"] == republished else r["article_id"] for r in rows)


@pytest.mark.parametrize("kind", ["503", "reset"])
def test_an_outage_mid_crawl_loses_nothing(faults: FaultServer, tmp_path: Path, kind: str):
    faults.outage(3.0, kind=kind, after=15)
    done, rows = crawl(faults, tmp_path, **SCALED_BACKOFF)
    assert faults.served.get(kind, 0) > 0, "the outage never happened"
    assert done.returncode == exitcodes.OK, done.log[-3000:]
    assert stored_ids(rows) == expected_ids(faults), done.log[-3000:]
    assert done.stats["retry/backoff/count"] >= 1
    gave_up = [line for line in done.log.splitlines() if "Gave up retrying" in line]
    assert all(ERROR_PATH in line for line in gave_up), gave_up  # the replica's lasting 500
