"""Story linking in real SQLite and PostgreSQL databases (each test makes and drops its own).

The corpus (tests/stories_corpus.py) holds the same stories on many sister sites in many
languages, with decoys that must not link: same-minute same-agency twins, reused archive
photos. Copies are written through ArticleStore as a crawl writes them.
"""

from __future__ import annotations

import json
import multiprocessing
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import product
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from newsscraper.storage import ArticleStore, migrations
from newsscraper.storage.config import create_engine
from newsscraper.storage.records import article_row
from newsscraper.storage.schema import article_aliases, articles, story_members
from newsscraper.storage.stories import (
    THRESHOLD,
    WINDOW,
    Signature,
    _key_ranges,
    plan,
    score,
    signature,
    story_id_for,
)
from tests.crawling import run_crawl
from tests.replica import ReplicaServer
from tests.stories_corpus import Copy, build, evaluate
from tests.test_export import run_export

SEED, STORIES = 3, 14


def write(url: str, items: list[dict[str, Any]], batch: int = 10) -> None:
    with ArticleStore(url) as store:
        for start in range(0, len(items), batch):
            store.write_batch(items[start : start + batch])


def story_ids(url: str) -> dict[str, str | None]:
    """Every stored URL (articles and aliases) -> its story id."""
    with ArticleStore(url) as store, store.engine.connect() as conn:
        found = dict(conn.execute(sa.select(articles.c.canonical_url, articles.c.story_id)).all())
        found.update(
            conn.execute(sa.select(article_aliases.c.url, article_aliases.c.story_id)).all()
        )
    return found


def moved(copies: list[Copy], days: int, host: str) -> list[Copy]:
    """The same copies on other URLs, *days* later: a second, independent run in one
    database (beyond the linking window, so the two runs cannot link)."""
    out = []
    for copy in copies:
        item = dict(copy.item)
        for key in ("url", "canonical_url"):
            item[key] = item[key].replace("https://www.", f"https://{host}.")
        item["published_at"] = (
            datetime.fromisoformat(item["published_at"]) + timedelta(days=days)
        ).isoformat()
        item["fingerprint"] = f"{host}:{item['fingerprint']}"  # else the store makes an alias
        out.append(Copy(item, copy.story, copy.kind))
    return out


def partition(found: dict[str, str | None], copies: list[Copy], host: str) -> set[frozenset[str]]:
    """The groups of copies sharing a story id, URLs written back to ``www.``."""
    groups: dict[str, set[str]] = defaultdict(set)
    for copy in copies:
        url = copy.item["canonical_url"]
        story = found[url]
        assert story is not None, url
        groups[story].add(url.replace(f"https://{host}.", "https://www."))
    return {frozenset(group) for group in groups.values()}


# -- the score, no database ---------------------------------------------------


def test_twins_in_the_same_minute_by_the_same_agency_never_score_a_link() -> None:
    copies = build(5, 12)
    by_story: dict[str, list[Copy]] = defaultdict(list)
    for copy in copies:
        by_story[copy.story].append(copy)
    stories = sorted(by_story)
    checked = 0
    for first, twin in zip(stories[0::2], stories[1::2], strict=True):
        for a in by_story[first]:
            for b in by_story[twin]:
                sa_, sb = signature(a.item), signature(b.item)
                assert score(sa_, sb) < THRESHOLD, (a.item["url"], b.item["url"])
                checked += 1
    assert checked > 100


def test_translations_score_a_link_across_scripts() -> None:
    copies = [c for c in build(5, 12) if c.story.endswith("x000")]
    languages = {c.item["language"] for c in copies}
    assert len(languages) >= 3
    sigs = [signature(c.item) for c in copies]
    linked = sum(score(a, b) >= THRESHOLD for i, a in enumerate(sigs) for b in sigs[i + 1 :])
    pairs = len(sigs) * (len(sigs) - 1) // 2
    assert linked >= 0.8 * pairs


def test_a_key_too_common_around_a_stretch_counts_where_an_earlier_stretch_read_it() -> None:
    """A batch reads as if its stretches were read one after the other, each keeping
    what the previous ones found: a stop key of the second stretch still counts for its
    articles where the first stretch's window reaches, and nowhere else."""
    day = 24 * 60
    first = Signature(minute=10 * day, photo=None, names=frozenset({"lisboa", "porto"}))
    second = Signature(minute=13 * day, photo=None, names=frozenset({"lisboa", "porto", "faro"}))
    groups = plan([first, second])
    assert groups == [[0], [1]]
    stops = [set(), {"w:lisboa", "w:faro"}]
    ranges = _key_ranges([first, second], groups, stops)
    assert (1, "w:porto", 13 * day - WINDOW, 13 * day + WINDOW) in ranges
    assert (1, "w:lisboa", 13 * day - WINDOW, 10 * day + WINDOW) in ranges  # the overlap
    assert not [r for r in ranges if r[:2] == (1, "w:faro")]  # never read
    assert (0, "w:lisboa", 10 * day - WINDOW, 10 * day + WINDOW) in ranges


# -- in the database ----------------------------------------------------------


def test_copies_across_sites_and_languages_share_a_story_and_decoys_do_not(db_url: str) -> None:
    copies = build(SEED, STORIES)
    write(db_url, [c.item for c in copies])
    found = story_ids(db_url)
    assert all(found[c.item["canonical_url"]] for c in copies)  # every article has one
    scores = evaluate(copies, found)
    assert scores.false_links == ()
    assert scores.recall >= 0.9, scores.missed[:5]
    assert {c.kind for c in copies} >= {"republished", "reworded"}
    with ArticleStore(db_url) as store, store.engine.connect() as conn:
        aliases = conn.execute(sa.select(article_aliases.c.url)).scalars().all()
    assert aliases  # word-for-word copies stayed aliases, each with its story


def test_same_stories_whatever_the_order_and_the_crawl_split(db_url: str) -> None:
    """All at once in arrival order, or one site per crawl (a store session each) in
    reverse site order: the same groups, and the same ids (from the earliest member)."""
    copies = build(SEED, STORIES)
    write(db_url, [c.item for c in copies], batch=7)
    later = moved(copies, 60, "mirror")
    by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for copy in reversed(later):
        by_site[copy.item["site"]].append(copy.item)
    for site in sorted(by_site, reverse=True):
        write(db_url, by_site[site], batch=3)
    found = story_ids(db_url)
    first = partition(found, copies, "www")
    assert first == partition(found, later, "mirror")
    # Ids come from the earliest member, so they map across runs too, except where a
    # word-for-word copy arrived first in one run and made the original its alias.
    for group in first:
        kinds = {c.kind for c in copies if c.item["canonical_url"] in group}
        if "republished" in kinds:
            continue
        head = min(
            (c for c in copies if c.item["canonical_url"] in group),
            key=lambda c: (datetime.fromisoformat(c.item["published_at"]), c.item["canonical_url"]),
        ).item["canonical_url"]
        for url in group:
            assert found[url] == story_id_for(head)
            mirror = url.replace("https://www.", "https://mirror.")
            assert found[mirror] == story_id_for(head.replace("https://www.", "https://mirror."))


def _write_sites(url: str, items: list[dict[str, Any]], start: Any) -> int:
    with ArticleStore(url) as store:
        start.wait()
        for offset in range(0, len(items), 4):
            store.write_batch(items[offset : offset + 4])
    return len(items)


def test_two_crawls_writing_at_once_do_not_split_a_story(db_url: str) -> None:
    copies = build(SEED, STORIES)
    sites = sorted({c.item["site"] for c in copies})
    halves = [
        [c.item for c in copies if sites.index(c.item["site"]) % 2 == side] for side in (0, 1)
    ]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(2)
        with context.Pool(2) as pool:
            pool.starmap(_write_sites, [(db_url, half, start) for half in halves])
    later = moved(copies, 60, "mirror")
    write(db_url, [c.item for c in later])  # the same, one writer
    found = story_ids(db_url)
    assert partition(found, copies, "www") == partition(found, later, "mirror")
    assert evaluate(copies, found).false_links == ()


def test_recrawl_keeps_the_story_and_aliases_take_it(store: ArticleStore) -> None:
    copies = build(SEED, 4)
    items = [c.item for c in copies]
    store.write_batch(items)
    original = items[0]
    changed = {**original, "headline": "Corrected headline", "body": original["body"] + " 12345"}
    assert store.write_batch([changed]).updated == 1
    copy = {**original, "url": original["url"] + "?again", "canonical_url": "https://x.test/1"}
    assert store.write_batch([copy]).duplicates == 1  # republished word for word: an alias
    found = story_ids(store.url)
    assert found["https://x.test/1"] == found[original["canonical_url"]] is not None
    with store.engine.connect() as conn:
        members = conn.execute(sa.select(sa.func.count()).select_from(story_members)).scalar()
    assert members == len({c.item["canonical_url"] for c in copies if c.kind != "republished"})


def test_articles_stored_before_stories_get_one_when_the_store_opens(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        assert migrations.migrate(engine, target=5) == 5
        copies = [c for c in build(SEED, 2) if c.story.endswith("x000")][:4]
        now = datetime(2024, 12, 1, tzinfo=UTC)
        rows = [article_row(c.item, now) for c in copies]
        with engine.begin() as conn:  # a v5 database with articles and no story ids
            conn.execute(articles.insert(), rows)
    finally:
        engine.dispose()
    found = story_ids(db_url)  # opening migrates to v6 and links what was there
    assert len({found[c.item["canonical_url"]] for c in copies}) == 1
    assert None not in found.values()


# -- scrapy export --stories ---------------------------------------------------


def make_project(tmp_path: Path) -> Path:
    """A directory scrapy recognizes as the newsscraper project."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "scrapy.cfg").write_text("[settings]\ndefault = newsscraper.settings\n")
    return project


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_export_stories_one_row_per_story(db_url: str, tmp_path: Path, suffix: str) -> None:
    copies = build(SEED, 6)
    write(db_url, [c.item for c in copies])
    found = story_ids(db_url)
    project = make_project(tmp_path)
    result = run_export(project, "--stories", "-o", f"stories.{suffix}", "--database-url", db_url)
    assert result.returncode == 0, result.stderr
    stories = len(set(found.values()))
    assert result.stdout.startswith(f"wrote {stories} stories to stories.{suffix}")
    path = project / f"stories.{suffix}"
    if suffix == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        rows = pq.read_table(path).to_pylist()
    assert len(rows) == stories
    by_item = {c.item["canonical_url"]: c.item for c in copies}
    for row in rows:
        members = sorted(url for url, story in found.items() if story == row["story_id"])
        assert sorted(row["urls"]) == members
        stored = [by_item[u] for u in members if u in by_item]
        assert set(row["sites"]) == {i["site"] for i in stored}
        assert row["articles"] <= len(members)
        assert set(row["languages"]) <= {i["language"] for i in stored}
    assert max(len(row["languages"]) for row in rows) >= 3  # translations, linked
    site = copies[0].item["site"]
    only = run_export(
        project, "--stories", "-o", "site.jsonl", "--site", site, "--database-url", db_url
    )
    assert only.returncode == 0, only.stderr
    picked = [json.loads(line) for line in (project / "site.jsonl").read_text().splitlines()]
    assert picked and all(site in row["sites"] for row in picked)


def test_export_stories_refuses_versions(tmp_path: Path, sqlite_url: str) -> None:
    write(sqlite_url, [c.item for c in build(SEED, 2)])
    project = make_project(tmp_path)
    args = ["--stories", "--include-versions", "-o", "x.jsonl", "--database-url", sqlite_url]
    result = run_export(project, *args)
    assert result.returncode == 2
    assert "--stories and --include-versions do not mix" in result.stderr
    assert not (project / "x.jsonl").exists()


def test_shuffled_arrival_gives_the_same_ids(tmp_path: Path) -> None:
    """Pure SQLite, two files: arrival order alone never changes a story id."""
    copies = [c for c in build(SEED, 10) if c.kind != "republished"]
    items = [c.item for c in copies]
    urls = [f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db")]
    write(urls[0], items)
    shuffled = list(items)
    random.Random(7).shuffle(shuffled)
    write(urls[1], shuffled, batch=1)
    assert story_ids(urls[0]) == story_ids(urls[1])


def test_a_real_crawl_gives_every_article_a_story_and_links_none_wrongly(
    replica: ReplicaServer, tmp_path: Path
) -> None:
    """The replica's stories are all different (Portuguese and German copy, some in the
    same minute from the same agency), except one republished word for word: after a
    real crawl each article is its own story, and the republished URL joins its story."""
    db = f"sqlite:///{tmp_path / 'crawl.db'}"
    crawl = run_crawl(tmp_path, f"base_url={replica.base_url}", settings={"DATABASE_URL": db})
    assert crawl.returncode == 0, crawl.log[-3000:]
    found = story_ids(db)
    stored = [item["canonical_url"] for item in crawl.items if item["canonical_url"] in found]
    assert stored and all(found[url] for url in stored)
    with ArticleStore(db) as store, store.engine.connect() as conn:
        aliases = conn.execute(sa.select(article_aliases.c.url)).scalars().all()
    assert len(set(found.values())) == len(found) - len(aliases)  # one story per article
    project = make_project(tmp_path)
    result = run_export(project, "--stories", "-o", "stories.jsonl", "--database-url", db)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (project / "stories.jsonl").read_text().splitlines()]
    assert len(rows) == len(found) - len(aliases)
    assert all(row["sites"] == ["portugalcolonial"] for row in rows)
    for alias in aliases:
        assert any(alias in row["urls"] and len(row["urls"]) == 2 for row in rows)


def test_an_article_with_more_keys_than_one_statement_holds_still_finds_its_copy(
    store: ArticleStore,
) -> None:
    """Its key ranges are read in pieces; a member sharing one key with each piece
    shares two with the article."""
    published = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)

    def item(n: int, language: str, body: str, hours: int) -> dict[str, Any]:
        url = f"https://www.example.test/{language}/{n}.html"
        return {
            "url": url,
            "canonical_url": url,
            "site": f"example-{language}",
            "article_id": str(n),
            "language": language,
            "headline": "x",
            "body": body,
            "published_at": (published + timedelta(hours=hours)).isoformat(),
            "fingerprint": f"{language}-{n}",
        }

    many = " ".join("K" + "".join(letters) for letters in product("abcdefg", repeat=3))
    original = item(1, "de", "heute sagte Zzzyzx 4711 mal nein", 0)
    copy = item(2, "en", f"then 4711 of {many} and Zzzyzx", 5)
    assert len(signature(copy).lookup_keys) > 300  # more than one VALUES list (256)
    store.write_batch([original])
    store.write_batch([copy])
    found = story_ids(store.url)
    assert found[copy["canonical_url"]] == found[original["canonical_url"]] is not None
