"""Extraction alone: pages/s of the page object vs ``trafilatura.extract`` on the same pages.

    python -m benchmarks.extraction --articles 1000 [--profile]

Article pages are read from a built replica (see build_replica) and decoded as Scrapy
does for a ``text/html`` response without a charset (the page's ``<meta>`` decides).
Both extractors then run over the same decoded strings, one after the other, in this
process. ``--profile`` prints where the page object spends its time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from collections.abc import Callable
from pathlib import Path

from scrapy.http import HtmlResponse

from benchmarks.build_replica import built_for, default_root, ensure_replica
from benchmarks.machine import machine
from newsscraper.extraction.page import ArticlePage
from newsscraper.sites.portugalcolonial import SITE

Page = tuple[str, str]  # (url, html)


def load_pages(root: Path, base_url: str, limit: int = 0) -> list[Page]:
    """The replica's article pages (a fixed random sample of ``limit`` of them), decoded."""
    paths = [
        path
        for path in sorted(root.rglob("*.html"))
        if SITE.article("/" + path.relative_to(root).as_posix())
    ]
    if 0 < limit < len(paths):
        paths = sorted(random.Random(0).sample(paths, limit))
    pages = []
    for path in paths:
        url = f"{base_url}/{path.relative_to(root).as_posix()}"
        response = HtmlResponse(url, body=path.read_bytes(), headers={"Content-Type": "text/html"})
        pages.append((url, response.text))
    return pages


def page_object(url: str, html: str) -> object:
    return ArticlePage(url, html, SITE).to_item()


def trafilatura_body(url: str, html: str) -> object:
    import trafilatura

    return trafilatura.extract(html, url=url)


def pages_per_second(extract: Callable[[str, str], object], pages: list[Page]) -> float:
    for url, html in pages[:20]:  # warm up: imports, regex compilation
        extract(url, html)
    started = time.process_time()  # CPU time: other processes on the machine do not count
    for url, html in pages:
        extract(url, html)
    return len(pages) / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extraction",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=1000, help="replica size")
    parser.add_argument("--pages", type=int, default=0, help="a sample of this many pages")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="profile the page object only")
    args = parser.parse_args()
    root = default_root(args.articles, args.seed)
    base_url = str(built_for(root).get("base_url") or "http://127.0.0.1:8080")
    ensure_replica(root, args.articles, base_url, args.seed)
    pages = load_pages(root, base_url, args.pages)
    print(f"machine: {machine()}\n{len(pages)} article pages from {root}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(pages_per_second, page_object, pages)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    compare(pages)


def compare(pages: list[Page]) -> None:
    ours = pages_per_second(page_object, pages)
    theirs = pages_per_second(trafilatura_body, pages)
    print(f"page object (every field):  {ours:8.1f} pages/s")
    print(f"trafilatura.extract (body): {theirs:8.1f} pages/s")
    print(f"page object / trafilatura:  {ours / theirs:8.2f}x (target >= 10x)")


if __name__ == "__main__":
    main()
