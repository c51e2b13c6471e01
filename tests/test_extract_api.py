"""``from newsscraper import extract``: the crawl's own extraction, for any page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

import newsscraper
from newsscraper import extract
from newsscraper.extraction.page import MAX_HTML_CHARS, PageTooBig, read_page
from newsscraper.items import ARTICLE_FIELDS
from newsscraper.sites import GENERIC, get_site
from tests.crawling import run_crawl
from tests.replica import ReplicaServer

FIXTURES = Path(__file__).parent / "fixtures" / "portugalcolonial"
SEED = FIXTURES / "seed-de-img-title"
FIELDS = set(ARTICLE_FIELDS) - {"scraped_at"}


def seed() -> tuple[str, bytes, dict]:
    meta = json.loads((SEED / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    return meta["url"], (SEED / "input.html").read_bytes(), expected


def test_extract_gives_the_items_fields_without_scraped_at():
    url, raw, expected = seed()
    article = extract(raw.decode("utf-8"), url, site="portugalcolonial")
    assert isinstance(article, dict) and set(article) == FIELDS
    assert article == {field: expected[field] for field in FIELDS}


def test_the_site_may_be_a_profile_a_name_or_bytes_may_be_given():
    url, raw, expected = seed()
    by_name = extract(raw, url, site="portugalcolonial")  # bytes: decoded as the crawl does
    by_profile = extract(raw.decode("utf-8"), url, site=get_site("portugalcolonial"))
    assert by_name == by_profile
    assert by_name["headline"] == expected["headline"]


def test_the_spider_and_extract_share_one_path():
    """read_page is what the spider calls: the same item, and the rules it counts."""
    url, raw, expected = seed()
    response = HtmlResponse(url, body=raw, headers={"Content-Type": "text/html; charset=utf-8"})
    extraction = read_page(response.url, response.text, get_site("portugalcolonial"))
    assert {f: extraction.item[f] for f in FIELDS} == extract(raw, url, "portugalcolonial")
    assert extraction.rules["byline"] == "text:signature"


def test_lazy_attribute_and_unknown_names():
    assert newsscraper.extract is extract
    with pytest.raises(AttributeError):
        _ = newsscraper.no_such_thing


GENERIC_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Storm closes the harbour - The Coastal Herald</title>
<meta property="og:site_name" content="The Coastal Herald">
<meta property="article:published_time" content="2024-11-30 07:41:00">
</head><body><header><a href="/">The Coastal Herald</a></header>
<article><h1>Storm closes the harbour</h1>
<p>A winter storm closed the harbour on Saturday, and the ferries stayed in port while
waves broke over the northern pier for most of the afternoon.</p>
<p>The harbour master said the port would open again on Sunday morning if the wind
dropped below gale force overnight, as the forecasts expected.</p>
<p>Fishermen tied their boats twice over; one trawler that came in late was guided
through the gap by the pilot boat, its crew said.</p>
<p>Portugal Colonial - this line only names another site.</p>
</article></body></html>"""


def test_generic_profile_assumes_nothing_of_any_cms():
    article = extract(GENERIC_PAGE, "https://herald.example/2024/11/30/storm.html")
    assert article["site"] == GENERIC.name
    assert article["headline"] == "Storm closes the harbour"
    assert article["language"] == "en"
    assert article["body"].startswith("A winter storm closed the harbour")
    # a naive time on a site of unknown zone is not read as Lisbon time
    assert article["published_raw"] == "2024-11-30 07:41:00"
    assert article["published_at"] is None
    assert "Portugal Colonial - this line" in article["body"]


def test_a_microdata_headline_is_read_as_printed():
    """Tried: ``itemprop=headline`` on an ``<h1>`` of three spans, a kicker, a hidden
    ": " and the title, with no space between them (as taz prints it): the text nodes
    joined with spaces gave "Tram line : Council approves …"."""
    page = GENERIC_PAGE.replace(
        "<h1>Storm closes the harbour</h1>",
        '<h1 itemprop="headline"><span class="kicker">Winter</span><span class="hide">: '
        "</span><span>Storm closes the harbour</span></h1>",
    )
    assert page != GENERIC_PAGE
    article = extract(page, "https://herald.example/2024/11/30/storm.html")
    assert article["headline"] == "Winter: Storm closes the harbour"


def test_generic_profile_reads_any_signature_code():
    page = GENERIC_PAGE.replace(
        "<p>Portugal Colonial - this line only names another site.</p>",
        "<p>Α.Παπαδόπουλος/J.Pereira--AN</p>",
    )
    article = extract(page, "https://herald.example/storm.html")
    assert article["byline"] == "Α.Παπαδόπουλος/J.Pereira--AN"
    assert article["authors"] == ["Α.Παπαδόπουλος", "J.Pereira"]


def test_bad_arguments_get_clear_errors():
    with pytest.raises(LookupError, match="unknown site 'nosuchsite'"):
        extract("<p>x</p>", "https://a.example/x", site="nosuchsite")
    with pytest.raises(TypeError, match="site must be"):
        extract("<p>x</p>", "https://a.example/x", site=42)
    with pytest.raises(TypeError, match="html must be"):
        extract(None, "https://a.example/x")
    with pytest.raises(TypeError, match="url"):
        extract("<p>x</p>", "")


def test_a_page_too_big_to_be_an_article_is_refused_unread():
    huge = "<html><body><p>" + "x" * MAX_HTML_CHARS + "</p></body></html>"
    with pytest.raises(PageTooBig, match="more than an article page"):
        extract(huge, "https://a.example/x.html")


ARTICLE_PAGE = """<!doctype html><html lang="pt"><head><meta charset="utf-8">
<title>Portugal Colonial - Chuva regressa ao Alentejo</title></head><body><article>
<h1>Chuva regressa ao Alentejo</h1>
<p>A chuva regressou ao Alentejo no sábado, depois de um verão seco que deixou as
barragens da região abaixo de metade da sua capacidade, segundo as autoridades.</p>
<p>Os agricultores saudaram a chuva, mas avisaram que será precisa muito mais para
repor as reservas de água antes da primavera, disse a associação do setor.</p>
<p>A.Seabra--PC</p></article></body></html>"""


def test_the_crawl_counts_a_page_too_big_and_goes_on(tmp_path):
    """A real crawl: the big page is skipped with a counted reason, the other read."""
    root = tmp_path / "site"
    big = root / "Politica" / "800001-grande.html"
    big.parent.mkdir(parents=True)
    filler = "<p>" + "palavra " * 1000 + "</p>\n"
    big.write_text(
        ARTICLE_PAGE.replace(
            "<article>", "<article>" + filler * (MAX_HTML_CHARS // len(filler) + 1)
        ),
        encoding="utf-8",
    )
    (root / "Politica" / "800002-chuva.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    with ReplicaServer(root=root) as server:
        urls = [f"{server.base_url}/Politica/{name}" for name in ("800001-grande.html",)]
        urls.append(f"{server.base_url}/Politica/800002-chuva.html")
        crawl = run_crawl(
            tmp_path / "run",
            f"url={','.join(urls)}",
            settings={"DATABASE_URL": "", "DOWNLOAD_WARNSIZE": "0"},
        )
    assert crawl.stats.get("skipped/too_big") == 1, crawl.log[-2000:]
    assert [item["headline"] for item in crawl.items] == ["Chuva regressa ao Alentejo"]
    assert "more than an article page" in crawl.log
