"""Spider arguments (``-a name=value``), validated in one place.

A bad value raises ``ArgumentError`` with one line that names the argument, the value
and what is expected. Keys starting with ``_`` (scrapyd's ``_job``, ``_version``) are
accepted and ignored; other unknown keys are reported back so the spider can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsscraper.extraction.dates import day_end, day_start
from newsscraper.sites import SiteProfile

KNOWN = frozenset({"base_url", "url", "since", "until", "sections", "lang", "refresh"})
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ArgumentError(ValueError):
    """A spider argument with a value we cannot use."""


@dataclass(frozen=True)
class CrawlOptions:
    base_url: str
    urls: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    sections: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    refresh: bool = False
    unknown: tuple[str, ...] = field(default=())

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
        }


def _http_url(name: str, value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArgumentError(f"{name}={value!r}: expected an absolute http(s) URL")
    return value


def _date(name: str, value: str, tz: str, end: bool) -> datetime:
    try:
        return day_end(value, tz) if end else day_start(value, tz)
    except ValueError:
        raise ArgumentError(f"{name}={value!r}: expected an ISO date such as 2024-11-30") from None


def _flag(name: str, value: str) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ArgumentError(f"{name}={value!r}: expected 1 or 0")


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in str(value).split(",") if part.strip()]


def parse_arguments(site: SiteProfile, arguments: dict[str, Any]) -> CrawlOptions:
    """Validate ``-a`` arguments against a site profile.

    >>> from newsscraper.sites import get_site
    >>> site = get_site("portugalcolonial")
    >>> parse_arguments(site, {"lang": "de", "_job": "abc"}).languages
    frozenset({'de'})
    >>> parse_arguments(site, {"since": "30.11.2024"})
    Traceback (most recent call last):
    ...
    newsscraper.arguments.ArgumentError: since='30.11.2024': expected an ISO date such as 2024-11-30
    """
    given = {k: v for k, v in arguments.items() if not k.startswith("_")}
    tz = site.timezone
    first_url = str(given.get("url", "")).split(",")[0]  # a site nobody profiled: its host
    base_url = given.get("base_url") or site.base_url or first_url
    base_url = _http_url("base_url", base_url).rstrip("/")
    urls = tuple(_http_url("url", u) for u in _comma_list(given.get("url", "")))
    if "url" in given and not urls:
        raise ArgumentError("url='': expected one or more comma-separated article URLs")
    if urls and "base_url" not in given:
        first = urlsplit(urls[0])
        base_url = f"{first.scheme}://{first.netloc}"
    host = urlsplit(base_url).hostname
    for url in urls:
        if urlsplit(url).hostname != host:
            raise ArgumentError(f"url={url!r}: not on the crawled site {host}")
    since = _date("since", given["since"], tz, end=False) if given.get("since") else None
    until = _date("until", given["until"], tz, end=True) if given.get("until") else None
    if since and until and since >= until:
        raise ArgumentError(f"since={given['since']!r} is after until={given['until']!r}")
    lang = str(given.get("lang", "all")).strip().lower() or "all"
    if lang != "all" and site.languages and lang not in site.languages:
        choices = ", ".join((*site.languages, "all"))
        raise ArgumentError(f"lang={lang!r}: expected one of {choices}")
    sections = frozenset(s.casefold() for s in _comma_list(given.get("sections", "")))
    if any(not re.fullmatch(r"[\w-]+", s) for s in sections):
        raise ArgumentError(
            f"sections={given['sections']!r}: expected names like Politica,Economia"
        )
    return CrawlOptions(
        base_url=base_url,
        urls=urls,
        since=since,
        until=until,
        sections=sections,
        languages=frozenset() if lang == "all" else frozenset({lang}),
        refresh=_flag("refresh", given.get("refresh", "0")),
        unknown=tuple(sorted(set(given) - KNOWN)),
    )
