"""Site profiles: what differs from one site of the network to the next.

A profile is data, not code: the site's name and code, its languages and zone, and the
selectors its CMS used when we last looked. The page object tries the selectors after
structured data and before text patterns, so a renamed class degrades one rule, not a
field. Each module in this package defines ``SITE``; ``get_site`` finds it by name, so
adding a site is adding one file.
"""

from __future__ import annotations

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
    name: str
    title: str
    code: str
    base_url: str
    default_language: str
    languages: tuple[str, ...]
    timezone: str
    selectors: Selectors = field(default_factory=Selectors)
    #: Article URLs: ``/<Section>/<id>-<slug>.html`` with an optional language prefix.
    article_path: re.Pattern[str] = re.compile(
        r"^/(?:(?P<lang>[a-z]{2})/)?(?P<section>[^/]+)/(?P<id>\d+)-[^/]*\.html?$"
    )
    #: Paths that are never articles nor listings (assets, feeds, search, login).
    ignore_path: re.Pattern[str] = re.compile(
        r"(?i)\.(?:jpe?g|png|gif|webp|svg|ico|css|js|pdf|zip|mp[34]|avi|mov|woff2?)$|"
        r"/(?:search|suche|pesquisa|login|logout|account|cdn-cgi|wp-admin)(?:/|$)"
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
