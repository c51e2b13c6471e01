"""Story linking: precision and recall on translated copies, and the cost per article.

    python -m benchmarks.stories [--seed 2] [--stories 40] [--batch 25] [--postgres]
    python -m benchmarks.stories --stories 600 --batch 100      # 4,400 copies in 3 days
    python -m benchmarks.stories --stories 600 --batch 100 --without-linking   # baseline

Builds the corpus of ``tests/stories_corpus.py`` (the same story on up to 11 sister sites
in 11 languages, with same-minute same-agency twins, reused archive photos and
republished copies), writes it through ``ArticleStore.write_batch`` in its shuffled
arrival order into a fresh database, then reads back every story id (articles and
aliases) and scores each pair of copies: precision = linked pairs that are one story,
recall = pairs of one story that were linked. Prints the figures and the first false
and missed links. Measures; never fails on a figure.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import sqlalchemy as sa

from benchmarks.machine import machine
from newsscraper.storage import ArticleStore, stories
from newsscraper.storage.schema import article_aliases, articles
from tests.stories_corpus import Copy, build, evaluate

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"


def story_ids(store: ArticleStore) -> dict[str, str | None]:
    """Canonical URL (or alias URL) -> story id, as stored."""
    with store.engine.connect() as conn:
        found = dict(conn.execute(sa.select(articles.c.canonical_url, articles.c.story_id)).all())
        found.update(
            conn.execute(sa.select(article_aliases.c.url, article_aliases.c.story_id)).all()
        )
    return found


def run(url: str, copies: list[Copy], batch: int) -> tuple[dict[str, str | None], float]:
    items = [c.item for c in copies]
    with ArticleStore(url) as store:
        started = time.perf_counter()
        for start in range(0, len(items), batch):
            store.write_batch(items[start : start + batch])
        elapsed = time.perf_counter() - started
        return story_ids(store), elapsed


def report(name: str, copies: list[Copy], url: str, batch: int, show: int) -> None:
    found, elapsed = run(url, copies, batch)
    scores = evaluate(copies, found)
    print(
        f"{name}: {scores.copies} copies of {scores.stories} stories; "
        f"{scores.true_pairs} true pairs, {scores.linked_pairs} linked, "
        f"{scores.correct_pairs} correct"
    )
    print(
        f"{name}: precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"false links {len(scores.false_links)}  missed pairs {len(scores.missed)}"
    )
    print(
        f"{name}: write {elapsed:.2f} s, {1000 * elapsed / len(copies):.2f} ms per article "
        f"(batches of {batch}, linking included)"
    )
    for a, b in scores.false_links[:show]:
        print(f"  false link: {a}  ~  {b}")
    for a, b in scores.missed[:show]:
        print(f"  missed:     {a}  ~  {b}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2, help="corpus seed (tuned on 1)")
    parser.add_argument("--stories", type=int, default=40)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--postgres", action="store_true", help="also on 127.0.0.1:5432")
    parser.add_argument("--show", type=int, default=5, help="false/missed links to print")
    parser.add_argument(
        "--without-linking",
        action="store_true",
        help="store the same copies with linking switched off: the cost of linking",
    )
    args = parser.parse_args()
    print(machine())
    if args.without_linking:
        stories.link = lambda *_args, **_kwargs: {}  # type: ignore[assignment]
    copies = build(args.seed, args.stories)
    with tempfile.TemporaryDirectory() as tmp:
        report("sqlite", copies, f"sqlite:///{Path(tmp) / 'stories.db'}", args.batch, args.show)
    if args.postgres:
        name = f"newsscraper_bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            report("postgresql", copies, url, args.batch, args.show)
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
