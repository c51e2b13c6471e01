"""Golden fixtures: each reviewed ``expected.json`` is the specification of its page.

A fixture folder holds ``input.html`` (or ``input.html.gz``), ``meta.json`` (url, the
Content-Type header the server sent) and ``expected.json``. The page is decoded the way
the crawl decodes it (Scrapy's HtmlResponse: header charset, then the page's own
declaration, then detection), so a fixture also pins the charset handling.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse

from newsscraper.discovery import SiteScope, listing_language, page_links
from newsscraper.extraction.page import ArticlePage
from newsscraper.items import ARTICLE_FIELDS, PIPELINE_FIELDS
from newsscraper.sites import get_site

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*/*") if (p / "meta.json").exists())
EXTRACTED_FIELDS = [f for f in ARTICLE_FIELDS if f not in PIPELINE_FIELDS]


def load_case(case: Path) -> tuple[dict, bytes]:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    raw = case / "input.html"
    body = (
        raw.read_bytes() if raw.exists() else gzip.decompress((case / "input.html.gz").read_bytes())
    )
    return meta, body


def extract(case: Path) -> dict:
    """What the crawl reads from the page: an article item, or a listing's links."""
    meta, body = load_case(case)
    headers = {"Content-Type": meta.get("content_type", "text/html")}
    response = HtmlResponse(meta["url"], body=body, headers=headers)
    site = get_site(case.parent.name)
    if meta.get("kind") == "listing":
        parts = urlsplit(response.url)
        scope = SiteScope.of(f"{parts.scheme}://{parts.netloc}")
        language = listing_language(response.url, site) or site.default_language
        found = page_links(response.selector, response.url, site, scope, language)
        return {
            "articles": [
                {
                    "article_id": a.article_id,
                    "url": a.url,
                    "listed_at": a.listed_at.isoformat() if a.listed_at else None,
                }
                for a in found.articles
            ],
            "listings": found.listings,
            "feeds": found.feeds,
            "sitemaps": found.sitemaps,
        }
    return dict(ArticlePage(response.url, response.text, site).to_item())


def is_listing_case(case: Path) -> bool:
    return json.loads((case / "meta.json").read_text(encoding="utf-8")).get("kind") == "listing"


def test_there_are_fixtures_for_every_site_kind():
    assert len(CASES) >= 6, "expected golden fixtures in tests/fixtures/<site>/<case>/"
    assert any(is_listing_case(case) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture(case: Path):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    if is_listing_case(case):
        assert extract(case) == expected
        return
    missing = [f for f in EXTRACTED_FIELDS if f not in expected]
    assert not missing, f"{case.name}/expected.json lacks {missing}"
    got = extract(case)
    for field in EXTRACTED_FIELDS:
        assert got[field] == expected[field], f"{case.name}: field {field!r}"
