"""The page object on bad and unusual input: never a crash, never a half-wrong field."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newsscraper.extraction.page import ArticlePage
from newsscraper.items import ARTICLE_FIELDS, PIPELINE_FIELDS
from newsscraper.sites import get_site

SITE = get_site("portugalcolonial")
URL = "https://www.portugalcolonial.pt/de/Politik/712001-test.html"


def item_for(body: bytes | str, content_type: str = "text/html; charset=utf-8", url: str = URL):
    raw = body.encode("utf-8") if isinstance(body, str) else body
    response = HtmlResponse(url, body=raw, headers={"Content-Type": content_type})
    return ArticlePage(response.url, response.text, SITE).to_item()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x00\xff\xfe garbage \x89PNG",
        b"<html>",
        b"<html><body></body></html>",
        b'{"json": "not html"}',
        b"<div>" * 3000 + b"deep" + b"</div>" * 10,
        b"<script type='application/ld+json'>{broken json</script><h1>T</h1>",
        b'<script type=\'application/ld+json\'>[1, "x", null, {"@type": 5}]</script>',
        b"<meta property='article:published_time' content='not a date'><p>x</p>",
        b"<img src='data:image/png;base64,AAAA'><img><img src=''>",
        b"<link rel=canonical href='javascript:alert(1)'><title>Portugal Colonial</title>",
    ],
    ids=[
        "empty",
        "binary",
        "unclosed",
        "empty-body",
        "json",
        "deep",
        "bad-jsonld",
        "odd-jsonld",
        "bad-date",
        "odd-images",
        "odd-canonical",
    ],
)
def test_bad_pages_give_an_item_without_body_and_no_crash(body):
    item = item_for(body)
    assert set(item) == set(ARTICLE_FIELDS) - PIPELINE_FIELDS
    assert item["body"] is None and item["lead"] is None and item["fingerprint"] is None
    assert item["canonical_url"].startswith("https://www.portugalcolonial.pt/")


def test_wrong_declared_charset_does_not_crash():
    text = "<html><body><h1>Über Öl</h1>" + "<p>Grüße aus München, sagte er heute.</p>" * 20
    item = item_for(text.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert item["body"]  # mis-decoded text still comes out as text
    item = item_for(text.encode("cp1252"), "text/html")  # no charset at all
    assert "Grüße" in item["body"]


UNSEEN = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Portugal Colonial | Bahnstreik legt Fernverkehr lahm</title></head><body>
<div id="wrap"><div class="hdr"><span>Börse</span><span>DAX -0.11% 19189.19</span></div>
<section class="content"><div class="entry">
<div class="entry-head"><span class="kicker">Verkehr</span>
<div class="ttl">Bahnstreik legt Fernverkehr lahm</div>
<div class="when">Dienstag, 5. März 2024 - 06:15 Uhr</div></div>
<div class="pic"><img src="/m/streik.jpg" width="800" height="450" alt="">
<small class="pic-src">Foto: Tobias SCHWARZ/AFP</small></div>
<div class="entry-text">
<div class="t">Ein Streik der Lokführergewerkschaft GDL hat am Dienstag den Fernverkehr der Deutschen Bahn weitgehend lahmgelegt. Nur etwa jeder fünfte Zug fuhr nach Angaben des Konzerns.</div>
<div class="t">Textgröße:</div>
<div class="t">Auch im Regionalverkehr kam es zu erheblichen Ausfällen. Pendler mussten auf Busse und Autos ausweichen, auf den Straßen bildeten sich lange Staus.</div>
<div class="t">Die Gewerkschaft fordert eine Verkürzung der Wochenarbeitszeit bei vollem Lohnausgleich. Die Bahn lehnt das ab.</div>
<div class="t">C.Weber/T.Braun--PC</div></div>
<div class="more"><b>Lesen Sie auch</b><a href="/de/Wirtschaft/712002-x.html">Lufthansa streicht Flüge</a></div>
</div></section></div></body></html>"""


def test_unseen_layout_still_yields_every_field():
    item = item_for(
        UNSEEN, url="https://www.portugalcolonial.pt/de/Wirtschaft/712003-bahnstreik.html"
    )
    assert item["headline"] == "Bahnstreik legt Fernverkehr lahm"
    assert item["lead"].startswith("Ein Streik der Lokführergewerkschaft GDL")
    assert item["body"].count("\n\n") == 2 and "Textgröße" not in item["body"]
    assert item["body"].endswith("Die Bahn lehnt das ab.")
    assert (item["byline"], item["authors"]) == ("C.Weber/T.Braun--PC", ["C.Weber", "T.Braun"])
    assert item["photo_url"] == "https://www.portugalcolonial.pt/m/streik.jpg"
    assert item["photo_credit"] == "Tobias SCHWARZ/AFP"
    assert item["published_at"] == "2024-03-05T06:15:00+00:00"
    assert (item["language"], item["section"]) == ("de", "Wirtschaft")


# -- generic metadata: headline without any site name, authors from any source ---------

GENERIC_URL = "https://www.wochenblatt.example/lokales/kim-sagt-zu.html"
TEXT = "<p>" + "Der Gemeinderat hat am Dienstag den neuen Haushalt beschlossen. " * 4 + "</p>"


def generic(head: str, body: str = "", url: str = GENERIC_URL) -> dict:
    from newsscraper import extract

    return extract(f"<html><head>{head}</head><body>{body}{TEXT}</body></html>", url)


@pytest.mark.parametrize(
    ("head", "body", "headline"),
    [
        # og:site_name names the site
        (
            '<meta property="og:site_name" content="Wochenblatt">'
            '<meta property="og:title" content="Haushalt beschlossen – Wochenblatt">',
            "",
            "Haushalt beschlossen",
        ),
        # the title's separator, with the host's name
        ("<title>Haushalt beschlossen :: Wochenblatt</title>", "", "Haushalt beschlossen"),
        ("<title>Wochenblatt | Haushalt beschlossen</title>", "", "Haushalt beschlossen"),
        # the printed headline (<h1>) tells which part is the headline
        (
            "<title>Haushalt beschlossen · Lokales · Der Bote</title>",
            "<h1>Haushalt beschlossen</h1>",
            "Haushalt beschlossen",
        ),
        # the home link names the site
        (
            "<title>Haushalt beschlossen - Der Bote</title>",
            '<a href="/"><img src="/logo.png" alt="Der Bote"></a>',
            "Haushalt beschlossen",
        ),
        # a dash, colon or site-like word inside a headline stays
        (
            '<meta property="og:title" content="EU-Gipfel: Scholz – Macron einig">',
            "",
            "EU-Gipfel: Scholz – Macron einig",
        ),
    ],
    ids=[
        "og-site-name",
        "title-host",
        "title-host-first",
        "h1",
        "home-link",
        "inner-dash",
    ],
)
def test_headline_without_site_name(head, body, headline):
    item = generic(head, body)
    assert item["headline"] == headline


def jsonld(author) -> str:
    import json

    data = {"@type": "NewsArticle", "headline": "Haushalt beschlossen", "author": author}
    data["publisher"] = {"@type": "Organization", "name": "Wochenblatt"}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    ("head", "body", "byline", "authors"),
    [
        (
            jsonld(
                [
                    {"@type": "Person", "name": "Anna Müller"},
                    {"@type": "Organization", "name": "dpa"},
                ]
            ),
            "",
            None,
            ["Anna Müller"],
        ),
        (jsonld({"@type": "Organization", "name": "dpa"}), "", None, ["dpa"]),
        (
            jsonld({"@type": "Person", "name": "Kari Nordmann und Ola Nordmann"}),
            "",
            None,
            ["Kari Nordmann", "Ola Nordmann"],
        ),
        # the publisher named as author counts only when no one else is named
        (
            jsonld("Wochenblatt"),
            "<p class='x'>Von Jan Weber, Redakteur</p>",
            "Von Jan Weber, Redakteur",
            ["Jan Weber"],
        ),
        (jsonld("Wochenblatt"), "", None, ["Wochenblatt"]),
        ('<meta name="author" content="Jane Doe, John Roe">', "", None, ["Jane Doe", "John Roe"]),
        # "reporter" after the name, as Korean and Japanese pages print it
        ('<meta name="author" content="신현주 기자">', "", None, ["신현주"]),
        (
            '<meta name="byl" content="By Jane Doe and John Roe">',
            "",
            None,
            ["Jane Doe", "John Roe"],
        ),
        ("", '<a rel="author" href="/autor/anna">Anna Müller</a>', None, ["Anna Müller"]),
        (
            "",
            '<span itemprop="author" itemscope><span itemprop="name">Anna Müller</span></span>',
            None,
            ["Anna Müller"],
        ),
        (
            "",
            "<div>Por Maria Silva e João Costa, correspondente em Bruxelas</div>",
            "Por Maria Silva e João Costa, correspondente em Bruxelas",
            ["Maria Silva", "João Costa"],
        ),
        ("", "<div>Par Jean Dupont</div>", "Par Jean Dupont", ["Jean Dupont"]),
        (
            "",
            "<div>Di Giulia Rossi | 30 novembre 2024</div>",
            "Di Giulia Rossi | 30 novembre 2024",
            ["Giulia Rossi"],
        ),
        (
            "",
            "<div>By Senior Correspondent Jane Doe</div>",
            "By Senior Correspondent Jane Doe",
            ["Jane Doe"],
        ),
        # a sentence that opens with a byline word is no byline
        ("", "<div>Por causa da chuva o jogo foi adiado</div>", None, []),
        ("", "<div>By Monday, the rain had stopped</div>", None, []),
    ],
    ids=[
        "jsonld-person-not-org",
        "jsonld-org-alone",
        "jsonld-und",
        "publisher-loses-to-byline",
        "publisher-alone",
        "meta-author",
        "meta-author-ko-suffix",
        "meta-byl",
        "rel-author",
        "microdata",
        "byline-pt-role",
        "byline-fr",
        "byline-it-date",
        "byline-role-first",
        "not-a-byline",
        "not-a-byline-en",
    ],
)
def test_authors_from_any_source(head, body, byline, authors):
    item = generic(head, body)
    assert (item["byline"], item["authors"]) == (byline, authors)


def test_the_signature_wins_over_structured_data():
    item = generic(jsonld({"@type": "Person", "name": "Anna Müller"}), "", url=GENERIC_URL)
    assert item["authors"] == ["Anna Müller"]
    page = GENERIC_URL
    from newsscraper import extract

    html = (
        f"<html><head>{jsonld('Anna Müller')}</head><body>{TEXT}<p>A.Seabra--WB</p></body></html>"
    )
    item = extract(html, page)
    assert (item["byline"], item["authors"]) == ("A.Seabra--WB", ["A.Seabra"])


@pytest.mark.parametrize(
    ("line", "language", "authors"),
    [
        ("Av Kari Nordmann og Ola Nordmann", "no", ["Kari Nordmann", "Ola Nordmann"]),
        ("Door Jan de Vries en Anna Bakker", "nl", ["Jan de Vries", "Anna Bakker"]),
        ("By Jane Doe, Senior Correspondent", "en", ["Jane Doe"]),
        ("Von Anna Müller, Redakteurin, und Jan Weber", "de", ["Anna Müller", "Jan Weber"]),
    ],
)
def test_byline_lines_in_the_pages_language(line, language, authors):
    from newsscraper.extraction.authors import from_byline_lines

    found = from_byline_lines([line], language)
    assert (found.printed, found.people) == (line, authors)
