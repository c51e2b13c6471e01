"""The five replica sister sites (Latin, Greek, Cyrillic, CJK, Arabic) crawled for real:
each by its own spider into one database, then all at once by ``network`` beside a dead
host and a host that never answers."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from newsscraper.sites import all_sites
from tests.crawling import Crawl, run_crawl
from tests.replica.network import SISTERS, NetworkReplica, expected_items

pytestmark = pytest.mark.crawl

#: Every field the replica knows the truth of; all must come out right.
FIELDS = (
    "canonical_url",
    "site",
    "article_id",
    "language",
    "section",
    "headline",
    "lead",
    "body",
    "byline",
    "authors",
    "photo_url",
    "photo_caption",
    "photo_credit",
    "published_at",
    "keywords",
)


@pytest.fixture(scope="module")
def network() -> Iterator[NetworkReplica]:
    with NetworkReplica() as replica:
        yield replica


@pytest.fixture(scope="module")
def one_database(network: NetworkReplica, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each sister site crawled by its own spider, one after the other, into one SQLite file."""
    folder = tmp_path_factory.mktemp("sisters")
    database = folder / "network.db"
    for name, base_url in network.base_urls.items():
        crawl = run_crawl(
            folder / name,
            f"base_url={base_url}",
            spider=name,
            settings={"DATABASE_URL": f"sqlite:///{database}"},
        )
        assert crawl.finish_reason == "finished", crawl.log[-3000:]
    return database


def stored(database: Path, site: str) -> dict[str, dict[str, Any]]:
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM articles WHERE site = :s"), {"s": site})
        found = {row.canonical_url: dict(row._mapping) for row in rows}
    engine.dispose()
    for row in found.values():
        for field in ("authors", "keywords"):
            if isinstance(row[field], str):
                row[field] = json.loads(row[field])
    return found


@pytest.mark.parametrize("site", SISTERS)
def test_each_sister_site_crawls_into_one_database_with_every_field_right(
    site: str, network: NetworkReplica, one_database: Path
):
    rows = stored(one_database, site)
    expected = expected_items(site, network.base_urls[site])
    assert sorted(rows) == sorted(e["canonical_url"] for e in expected)
    wrong = [
        (e["canonical_url"].rsplit("/", 1)[-1], field, rows[e["canonical_url"]][field], e[field])
        for e in expected
        for field in FIELDS
        if rows[e["canonical_url"]][field] != e[field]
    ]
    assert wrong == []


# -- many sites in one process ------------------------------------------------------------


def closed_port() -> int:
    """A port of 127.0.0.1 nobody listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def black_hole() -> Iterator[str]:
    """A host that accepts connections and never answers a byte."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def crawl_network(workdir: Path, base_urls: dict[str, str], **settings: str) -> Crawl:
    return run_crawl(
        workdir,
        f"sites={','.join(base_urls)}",
        spider="network",
        settings={
            "DATABASE_URL": "",
            "SITE_BASE_URLS": json.dumps(base_urls),
            "LOG_LEVEL": "DEBUG",
            **settings,
        },
    )


def test_network_crawls_every_site_while_one_is_dead_and_one_never_answers(
    network: NetworkReplica, black_hole: str, tmp_path: Path
):
    network.clear_logs()  # the module's first test crawled these sites too
    live = network.base_urls
    dead = {"parissoir": f"http://127.0.0.1:{closed_port()}", "giornaleroma": black_hole}
    crawl = crawl_network(
        tmp_path,
        live | dead,
        DOWNLOAD_TIMEOUT="40",
        RETRY_TIMES="0",
        RETRY_TRANSIENT_TIMES="0",  # the dead hosts are dead: no backoff to wait through
        CLOSESPIDER_TIMEOUT="180",
    )
    # (Scrapy's RobotsTxtMiddleware logs the dead hosts' errors with a traceback.)
    assert crawl.finish_reason == "finished" and "Spider error" not in crawl.log
    got = {(item["site"], item["canonical_url"]) for item in crawl.items}
    want = {(name, e["canonical_url"]) for name in live for e in expected_items(name, live[name])}
    assert got == want
    stats = crawl.stats
    for name in live:
        assert stats[f"site/{name}/items"] == 3
        assert network.requests(name).count("/robots.txt") == 1  # robots.txt per host
    assert stats["site/parissoir/skipped/DownloadConnectionRefusedError"] >= 1
    assert stats["site/giornaleroma/skipped/DownloadTimeoutError"] >= 1
    assert not any(key.startswith("site/giornaleroma/items") for key in stats)
    # Not held up: every live site's articles were scraped before the silent host's
    # first timeout was even logged.
    lines = crawl.log.splitlines()
    last_item = max(i for i, line in enumerate(lines) if "Scraped from <200" in line)
    first_timeout = min(
        (i for i, line in enumerate(lines) if black_hole in line and "took longer" in line),
        default=len(lines),
    )
    assert last_item < first_timeout


def test_network_refuses_an_unknown_site(tmp_path: Path):
    """Tried: one known and one unknown site; refused before Scrapy starts, in one line
    that lists the known sites, with the configuration status."""
    crawl = run_crawl(tmp_path, "sites=athensnews,nosuchsite", spider="network")
    assert crawl.returncode == 2
    assert "Traceback" not in crawl.log
    lines = [line for line in crawl.log.splitlines() if "nosuchsite" in line]
    assert lines  # on stderr, and copied to the log file
    for line in lines:
        assert line.endswith(
            "scrapy crawl: error: sites='nosuchsite': expected some of "
            + (", ".join(site.name for site in all_sites()))
        )
