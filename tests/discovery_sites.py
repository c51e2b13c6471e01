"""Small news sites for the discovery tests: the replica's stories under other URL layouts.

``build(base_url, layout)`` renders one site as routes (request target -> ``Answer``):
the replica's own article pages, plus a home page and section listings written here, so
the layout under test is the only way to reach an article. ``SiteServer`` serves a site
on a free port of 127.0.0.1 and logs every request it gets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlsplit

from tests.replica.build import generate_articles, newest_first
from tests.replica.model import SECTIONS, Article, iso_lisbon, section_path
from tests.replica.variants import page_encoding, render_article

#: 12 stories: Politica 3, Economia 3, Politik 3, Wirtschaft 2, Welt 1 (Mundo is empty).
ARTICLES = generate_articles(12, 32)
PAGE_SIZE = 2
HOME_TEASERS = 3
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    location: str | None = None


Routes = dict[str, Answer]
NOT_FOUND = Answer(404, b"<h1>404 Not Found</h1>")


def page(title: str, main: str, head: str = "") -> Answer:
    html = (
        f'<!DOCTYPE html>\n<html lang="pt-PT"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{main}\n</body></html>\n"
    )
    return Answer(body=html.encode())


def _no_routes(base_url: str) -> Routes:
    return {}


def _never(target: str) -> Answer | None:
    return None


@dataclass(frozen=True)
class Layout:
    """Where a site puts its pages and how it links them; the defaults are the replica's.

    In ``first_page`` and ``next_pages``, ``{s}`` is the section's path (``/de/Politik``),
    ``{section}`` its name and ``{n}`` the page number.
    """

    first_page: str = "{s}/"
    next_pages: str = "{s}/page/{n}/"
    #: Sections that live below another one: name -> path (articles go there too).
    paths: Mapping[str, str] = field(default_factory=dict)
    #: ``a``: ``<a rel=next>`` on the page; ``head``: ``<link rel=next>`` in ``<head>`` only.
    pager: Literal["a", "head"] = "a"
    #: How hrefs are written: from the root, relative to ``<base href>``, or without the
    #: trailing slash (the server answers those with a 301, as nginx does for directories).
    links: Literal["root", "base_href", "unslashed"] = "root"
    #: False: no menu and no listings; only a sitemap or a feed can lead past the home page.
    sections: bool = True
    home_extra: str = ""
    listing_extra: str = ""  # on every listing, the home page included
    #: ``id``: the network's ``<id>-<slug>.html``; ``slug``: no id anywhere, as WordPress
    #: prints them: ``/<Section>/2024/11/30/<slug>/`` for odd ids, ``/<Section>/<slug>/``.
    urls: Literal["id", "slug"] = "id"
    extra: Callable[[str], Routes] = _no_routes  # more routes (sitemaps, feeds), by base URL
    generated: Callable[[str], Answer | None] = _never  # pages made up on request (traps)

    def section_root(self, language: str, section: str) -> str:
        return self.paths.get(section) or section_path(language, section).rstrip("/")

    def listing(self, language: str, section: str, number: int) -> str:
        pattern = self.first_page if number == 1 else self.next_pages
        return pattern.format(s=self.section_root(language, section), section=section, n=number)

    def article(self, article: Article) -> str:
        root = self.section_root(article.language, article.section)
        if self.urls == "id":
            return f"{root}/{article.article_id}-{article.slug}.html"
        if int(article.article_id) % 2 and article.published:
            return f"/{article.section}/{article.published:%Y/%m/%d}/{article.slug}/"
        return f"/{article.section}/{article.slug}/"

    def href(self, target: str) -> str:
        if self.links == "base_href":
            return escape(target.lstrip("/") or "./")
        if self.links == "unslashed" and target != "/":
            return escape(target.rstrip("/"))
        return escape(target)


@dataclass
class Site:
    routes: Routes
    generated: Callable[[str], Answer | None] = _never

    def answer(self, target: str) -> Answer:
        found = self.routes.get(target) or self.generated(target)
        if found:
            return found
        path = urlsplit(target).path
        if path + "/" in self.routes:  # a directory asked for without its slash
            return Answer(301, location=path + "/")
        return NOT_FOUND


def build(base_url: str, layout: Layout) -> Site:
    routes = {layout.article(a): _article_page(a, base_url, layout.article(a)) for a in ARTICLES}
    listed = newest_first(ARTICLES)
    head = f'<base href="{base_url}/">' if layout.links == "base_href" else ""
    teasers = _teasers(layout, listed[:HOME_TEASERS])
    routes["/"] = page(
        "Notícias", f"{_menu(layout)}{teasers}\n{layout.home_extra}{_footer(layout)}", head
    )
    if layout.sections:
        routes |= _listings(layout, listed, head)
    return Site(routes | layout.extra(base_url), layout.generated)


def _listings(layout: Layout, listed: list[Article], head: str) -> Routes:
    """Every page of every section, ``PAGE_SIZE`` teasers a page, newest first."""
    routes = {}
    for language, sections in SECTIONS.items():
        for section, name in sections.items():
            mine = [a for a in listed if (a.language, a.section) == (language, section)]
            last = max(1, -(-len(mine) // PAGE_SIZE))
            for number in range(1, last + 1):
                chunk = mine[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
                pager, pager_head = _pager(layout, language, section, number, last)
                main = f"{_menu(layout)}<h1>{name}</h1>{_teasers(layout, chunk)}{pager}"
                routes[layout.listing(language, section, number)] = page(
                    f"{name} ({number})", main + _footer(layout), head + pager_head
                )
    return routes


def _article_page(article: Article, base_url: str, path: str) -> Answer:
    """The replica's page moved to ``path``; it declares its charset in a ``<meta>``."""
    html = render_article(article, base_url, []).replace(article.path, path)
    body = html.encode(page_encoding(article), "xmlcharrefreplace")
    return Answer(body=body, content_type="text/html")


def _menu(layout: Layout) -> str:
    if not layout.sections:
        return ""
    items = [f'<a href="{layout.href("/")}">Início</a>'] + [
        f'<a href="{layout.href(layout.listing(language, section, 1))}">{name}</a>'
        for language, sections in SECTIONS.items()
        for section, name in sections.items()
    ]
    return f'<nav class="main-nav">{" | ".join(items)}</nav>\n'


def _teasers(layout: Layout, articles: list[Article]) -> str:
    return "\n".join(
        f'<div class="teaser"><time datetime="{iso_lisbon(a.published) or ""}"></time>'
        f'<h3><a href="{layout.href(layout.article(a))}">{escape(a.headline)}</a></h3></div>'
        for a in articles
    )


def _pager(layout: Layout, language: str, section: str, number: int, last: int) -> tuple[str, str]:
    """The pagination of one listing page: (body markup, ``<head>`` markup)."""
    near = {"prev": number - 1, "next": number + 1}
    urls = {
        rel: layout.href(layout.listing(language, section, n))
        for rel, n in near.items()
        if 1 <= n <= last
    }
    if layout.pager == "head":  # for search engines; people get a JavaScript button
        head = "".join(f'<link rel="{rel}" href="{url}">\n' for rel, url in urls.items())
        return '<button class="load-more">Mais notícias</button>', head
    body = " ".join(f'<a rel="{rel}" href="{url}">{rel}</a>' for rel, url in urls.items())
    return f'<nav class="pagination">{body}</nav>', ""


def _footer(layout: Layout) -> str:
    return f'\n<footer>{layout.listing_extra}<a href="/Impressum.html">Impressum</a></footer>'


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.requests.append((self.headers.get("Host", ""), self.path))
        answer = self.server.site.answer(self.path)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        if answer.location:
            self.send_header("Location", answer.location)
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the log is ``SiteServer.requests``."""


class SiteServer(ThreadingHTTPServer):
    """Serves ``site`` on ``base_url`` in a thread; ``requests`` holds (Host, target) pairs."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.host = self.base_url.removeprefix("http://")
        self.site = Site({})
        self.requests: list[tuple[str, str]] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A crawler hanging up mid-answer is normal; say nothing."""

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
