"""The replica itself: server behaviour, feeds, reachability and ground truth consistency."""

from __future__ import annotations

import html
import http.client
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from tests.replica import (
    ARTICLES,
    DISALLOWED_PATH,
    DUPLICATE_IDS,
    ERROR_PATH,
    FURNITURE_PATHS,
    MISSING_PATH,
    NON_ARTICLE_PATH,
    TRACKING_SUFFIX,
    ReplicaServer,
    build_site,
    expected_items,
    generate_articles,
)
from tests.replica.content import tracked_article
from tests.replica.furniture import long_date, numeric_date
from tests.replica.model import Article

REPO = Path(__file__).resolve().parent.parent
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BY_ID = {a.article_id: a for a in ARTICLES}


def get(server: ReplicaServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def text_of(page: bytes, encoding: str = "utf-8") -> str:
    """Visible text, tags dropped, entities decoded, whitespace collapsed."""
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", page.decode(encoding), flags=re.S)
    source = re.sub(r"</?(a|b|em|strong|i|span|font)\b[^>]*>", "", source)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", source)).split())


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer() as replica:
        yield replica


def test_serves_home_on_a_free_port(server: ReplicaServer) -> None:
    assert server.port > 0 and server.base_url == f"http://127.0.0.1:{server.port}"
    status, headers, body = get(server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'type="application/rss+xml" title="Portugal Colonial" href="/rss.xml"' in body
    for path in (
        "/Politica/",
        "/Economia/",
        "/Mundo/",
        "/de/Politik/",
        "/de/Welt/",
        "/Impressum.html",
        "/Contactos.html",
        MISSING_PATH,
        ERROR_PATH,
        NON_ARTICLE_PATH,
        DISALLOWED_PATH,
    ):
        assert f'href="{path}"'.encode() in body


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.article_id}-{a.variant}")
def test_every_article_page_holds_its_text_and_furniture(
    server: ReplicaServer, article: Article
) -> None:
    status, headers, body = get(server, article.path)
    legacy = article.variant == "legacy"
    assert status == 200
    assert headers["Content-Type"] == ("text/html" if legacy else "text/html; charset=utf-8")
    raw = html.unescape(body.decode("cp1252" if legacy else "utf-8"))
    text = text_of(body, "cp1252" if legacy else "utf-8")
    assert f"<title>Portugal Colonial - {article.headline}</title>" in raw
    assert text.count(article.headline) >= 2  # headline, then again before the lead
    for paragraph in (*article.paragraphs, article.byline):
        assert paragraph in text
    assert (
        text.index(article.lead) < text.index(article.paragraphs[-1]) < text.rindex(article.byline)
    )
    language = article.language
    for label in {
        "de": ("Börse", "Textgröße:", "Teilen", "Mehr zum Thema", "DAX -0.11% 19189.19"),
        "pt": ("Bolsa", "Tamanho do texto:", "Partilhar", "Leia também"),
    }[language]:
        assert label in text
    if article.photo:
        assert article.photo.caption in raw and article.photo.credit in raw
        assert re.search(r"(Foto|Fotografia|Photo): (© )?" + re.escape(article.photo.credit), raw)
    expected = {"pt": 'lang="pt-PT"', "de": 'lang="de"'}[language]
    assert (expected in raw) is not legacy


def test_dates_per_variant(server: ReplicaServer) -> None:
    for article in ARTICLES:
        encoding = "cp1252" if article.variant == "legacy" else "utf-8"
        raw = get(server, article.path)[2].decode(encoding)
        structured = ("published_time", "datePublished", "<time")
        if article.published is None:
            assert not any(marker in raw for marker in structured)
        elif article.variant == "legacy":
            shown = (long_date if article.language == "de" else numeric_date)(
                article.published, article.language
            )
            assert shown in raw and not any(marker in raw for marker in structured)
    classic = get(server, BY_ID["711001"].path)[2].decode()
    assert 'content="2024-11-30 07:41:00"' in classic
    assert '"datePublished": "2024-11-30T07:41:00+00:00"' in classic
    assert '"author": {"@type": "Organization", "name": "Portugal Colonial"' in classic
    legacy = get(server, BY_ID["711201"].path)[2].decode("cp1252")
    assert "Montag, 12. August 2024 - 18:30 Uhr" in legacy
    assert "18/09/2024 14:30" in get(server, BY_ID["710133"].path)[2].decode("cp1252")
    assert 'itemprop="articleBody"' in get(server, BY_ID["711035"].path)[2].decode()
    figure = get(server, BY_ID["710115"].path)[2].decode()
    assert '<time datetime="2024-07-12T09:05:00+01:00">' in figure


def test_errors_redirects_and_query(server: ReplicaServer) -> None:
    assert get(server, MISSING_PATH)[0] == 404
    assert get(server, ERROR_PATH)[0] == 500
    assert get(server, "/../../etc/passwd")[0] == 404
    status, headers, _ = get(server, "/Politica?x=1")
    assert status == 301 and headers["Location"] == "/Politica/?x=1"
    tracked = tracked_article(ARTICLES)
    assert tracked is not None
    clean, tracked_body = (
        get(server, tracked.path)[2],
        get(server, tracked.path + TRACKING_SUFFIX.split("#")[0])[2],
    )
    assert clean == tracked_body
    assert f'<link rel="canonical" href="{server.base_url}{tracked.path}">'.encode() in clean
    assert get(server, "/", "HEAD")[2] == b""


def test_request_log(server: ReplicaServer) -> None:
    server.clear_log()
    get(server, "/Mundo/?page=1")
    get(server, "/rss.xml")
    assert server.requests == ["/Mundo/?page=1", "/rss.xml"]
    server.clear_log()
    assert server.requests == []


def test_robots_sitemap_and_rss(server: ReplicaServer) -> None:
    status, headers, robots = get(server, "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    parser = RobotFileParser()
    parser.parse(robots.decode().splitlines())
    assert not parser.can_fetch("newsscraper", server.base_url + DISALLOWED_PATH)
    assert parser.site_maps() == [server.base_url + "/sitemap.xml"]
    assert get(server, DISALLOWED_PATH)[0] == 200

    index = ET.fromstring(get(server, "/sitemap.xml")[2])
    assert [e.text for e in index.iter(SM + "loc")] == [server.base_url + "/sitemap-articles.xml"]
    status, headers, body = get(server, "/sitemap-articles.xml")
    assert headers["Content-Type"] == "application/xml"
    urls = {u.findtext(SM + "loc"): u.findtext(SM + "lastmod") for u in ET.fromstring(body)}
    only = {a.discovery: a for a in ARTICLES if a.discovery != "listed"}
    assert server.base_url + only["sitemap"].path in urls
    assert server.base_url + only["rss"].path not in urls
    assert urls[server.base_url + BY_ID["711001"].path] == "2024-11-30T09:02:00+00:00"

    status, headers, body = get(server, "/rss.xml")
    assert headers["Content-Type"] == "application/rss+xml"
    items = ET.fromstring(body).findall("./channel/item")
    links = {i.findtext("link"): i.findtext("pubDate") for i in items}
    assert links[server.base_url + only["rss"].path] == "Sun, 01 Dec 2024 15:00:00 +0000"
    assert server.base_url + only["sitemap"].path not in links


def test_link_graph_reaches_listed_articles_only(server: ReplicaServer) -> None:
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in seen or path.startswith("/privado/"):
            continue
        seen.add(path)
        status, headers, body = get(server, path)
        if status == 200 and headers["Content-Type"].startswith("text/html"):
            for href in re.findall(r'href="([^"]+)"', body.decode("latin-1")):
                url = urlsplit(urljoin(server.base_url + path, html.unescape(href)))
                if url.netloc == f"127.0.0.1:{server.port}" and url.path.endswith(("/", ".html")):
                    queue.append(url.path)
    for article in ARTICLES:
        assert (article.path in seen) is (article.discovery == "listed"), article.article_id
    assert {"/Politica/page/3/", "/de/Politik/page/2/", *FURNITURE_PATHS} <= seen


def test_expected_items() -> None:
    items = expected_items("http://h:1/")
    ids = [item["article_id"] for item in items]
    assert len(ids) == len(set(ids)) == len(ARTICLES) - 1
    assert DUPLICATE_IDS[0] in ids and DUPLICATE_IDS[1] not in ids
    assert BY_ID[DUPLICATE_IDS[0]].paragraphs == BY_ID[DUPLICATE_IDS[1]].paragraphs
    by_id = {item["article_id"]: item for item in items}
    korea = by_id["711001"]
    assert korea["published_at"] == "2024-11-30T07:41:00+00:00"  # winter: WET
    assert korea["canonical_url"] == "http://h:1" + BY_ID["711001"].path
    assert korea["photo_url"].startswith("http://h:1/media/")
    assert (korea["byline"], korea["authors"]) == ("A.Seabra--PC", ["A.Seabra"])
    assert korea["photo_credit"] == "STR - KCNA VIA KNS/AFP"
    assert by_id["710115"]["published_at"] == "2024-07-12T09:05:00+01:00"  # summer: WEST
    assert by_id["710120"]["published_at"] == "2024-03-31T08:15:00+01:00"  # first WEST day
    assert by_id["710115"]["authors"] == ["J.Pereira", "L.Barros"]
    assert by_id["710140"]["published_at"] is None
    assert by_id["711035"]["photo_url"] is None and by_id["711035"]["photo_caption"] is None
    assert "--" in by_id["711101"]["body"].split("\n\n")[-1]
    for item in items:
        assert item["body"].startswith(item["lead"] + "\n\n")
        assert "--PC" not in item["body"] and item["site"] == "portugalcolonial"
    assert {a.variant for a in ARTICLES} == {"classic", "figure", "legacy", "microdata", "broken"}
    assert {a.language for a in ARTICLES} == {"pt", "de"}


def test_generate_articles_is_deterministic(tmp_path: Path) -> None:
    first = generate_articles(40, 7)
    assert first == generate_articles(40, 7) and first != generate_articles(40, 8)
    assert len({a.headline for a in first}) == 40
    assert len(expected_items("http://h", first)) == 40
    build_site(tmp_path, "http://h", first)
    assert (tmp_path / first[0].path.lstrip("/")).is_file()
    assert (tmp_path / "sitemap-articles.xml").read_text().count("<url>") == 40


def test_rebuild_serves_the_edited_article() -> None:
    article = BY_ID["711001"]
    edited = replace(article, headline="Geänderte Überschrift")
    with ReplicaServer() as replica:
        old_root = replica.root
        replica.rebuild([edited if a is article else a for a in ARTICLES])
        assert "Geänderte Überschrift" in get(replica, article.path)[2].decode()
        assert not old_root.exists()
        root = replica.root
    assert not root.exists()
    with pytest.raises(OSError):
        get(replica, "/")


def test_command_line_builds_and_serves(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.replica",
            "--build-only",
            str(tmp_path),
            "--base-url",
            "http://example.test",
            "--articles",
            "8",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "built 8 articles" in build.stdout
    assert "http://example.test/sitemap.xml" in (tmp_path / "robots.txt").read_text()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.replica", "--port", "0", "--root", str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        port = int(base_url.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/robots.txt")
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
