"""HTTP faults against a real ``scrapy crawl`` and a fault-injecting replica (tests/faultserver.py).

Every crawl test asserts the articles in the database and the exit status of the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from newsscraper import exitcodes
from newsscraper.storage.known import SeenSet
from tests.crawling import REPO, Crawl
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


#: Runs ``run_crawl`` in a process of its own, whose only child is the crawl, so that
#: RUSAGE_CHILDREN's ru_maxrss is that crawl's peak RSS (KiB on Linux).
_MEASURED = """
import dataclasses, json, resource, sys
from pathlib import Path
from tests.crawling import run_crawl
workdir, base_url, settings = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
done = run_crawl(workdir, f"base_url={base_url}", settings=settings)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
result = dict(dataclasses.asdict(done), peak_kib=peak)
(workdir / "result.json").write_text(json.dumps(result, default=str), encoding="utf-8")
"""


@dataclass
class Measured:
    crawl: Crawl
    rows: list[dict]
    peak_mb: float

    def __iter__(self) -> Iterator[Any]:
        return iter((self.crawl, self.rows))


def crawl(server: FaultServer, workdir: Path, **settings: str) -> Measured:
    """A real ``scrapy crawl`` of the server into SQLite: what it did, stored and cost."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "articles.db"
    merged = {"DATABASE_URL": f"sqlite:///{db}", **settings}
    subprocess.run(
        [sys.executable, "-c", _MEASURED, str(workdir), server.base_url, json.dumps(merged)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
        timeout=600,
    )
    result = json.loads((workdir / "result.json").read_text(encoding="utf-8"))
    peak = result.pop("peak_kib") / 1024
    done = Crawl(**result)
    return Measured(done, stored(db) if db.exists() else [], peak)


def expected_ids(server: FaultServer) -> list[str]:
    return sorted(item["article_id"] for item in expected_items(server.base_url))


def stored_ids(rows: list[dict]) -> list[str]:
    """Article ids stored, the republished story counted as its first publication (which
    copy a crawl meets first depends on timing; only one may be stored)."""
    kept, republished = DUPLICATE_IDS
    return sorted(kept if r["article_id"] == republished else r["article_id"] for r in rows)


@pytest.mark.crawl
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


def victims(server: FaultServer, count: int) -> list[str]:
    """Ids of ``count`` ordinary listed Portuguese articles with accents in their text: pages
    the crawl reaches for sure and whose text shows a wrong charset."""
    found = [
        a.article_id
        for a in server.articles
        if a.discovery == "listed"
        and a.language == "pt"
        and a.variant != "broken"
        and a.article_id not in DUPLICATE_IDS
        and any(letter in " ".join(a.paragraphs) for letter in "ãçõ")
    ]
    assert len(found) >= count, "the replica has too few such articles"
    return found[:count]


def path_of(server: FaultServer, article_id: str) -> str:
    return next(a.path for a in server.articles if a.article_id == article_id)


@pytest.mark.crawl
def test_oversized_pages_are_refused_counted_and_cheap(faults: FaultServer, tmp_path: Path):
    bomb, huge, unsized = victims(faults, 3)
    faults.spoil(path_of(faults, bomb), "gzip_bomb")
    faults.spoil(path_of(faults, huge), "huge")
    faults.spoil(path_of(faults, unsized), "huge_unsized")
    measured = crawl(faults, tmp_path)
    done, rows = measured
    print(f"gzip bomb + 20 MB pages: peak RSS of the crawl {measured.peak_mb:.0f} MB")
    # A crawl of the replica peaks at ~120 MB; with Scrapy's default 1 GiB limit the bomb
    # alone took 11.3 GB. The limits leave each page's cost at a few MB.
    assert measured.peak_mb < 600
    assert faults.served == {"gzip_bomb": 1, "huge": 1, "huge_unsized": 1}, "refused, not retried"
    assert done.stats.get("limits/too_large/decompressed") == 1, done.log[-3000:]
    assert done.stats.get("limits/too_large/download") == 2, done.log[-3000:]
    assert stored_ids(rows) == sorted(set(expected_ids(faults)) - {bomb, huge, unsized})
    assert done.returncode == exitcodes.OK, done.log[-3000:]


@pytest.mark.crawl
def test_wrong_charsets_truncation_and_mangled_text_are_fixed_or_flagged(
    faults: FaultServer, tmp_path: Path
):
    as_utf8, undeclared, unclosed, short, short_once, mangled = victims(faults, 6)
    for victim, fault in [
        (as_utf8, "latin1_as_utf8"),
        (undeclared, "latin1_undeclared"),
        (unclosed, "unclosed"),
        (short, "short_read"),
        (mangled, "mangled"),
    ]:
        faults.spoil(path_of(faults, victim), fault)
    faults.spoil(path_of(faults, short_once), "short_read", times=1)
    done, rows = crawl(faults, tmp_path)
    assert done.returncode == exitcodes.OK, done.log[-3000:]
    assert stored_ids(rows) == expected_ids(faults), done.log[-3000:]  # nothing lost
    stats, row = done.stats, {r["article_id"]: r for r in rows}
    want = {i["article_id"]: i for i in expected_items(faults.base_url)}

    # Latin-1 declared UTF-8, and Latin-1 declared nowhere: decoded as the site's cp1252
    for victim in (as_utf8, undeclared):
        assert row[victim]["body"] == want[victim]["body"]
        assert row[victim]["headline"] == want[victim]["headline"]
    assert stats["charset/fallback/utf-8->cp1252"] == 1
    assert stats["charset/fallback/undeclared->cp1252"] == 1

    # text the site itself mangled cannot be repaired: it is counted
    assert "\ufffd" in row[mangled]["body"]
    assert stats["integrity/replacement_char_items"] == 1
    assert stats["integrity/replacement_char/body"] >= 1

    # cut short: a short read is fetched again once; then, as a page that ends
    # mid-document, kept and flagged partial
    assert faults.served["short_read"] == 3  # twice for one page, once for the other
    assert stats["retry/reason_count/partial/dataloss"] == 2
    assert stats["integrity/partial/dataloss"] == 1
    assert row[short]["partial"] and row[unclosed]["partial"]
    assert not row[short_once]["partial"]
    assert row[short_once]["body"] == want[short_once]["body"]
    assert len(row[unclosed]["body"]) < len(want[unclosed]["body"])
    # the replica's "broken" page has no </body> either: also flagged
    broken = {a.article_id for a in faults.articles if a.variant == "broken"}
    assert {i for i, r in row.items() if r["partial"]} == {short, unclosed} | broken
    assert stats["integrity/partial/unclosed"] == 1 + len(broken)


def test_seen_set_is_exact_and_its_bloom_filter_keeps_its_error_rate():
    """No key is ever reported seen that was not added (so no article is skipped for a
    false positive), and the Bloom filter's false positives stay near the rate it was
    sized for, so exact lookups stay rare."""
    seen = SeenSet(capacity=20_000, error_rate=0.01)
    try:
        for i in range(20_000):
            seen.add(f"https://example.com/{i}.html")
        assert len(seen) == 20_000
        assert all(f"https://example.com/{i}.html" in seen for i in range(0, 20_000, 7))
        strangers = [f"https://example.com/new/{i}.html" for i in range(20_000)]
        assert not any(key in seen for key in strangers)
        rate = sum(key.encode() in seen.bloom for key in strangers) / len(strangers)
        assert rate < 0.02, f"false-positive rate {rate:.2%}"
        seen.set(b"fingerprint", b"url")
        assert seen.get(b"fingerprint") == b"url" and seen.get(b"other") is None
    finally:
        seen.close()
