"""The argument vocabulary of every command: one set of names, case rules and checks.

``scrapy crawl -a NAME=VALUE`` and ``scrapy export --NAME VALUE`` (and ``smoke``,
``schedule``) speak the same words: ``site``, ``sections``, ``lang``, ``since``,
``until``. A bad value raises ``ArgumentError`` with one line that names the argument,
the value and what is expected (for a name: the list of known ones). Keys starting with
``_`` (scrapyd's ``_job``, ``_version``) are accepted and ignored; any other unknown
key is refused with the list of known arguments.

Case rules: site names and language codes are lower case; section names are matched
without regard to case (``politik`` is ``Politik``) and written as the site prints them.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsscraper import sites
from newsscraper.extraction.dates import day_end, day_start
from newsscraper.sites import SiteProfile

#: Every spider argument, with what ``scrapy describe`` and ``crawl -h`` say of it.
SPIDER_ARGUMENTS: dict[str, str] = {
    "base_url": "crawl a mirror or the replica instead of the site (absolute http(s) URL)",
    "url": "comma-separated article URLs: parse just those",
    "since": "ISO date (2024-11-30), inclusive: only articles published on or after it",
    "until": "ISO date, inclusive: only articles published on or before it",
    "sections": "comma list of section names as in the URL (Politica,Politik), any case",
    "lang": "a language code the site prints, or all (default)",
    "refresh": "1 re-fetches articles the database already holds (default 0)",
}
KNOWN = frozenset(SPIDER_ARGUMENTS)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_SECTION = re.compile(r"[\w-]+")


class ArgumentError(ValueError):
    """An argument with a value we cannot use; the message is the one line to print."""


@dataclass(frozen=True)
class CrawlOptions:
    base_url: str
    urls: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    sections: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    refresh: bool = False
    #: scrapyd's job id (``_job``), kept in the crawl record so ``scrapy schedule``
    #: can tell a job that never recorded a crawl.
    job: str | None = None

    @property
    def domain(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, for the crawl record."""
        return {
            "base_url": self.base_url,
            "urls": list(self.urls),
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "sections": sorted(self.sections),
            "lang": sorted(self.languages) or "all",
            "refresh": self.refresh,
            "job": self.job,
        }


def one_of(name: str, value: str, known: Iterable[str], what: str = "") -> ArgumentError:
    """The error for a name nobody knows: it lists the ones we do know.

    >>> str(one_of("lang", "en", ["pt", "de", "all"]))
    "lang='en': expected one of pt, de, all"
    """
    listed = ", ".join(known) or "(none)"
    return ArgumentError(f"{name}={value!r}: {what or 'expected one of'} {listed}")


def known_sites() -> tuple[str, ...]:
    """The sites with a profile (``newsscraper/sites/<site>.py``), sorted."""
    found = pkgutil.iter_modules(sites.__path__)
    return tuple(sorted(m.name for m in found if not m.name.startswith("_")))


def check_site(value: str, extra: Iterable[str] = ()) -> str:
    """A site name, lower case; refused unless a profile (or *extra*) knows it."""
    name = value.strip().lower()
    known = sorted({*known_sites(), *extra})
    if name not in known:
        raise one_of("site", value, known)
    return name


def check_language(value: str, languages: Iterable[str]) -> str | None:
    """A language code (lower case), or None for ``all``; refused unless in *languages*."""
    code = str(value).strip().lower() or "all"
    if code == "all":
        return None
    known = list(dict.fromkeys(languages))
    if known and code not in known:
        raise one_of("lang", value, [*known, "all"])
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise ArgumentError(f"lang={value!r}: expected a language code such as pt, or all")
    return code


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in str(value).split(",") if part.strip()]


def parse_sections(value: str) -> tuple[str, ...]:
    """Section names as typed, checked for shape (a path segment, not a path)."""
    names = tuple(comma_list(value))
    if any(not _SECTION.fullmatch(name) for name in names):
        raise ArgumentError(f"sections={value!r}: expected names like Politica,Economia")
    return names


def resolve_sections(names: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """*names* as *known* spells them (any case); an unknown one is refused with the list.

    >>> resolve_sections(["politik"], ["Politica", "Politik"])
    ('Politik',)
    >>> resolve_sections(["Sport"], ["Politica", "Politik"])
    Traceback (most recent call last):
    ...
    newsscraper.arguments.ArgumentError: sections='Sport': unknown section; known: Politica, Politik
    """
    spelled = {name.casefold(): name for name in sorted(known)}
    found = []
    for name in names:
        if name.casefold() not in spelled:
            raise one_of("sections", name, sorted(spelled.values()), "unknown section; known:")
        found.append(spelled[name.casefold()])
    return tuple(dict.fromkeys(found))


def stored_names(store: Any, column: str, site: str | None = None) -> list[str]:
    """The distinct values of *column* (``site``, ``language``, ``section``) in the
    ``articles`` table of an open ``ArticleStore``, of one *site* when given."""
    import sqlalchemy as sa  # noqa: PLC0415 - only commands that check against a database

    from newsscraper.storage.schema import articles  # noqa: PLC0415

    query = sa.select(articles.c[column]).distinct().where(articles.c[column].is_not(None))
    if site is not None:
        query = query.where(articles.c.site == site)
    with store.engine.connect() as conn:
        return sorted(str(value) for value in conn.execute(query).scalars())


def parse_day(name: str, value: str, tz: str | None, *, end: bool) -> datetime:
    """An ISO date (whole day: ``until`` includes it) or date-time; naive means *tz*."""
    try:
        return (day_end if end else day_start)(str(value).strip(), tz or "UTC")
    except ValueError:
        raise ArgumentError(f"{name}={value!r}: expected an ISO date such as 2024-11-30") from None


def parse_range(
    since: str | None, until: str | None, tz: str | None
) -> tuple[datetime | None, datetime | None]:
    """``since`` and ``until`` as instants; ``since`` after ``until`` is refused.

    >>> parse_range("2024-12-01", "2024-11-30", "UTC")
    Traceback (most recent call last):
    ...
    newsscraper.arguments.ArgumentError: since='2024-12-01' is after until='2024-11-30'
    """
    start = parse_day("since", since, tz, end=False) if since else None
    stop = parse_day("until", until, tz, end=True) if until else None
    if start and stop and start >= stop:
        raise ArgumentError(f"since={since!r} is after until={until!r}")
    return start, stop


def _http_url(name: str, value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(f"{name}={value!r}: expected an absolute http(s) URL")
    return value


def _flag(name: str, value: str) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ArgumentError(f"{name}={value!r}: expected 1 or 0")


def parse_arguments(site: SiteProfile, arguments: dict[str, Any]) -> CrawlOptions:
    """Validate ``-a`` arguments against a site profile.

    >>> from newsscraper.sites import get_site
    >>> site = get_site("portugalcolonial")
    >>> parse_arguments(site, {"lang": "DE", "_job": "abc"}).languages
    frozenset({'de'})
    >>> parse_arguments(site, {"since": "30.11.2024"})
    Traceback (most recent call last):
    ...
    newsscraper.arguments.ArgumentError: since='30.11.2024': expected an ISO date such as 2024-11-30
    >>> try:
    ...     parse_arguments(site, {"section": "Politik"})
    ... except ArgumentError as exc:
    ...     print(exc)
    section='Politik': unknown argument; known: base_url, lang, refresh, sections, since, until, url
    """
    given = {k: v for k, v in arguments.items() if not k.startswith("_")}
    for key in sorted(set(given) - KNOWN):
        raise one_of(key, str(given[key]), sorted(KNOWN), "unknown argument; known:")
    # A site nobody profiled (the generic ``news`` spider) is named by base_url, or else
    # by the host of the first url.
    default_url = site.base_url or str(given.get("url", "")).split(",")[0]
    base_url = _http_url("base_url", given.get("base_url") or default_url).rstrip("/")
    urls = tuple(_http_url("url", u) for u in comma_list(given.get("url", "")))
    if "url" in given and not urls:
        raise ArgumentError("url='': expected one or more comma-separated article URLs")
    if urls and "base_url" not in given:
        first = urlsplit(urls[0])
        base_url = f"{first.scheme}://{first.netloc}"
    host = urlsplit(base_url).hostname
    for url in urls:
        if urlsplit(url).hostname != host:
            raise ArgumentError(f"url={url!r}: not on the crawled site {host}")
    since, until = parse_range(given.get("since"), given.get("until"), site.timezone)
    lang = check_language(given.get("lang", "all"), site.languages)
    sections = parse_sections(given.get("sections", ""))
    return CrawlOptions(
        base_url=base_url,
        urls=urls,
        since=since,
        until=until,
        sections=frozenset(s.casefold() for s in sections),
        languages=frozenset() if lang is None else frozenset({lang}),
        refresh=_flag("refresh", given.get("refresh", "0")),
        job=str(arguments["_job"]) if arguments.get("_job") else None,
    )
