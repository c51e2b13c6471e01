"""Writes a static replica of N synthetic articles for the benchmarks; nginx serves it as is.

    python -m benchmarks.build_replica --articles 10000 --base-url http://127.0.0.1:8080 DIR

The pages come from the test replica (``tests.replica``): home, section listings with
pagination, sitemap, RSS, robots.txt and article pages in the four markup variants. Absolute
URLs (sitemap, canonical links) name ``base_url``, so a replica is built for one port. A
directory built before for the same articles, seed, URL and generator code is reused.

Listing pages hold ``PAGE_SIZE`` teasers, as a news site's section page does. The test
replica's 3 (pagination with a handful of stories) would not do here: its numbered
pagination links every page from every page, so a 100k replica would hold 5,555 links on
each of 16,667 pages (gigabytes of HTML, and a crawl quadratic in the archive's size).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

from tests.replica import build_site, generate_articles

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "newsscraper-bench"
_STAMP = ".replica.json"
PAGE_SIZE = 30


def default_root(articles: int, seed: int = 0) -> Path:
    return CACHE / f"replica-{articles}-seed{seed}"


def _stamp(articles: int, seed: int, base_url: str) -> dict[str, object]:
    code = hashlib.sha256()
    for path in sorted((REPO / "tests" / "replica").glob("*.py")):
        code.update(path.read_bytes())
    return {
        "articles": articles,
        "seed": seed,
        "base_url": base_url,
        "page_size": PAGE_SIZE,
        "code": code.hexdigest(),
    }


def built_for(root: Path) -> dict[str, object]:
    """What ``root`` was built with ({} when it was not)."""
    try:
        return json.loads((root / _STAMP).read_text())
    except (OSError, ValueError):
        return {}


def ensure_replica(root: Path, articles: int, base_url: str, seed: int = 0) -> float:
    """Build the replica into ``root`` unless it is there already; seconds spent building."""
    stamp = _stamp(articles, seed, base_url)
    if built_for(root) == stamp:
        return 0.0
    started = time.perf_counter()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    build_site(root, base_url, articles=generate_articles(articles, seed), page_size=PAGE_SIZE)
    (root / _STAMP).write_text(json.dumps(stamp))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.build_replica",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("root", type=Path, nargs="?", help="default: under " + str(CACHE))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--base-url", default="http://127.0.0.1:8080")
    args = parser.parse_args()
    root = args.root or default_root(args.articles, args.seed)
    seconds = ensure_replica(root, args.articles, args.base_url.rstrip("/"), args.seed)
    done = f"built in {seconds:.1f} s" if seconds else "already built"
    print(f"{args.articles} articles for {args.base_url} in {root} ({done})")


if __name__ == "__main__":
    main()
