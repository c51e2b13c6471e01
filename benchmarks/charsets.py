"""Which fallback decodes a page whose bytes are not in the charset it declares?

    python -m benchmarks.charsets [--articles 300]

The replica's article pages (hand-written and synthetic, Portuguese and German) are
re-encoded in Latin-1 with their charset declaration removed, as on a misconfigured
server, and decoded by each candidate; a page counts as right when the text equals the
original. Prints pages right and milliseconds per page; judges nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode

from newsscraper.middlewares.charset import decode_fallback
from tests.faultserver import as_latin1
from tests.replica import ARTICLES, build_site, generate_articles


def _normalizer(data: bytes) -> str:
    match = from_bytes(data).best()
    return str(match) if match is not None else ""


CANDIDATES: dict[str, Callable[[bytes], str]] = {
    "charset-normalizer best()": _normalizer,
    "w3lib html_to_unicode, no default": lambda data: html_to_unicode("text/html", data)[1],
    "newsscraper fallback (site languages)": lambda data: decode_fallback(data, None, ("pt", "de"))[
        1
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300, help="synthetic stories added")
    args = parser.parse_args()
    articles = list(ARTICLES) + list(generate_articles(args.articles, 1))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_site(root, "http://127.0.0.1", articles)
        pages = []
        for article in articles:
            encoding = "windows-1252" if article.variant == "legacy" else "utf-8"
            html = (root / article.path.lstrip("/")).read_bytes().decode(encoding)
            data = as_latin1(html, None)
            pages.append((data, data.decode("cp1252")))
    print(f"{len(pages)} pages in Latin-1 without a declared charset")
    for name, decode in CANDIDATES.items():
        start = time.perf_counter()
        right = sum(decode(data) == truth for data, truth in pages)
        per_page = (time.perf_counter() - start) / len(pages) * 1000
        print(f"  {name:40} {right:4d} right ({right / len(pages):.0%}), {per_page:.1f} ms/page")


if __name__ == "__main__":
    main()
