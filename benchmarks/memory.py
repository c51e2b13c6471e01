"""Memory of a crawl's per-article state, before and after ``SeenSet``, at 10k and 100k.

    python -m benchmarks.memory [--sizes 10000,100000]

A crawl keeps, for every article, Scrapy's request fingerprint (20 bytes), the spider's
requested id, the dedupe pipeline's URL digest and fingerprint -> URL digests, and, when
the database already holds the site, the known set (id and URL -> dates, fingerprints).
Each size and each implementation runs in a fresh process that fills exactly those
structures the way a crawl does, and prints the growth of its peak RSS (VmHWM) over the
process before filling them: ``python`` (sets and dicts, as before) and ``seenset``.
The whole-crawl figures come from ``python -m benchmarks.run --memory``.

    python -m benchmarks.memory --replay CRAWL.db [--limit 10000]

replays the articles of a crawl's SQLite database, in the order the crawl stored them,
into a fresh store in batches of ``DATABASE_BATCH_SIZE`` (100), and prints per 1,000
articles the largest memory one ``write_batch`` allocated (tracemalloc's peak, so the
story linker's working set), the most stored members one batch's articles were compared
with and the most (article, member) pairs one batch compared, and the CPU seconds so far.
A crawl of the 100k replica stores its articles in sitemap order, which spans the
archive's two years in every batch.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsscraper.storage.known import KnownArticle, KnownSet, SeenSet, digest

REPO = Path(__file__).resolve().parent.parent


def _peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _article(n: int) -> tuple[str, str, str, datetime]:
    article_id = str(800000 + n)
    url = f"http://127.0.0.1:8080/Politica/{article_id}-uma-noticia-sintetica-numero-{n}.html"
    fingerprint = hashlib.sha256(url.encode()).hexdigest()
    return article_id, url, fingerprint, datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n)


def fill(kind: str, size: int) -> list[Any]:
    """The per-article structures of a crawl of ``size`` articles (kept alive)."""
    if kind == "python":
        requests: Any = set()
        ids: Any = set()
        urls: Any = set()
        fingerprints: Any = {}
        by_id: dict[str, KnownArticle] = {}
        by_url: dict[str, KnownArticle] = {}
        known_fps: dict[bytes, bytes] = {}
        for n in range(size):
            article_id, url, fingerprint, when = _article(n)
            requests.add(hashlib.sha1(url.encode()).digest())  # noqa: S324 - Scrapy's
            ids.add(article_id)
            urls.add(digest(url))
            fingerprints[digest(fingerprint)] = digest(url)
            known = KnownArticle(when, when)
            by_id[article_id] = by_url[url] = known
            known_fps[digest(fingerprint)] = digest(url)
        return [requests, ids, urls, fingerprints, by_id, by_url, known_fps]
    requests, ids, urls = SeenSet(), SeenSet(), SeenSet()
    known = KnownSet()
    for n in range(size):
        article_id, url, fingerprint, when = _article(n)
        requests.add(hashlib.sha1(url.encode()).digest())  # noqa: S324 - Scrapy's
        ids.add(article_id)
        urls.add(digest(url))
        known.add(article_id, url, when, when, fingerprint)  # its fingerprints: dedupe's
    return [requests, ids, urls, known]


def child(kind: str, size: int) -> None:
    before = _peak_kib()
    kept = fill(kind, size)
    print(f"{(_peak_kib() - before) / 1024:.1f}", flush=True)
    del kept


def replay(source: Path, limit: int, batch: int = 100) -> None:
    """Write ``source``'s first ``limit`` articles into a new store, ``batch`` at a time."""
    import tempfile
    import time
    import tracemalloc

    from newsscraper.storage import ArticleStore, stories

    held: list[tuple[int, int]] = []
    candidates = stories._Linker._candidates

    def measured(linker: stories._Linker, *args: Any) -> dict[int, list[Any]]:
        found = candidates(linker, *args)
        pairs = [c.row_id for found in found.values() for c in found]
        held.append((len(set(pairs)), len(pairs)))
        return found

    stories._Linker._candidates = measured  # type: ignore[method-assign]
    records: list[dict[str, Any]] = []
    with ArticleStore(f"sqlite:///{source}").open(create=False) as crawled:
        for chunk in crawled.iter_articles():
            records.extend(chunk)
            if len(records) >= limit:
                break
    del records[limit:]
    print(f"{len(records):,} articles of {source}, batches of {batch}")
    print(f"{'articles':>9} {'write_batch peak MiB':>21} {'members':>8} {'pairs':>9} {'CPU s':>6}")
    with tempfile.TemporaryDirectory() as tmp, ArticleStore(f"sqlite:///{tmp}/replay.db") as store:
        tracemalloc.start()
        started, peak = time.process_time(), 0
        for start in range(0, len(records), batch):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            store.write_batch(records[start : start + batch])
            peak = max(peak, tracemalloc.get_traced_memory()[1] - before)
            done = start + batch
            if done % 1000 == 0 or done >= len(records):
                members = max((m for m, _ in held), default=0)
                pairs = max((p for _, p in held), default=0)
                cpu = time.process_time() - started
                shown = min(done, len(records))
                print(f"{shown:>9,} {peak / 2**20:>21.1f} {members:>8,} {pairs:>9,} {cpu:>6.0f}")
                held.clear()
                peak = 0


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.memory",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--replay", type=Path, metavar="CRAWL_DB", help="see above")
    parser.add_argument("--limit", type=int, default=10_000, help="articles to replay")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replay:
        replay(args.replay, args.limit)
        return
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print("growth of peak RSS while filling the per-article state (MB):")
    print(f"{'articles':>10} {'python sets/dicts':>18} {'SeenSet':>8}")
    for size in sizes:
        figures = []
        for kind in ("python", "seenset"):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.memory", "--child", kind, str(size)],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            )
            figures.append(float(done.stdout.strip()))
        print(f"{size:>10,} {figures[0]:>18.1f} {figures[1]:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
