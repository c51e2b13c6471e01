"""Site profiles: the one place where a site differs from the next. Spiders come from them.

A module ``newsscraper/sites/<name>.py`` defines ``SITE = SiteProfile(...)``: the site's
name (= its spider's name), its article-URL rule and key, byline code, languages and
zone, and the selectors its CMS used when we last looked; optionally ``page``, its own
page-object class (a subclass of ``ArticlePage``, as scrapy-poet's overrides and
fundus' parser classes do). ``all_sites()`` finds every module of this package (names
starting with ``_`` are helpers, not sites) and ``newsscraper.spiders.sites`` makes one
spider per profile, so adding a site is adding one file here plus its fixtures.

The page object tries the selectors after structured data and before text patterns,
so a renamed class degrades one rule, not a field.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import pkgutil
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsscraper.extraction.languages import Language


@dataclass(frozen=True)
class Selectors:
    """CSS selectors, newest layout first; each list is tried in order."""

    headline: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    #: Elements removed before any text is read (furniture with stable markup).
    furniture: tuple[str, ...] = ()
    #: Class and id word parts that name furniture (``share`` removes ``share-box`` and
    #: ``socialShare``, never ``shareholder-news``); matched whole, never as substrings.
    furniture_words: frozenset[str] = frozenset()


#: Furniture every news CMS prints with stable markup. Tags only: a class is matched by
#: its word parts (``COMMON_FURNITURE_WORDS``), never by a substring, which could match
#: the page's own wrapper (``[class*=ad]`` matches ``header``; ``[class*=font-size]``
#: matched ``<body class="font-size-is-default">``).
COMMON_FURNITURE: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "iframe",
    "template",
    "svg",
    "form",
    "button",
    "select",
    "input",
    "nav",
    "footer",
    "header nav",
)

#: Class and id word parts of furniture on news CMSs (see ``dom.furniture_word``).
COMMON_FURNITURE_WORDS: frozenset[str] = frozenset(
    [
        "ticker",
        "boerse",
        "boersen",
        "share",
        "sharing",
        "social",
        "related",
        "relatedposts",
        "advert",
        "newsletter",
        "breadcrumb",
        "breadcrumbs",
        "comments",
    ]
)

#: What news CMSs commonly print: schema.org, WordPress, Bootstrap-era and our network's
#: templates. Each list is only a hint after structured data.
COMMON_SELECTORS = Selectors(
    headline=("article h1", ".article h1", "h1.title", "h1"),
    body=(
        "[itemprop=articleBody]",
        ".article-body",
        ".article-text",
        ".articleText",
        "#article-text",
        ".entry-content",
        ".news-text",
        ".text",
        "article",
    ),
    lead=(".lead", ".article-lead", ".intro", ".teaser", "p.summary"),
    caption=("figcaption", ".caption", ".image-caption", ".legend", ".bildunterschrift"),
    credit=(".credit", ".copyright", ".photo-credit", ".source", ".image-credit"),
    signature=(".signature", ".author", ".byline", ".article-author"),
    date=(".date", ".article-date", ".published", ".datum", ".data"),
    furniture=COMMON_FURNITURE,
    furniture_words=COMMON_FURNITURE_WORDS,
)


@dataclass(frozen=True)
class ArticlePath:
    """What an article URL's path says: its language (if it names one), section and key.

    ``article_id`` is the article's key: the site's numeric id, or, for a site whose
    URLs carry none (``/2024/11/30/slug/``), ``u`` and 16 hex digits of a hash of the
    normalised path (``article_key``). Dedupe, incremental skipping and the Redis
    leases all go by it.
    """

    language: str | None
    section: str | None
    article_id: str


@dataclass(frozen=True)
class SiteProfile:
    """What is really one site's: None (or empty) wherever the site is not known.

    A profile with only a name assumes nothing of any CMS: no site name to strip from
    headlines (``title``), any two-to-four-letter signature code (``code``), no time
    zone (naive times stay naive), any language.
    """

    name: str
    title: str | None = None
    code: str | None = None
    base_url: str | None = None
    default_language: str | None = None
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    selectors: Selectors = COMMON_SELECTORS
    #: Also take URLs without a numeric id for articles when they look like one (date
    #: folders and a slug, or a long slug); their key is a hash of the path.
    slug_urls: bool = False
    #: The page-object class (or its ``module:Class`` path, imported when first used);
    #: None is ``newsscraper.extraction.page.ArticlePage``.
    page: type | str | None = None
    #: Paths that are never articles nor listings (assets, search, login).
    ignore_path: re.Pattern[str] = re.compile(
        r"(?i)\.(?:jpe?g|png|gif|webp|avif|svg|ico|css|js|json|pdf|zip|mp[34]|avi|mov|woff2?|"
        r"ttf|txt)$|/(?:search|suche|pesquisa|busca|login|logout|account|conta|cdn-cgi|"
        r"wp-admin|wp-json|wp-content|wp-includes|cgi-bin)(?:/|$)"
    )

    def article(self, path: str) -> ArticlePath | None:
        """The article an URL path names, or None.

        The network's form is ``[/<lang>]/<Section>/<id>-<slug>.html``; tolerated too, as
        CMSs print them: nested sections or date folders, ``.htm``/``.php`` or no
        extension, no slug, the id after the slug, a trailing slash, ``/index.php``.

        >>> site = get_site("portugalcolonial")
        >>> site.article("/de/Politik/712909-kim.html")
        ArticlePath(language='de', section='Politik', article_id='712909')
        >>> site.article("/Economia/Empresas/2024/11/800004-x")
        ArticlePath(language=None, section='Economia', article_id='800004')
        >>> site.article("/index.php/Mundo/ataque-em-gaza-710330.html").article_id
        '710330'
        >>> site.article("/arquivo/2024/") is None, site.article("/Politica/page/2/") is None
        (True, True)
        >>> site.article("/2024/11/30/noosha-aubel-meets-the-press/") is None
        True
        >>> GENERIC.article("/2024/11/30/noosha-aubel-meets-the-press/")
        ArticlePath(language=None, section=None, article_id='ue06e3ae999d2edc0')
        """
        path = path.removeprefix("/index.php")
        match = _article_pattern(self.languages).match(path)
        if match:
            return ArticlePath(
                match.group("lang"),
                match.group("section"),
                match.group("id") or match.group("tail"),
            )
        if self.slug_urls:
            return slug_article(path, self.languages)
        return None

    def page_class(self) -> type:
        """The class that reads this site's article pages."""
        if isinstance(self.page, str):
            module, _, name = self.page.partition(":")
            return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
        if self.page is None:
            from newsscraper.extraction.page import ArticlePage

            return ArticlePage
        return self.page

    @property
    def language_tables(self) -> tuple[Language, ...]:
        """The word tables (``extraction/languages``) of the languages the site prints."""
        from newsscraper.extraction.languages import LANGUAGES

        return tuple(LANGUAGES[code] for code in self.languages if code in LANGUAGES)


@functools.cache
def _article_pattern(languages: tuple[str, ...]) -> re.Pattern[str]:
    lang = "|".join(re.escape(code) for code in languages)
    return re.compile(
        rf"^/(?:(?P<lang>{lang})/)?(?P<section>[^/]+)(?:/[^/]+)*?/"
        r"(?:(?P<id>\d{5,})(?:-[^/]*?)?|[^/]*?-(?P<tail>\d{5,}))"
        r"(?:\.(?:html?|php|shtml|aspx?))?/?$"
    )


# -- articles without a numeric id --------------------------------------------------------

#: Path segments that make a page a listing, whatever follows (WordPress and others).
_LISTING_SEGMENTS = frozenset(
    (
        *("tag", "tags", "category", "categories", "categoria", "categorias", "kategorie"),
        *("rubrik", "topic", "topics", "thema", "themen", "author", "authors", "autor"),
        *("autores", "page", "pages", "seite", "pagina", "feed", "rss", "atom", "amp"),
        *("search", "archive", "archives", "archiv", "arquivo", "wp-content", "wp-json"),
    )
)
_EXTENSION = re.compile(r"\.(?:html?|php|shtml|aspx?)$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH = re.compile(r"0?[1-9]|1[0-2]")
_DAY = re.compile(r"0?[1-9]|[12]\d|3[01]")
#: A slug word: letters (any script) or digits, no punctuation but the hyphen between.
_SLUG_WORD = re.compile(r"[^\W_]+")
#: Hyphenated words a slug needs when no date folder says "this is a post".
LONG_SLUG_WORDS = 4


def article_key(path: str) -> str:
    """A stable key for an article URL without an id: its path, normalised, hashed.

    The host, scheme, query, a trailing slash and ``index.html`` do not count, so the
    same article linked as ``http://www.x.com/a/b/`` and ``https://x.com/a/b`` is one.

    >>> article_key("/2024/11/30/slug/") == article_key("/2024/11/30/slug/index.html")
    True
    >>> article_key("/2024/11/30/slug")
    'ueeb309ee317c51b6'
    """
    path = re.sub(r"/(?:index\.html?)?$", "", path.removeprefix("/index.php")) or "/"
    return "u" + hashlib.blake2b(path.encode("utf-8"), digest_size=8).hexdigest()


def slug_article(path: str, languages: tuple[str, ...] = ()) -> ArticlePath | None:
    """An article URL without a numeric id: date folders then a slug, or a long slug.

    >>> slug_article("/2024/11/30/noosha-aubel/").section is None
    True
    >>> slug_article("/politics/2024/11/noosha-aubel-meets-press.html").section
    'politics'
    >>> slug_article("/world/noosha-aubel-is-up-to-the-task/").section
    'world'
    >>> [slug_article(p) for p in ("/world/", "/world-news/", "/tag/noosha-aubel-is-up/",
    ...     "/2024/11/", "/2024/11/30/", "/about-us-and-our-team/page/2/")]
    [None, None, None, None, None, None]
    """
    segments = [s for s in path.split("/") if s]
    language = segments[0] if segments and segments[0] in languages else None
    if language:
        segments = segments[1:]
    if not segments or any(s.casefold() in _LISTING_SEGMENTS for s in segments):
        return None
    last = _EXTENSION.sub("", segments[-1])
    words = last.split("-")
    if not all(_SLUG_WORD.fullmatch(word) for word in words) or last.isdigit():
        return None
    folders = segments[:-1]
    dated = _dated(folders)
    if dated is None and len(words) < LONG_SLUG_WORDS:
        return None
    sections = folders[:dated] if dated is not None else folders
    return ArticlePath(language, sections[0] if sections else None, article_key(path))


def _dated(folders: list[str]) -> int | None:
    """Where ``YYYY/MM[/DD]`` folders start among ``folders``, or None."""
    for index, folder in enumerate(folders):
        if _YEAR.fullmatch(folder):
            rest = folders[index + 1 :]
            if rest and _MONTH.fullmatch(rest[0]) and (len(rest) < 2 or _DAY.fullmatch(rest[1])):
                return index
    return None


# -- finding profiles ---------------------------------------------------------------------

#: The profile of a site nobody described: any news site, read by generic rules.
#: It assumes no CMS's class names: only furniture tags are pruned before the body walk;
#: class words (``share``, ``related``…) are judged by the walk itself, which keeps a box
#: holding most of the page's prose (a pruning by the same words removed whole articles
#: wrapped in a ``post-share-container``). The body comes from structured data or the walk.
GENERIC = SiteProfile(
    name="news",
    slug_urls=True,
    page="newsscraper.sites._generic:GenericPage",
    selectors=Selectors(furniture=COMMON_FURNITURE),
)


def get_site(name: str) -> SiteProfile:
    """The profile in ``newsscraper.sites.<name>``; a clear error for an unknown site."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", name):
        raise LookupError(f"unknown site {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        known = ", ".join(site.name for site in all_sites())
        raise LookupError(f"unknown site {name!r}; known sites: {known}") from exc
    return module.SITE


@functools.cache
def all_sites() -> tuple[SiteProfile, ...]:
    """Every profile of this package, by name (works from scrapyd's zipped egg too)."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            site = importlib.import_module(f"{__name__}.{module.name}").SITE
            if site.name != module.name:
                raise ValueError(f"sites/{module.name}.py defines site {site.name!r}")
            found.append(site)
    return tuple(sorted(found, key=lambda site: site.name))


def site_name_of(url_host: str) -> str:
    """A name for a site nobody profiled: its domain without ``www.`` and the TLD.

    >>> site_name_of("www.example.com"), site_name_of("news.example.co.uk")
    ('example', 'news_example_co')
    >>> site_name_of("127.0.0.1")
    '127_0_0_1'
    """
    host = url_host.lower().removeprefix("www.").split(":")[0]
    if not re.fullmatch(r"[\d.]+", host) and "." in host:
        host = host.rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "_", host).strip("_") or "site"
