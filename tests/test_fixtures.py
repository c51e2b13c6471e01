"""Golden fixtures: each reviewed ``expected.json`` is the specification of its page.

A fixture folder holds ``input.html`` (or ``input.html.gz``), ``meta.json`` (url, the
Content-Type header the server sent) and ``expected.json``. The page is decoded the way
the crawl decodes it (Scrapy's HtmlResponse: header charset, then the page's own
declaration, then detection), so a fixture also pins the charset handling, and read by
the crawl's own path (``read_page``).

One test per (fixture, field): every wrong field is reported, not only the first.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse

from newsscraper.discovery import SiteScope, listing_language, page_links
from newsscraper.extraction.page import read_page
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
    return dict(read_page(response.url, response.text, site).item)


def is_listing_case(case: Path) -> bool:
    return json.loads((case / "meta.json").read_text(encoding="utf-8")).get("kind") == "listing"


def expected_of(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


@cache
def extracted(case: Path) -> dict:
    """Each fixture is read once, however many fields are compared."""
    return extract(case)


def _field_cases() -> list[tuple[Path, str]]:
    pairs = []
    for case in CASES:
        fields = sorted(expected_of(case)) if is_listing_case(case) else EXTRACTED_FIELDS
        pairs += [(case, field) for field in fields]
    return pairs


FIELD_CASES = _field_cases()


def test_there_are_fixtures_for_every_site_kind():
    assert len(CASES) >= 6, "expected golden fixtures in tests/fixtures/<site>/<case>/"
    assert any(is_listing_case(case) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture_is_complete(case: Path):
    """expected.json names every field (a listing: exactly what a listing yields)."""
    expected = expected_of(case)
    if is_listing_case(case):
        assert set(expected) == set(extracted(case))
        return
    missing = [f for f in EXTRACTED_FIELDS if f not in expected]
    assert not missing, f"{case.name}/expected.json lacks {missing}"
    assert set(extracted(case)) == set(EXTRACTED_FIELDS)


@pytest.mark.parametrize(
    ("case", "field"),
    FIELD_CASES,
    ids=[f"{c.parent.name}/{c.name}:{f}" for c, f in FIELD_CASES],
)
def test_fixture_field(case: Path, field: str):
    expected = expected_of(case)
    assert field in expected, f"{case.name}/expected.json lacks {field!r}"
    assert extracted(case)[field] == expected[field]


#: Fixtures that exist to pin one rule: the rule must be the one that filled the field.
PINNED_RULES = {
    "portugalcolonial/adv-jsonld-authors-opinion-pt": {"authors": "jsonld"},
    "portugalcolonial/adv-credit-printed-below-text-de": {"photo_credit": "text:credit"},
    "portugalcolonial/seed-de-img-title": {"authors": "signature", "byline": "text:signature"},
}


@pytest.mark.parametrize("name", sorted(PINNED_RULES))
def test_fixture_rules(name: str):
    case = FIXTURES / name
    meta, body = load_case(case)
    headers = {"Content-Type": meta.get("content_type", "text/html")}
    response = HtmlResponse(meta["url"], body=body, headers=headers)
    rules = read_page(response.url, response.text, get_site(case.parent.name)).rules
    assert {field: rules.get(field) for field in PINNED_RULES[name]} == PINNED_RULES[name]
