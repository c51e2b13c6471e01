"""Site profiles: what differs from one site of the network to the next.

A profile is data, not code: the site's name and code, its languages and zone, and the
selectors its CMS used when we last looked. The page object tries the selectors after
structured data and before text patterns, so a renamed class degrades one rule, not a
field. Each module in this package defines ``SITE``; ``get_site`` finds it by name.
Adding a site is adding its profile here and a spider of three lines that names it
in ``newsscraper/spiders/<site>.py``.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Selectors:
    """CSS selectors, newest layout first; each list is tried in order."""

    headline: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    photo: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    #: Elements removed before any text is read (furniture with stable markup).
    furniture: tuple[str, ...] = ()


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
    selectors: Selectors = field(default_factory=Selectors)
    #: Paths that are never articles nor listings (assets, search, login).
    ignore_path: re.Pattern[str] = re.compile(
        r"(?i)\.(?:jpe?g|png|gif|webp|avif|svg|ico|css|js|json|pdf|zip|mp[34]|avi|mov|woff2?|"
        r"ttf|txt)$|/(?:search|suche|pesquisa|busca|login|logout|account|conta|cdn-cgi|"
        r"wp-admin|wp-json|cgi-bin)(?:/|$)"
    )

    def article(self, path: str) -> ArticlePath | None:
        """The article an URL path names, or None.

        The site's form is ``[/<lang>]/<Section>/<id>-<slug>.html``; tolerated too, as
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
        """
        path = path.removeprefix("/index.php")
        match = _article_pattern(self.languages).match(path)
        if not match:
            return None
        return ArticlePath(
            match.group("lang"), match.group("section"), match.group("id") or match.group("tail")
        )


#: The profile of a site nobody described: any news site, read by generic rules.
GENERIC = SiteProfile(name="news")


@dataclass(frozen=True)
class ArticlePath:
    language: str | None
    section: str
    article_id: str


@functools.cache
def _article_pattern(languages: tuple[str, ...]) -> re.Pattern[str]:
    lang = "|".join(re.escape(code) for code in languages)
    return re.compile(
        rf"^/(?:(?P<lang>{lang})/)?(?P<section>[^/]+)(?:/[^/]+)*?/"
        r"(?:(?P<id>\d{5,})(?:-[^/]*?)?|[^/]*?-(?P<tail>\d{5,}))"
        r"(?:\.(?:html?|php|shtml|aspx?))?/?$"
    )


def get_site(name: str) -> SiteProfile:
    """The profile in ``newsscraper.sites.<name>``; a clear error for an unknown site."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise LookupError(f"unknown site {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        raise LookupError(f"unknown site {name!r}") from exc
    return module.SITE
