"""The data model of the replica: an article as the newsroom wrote it, before any markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

LISBON = ZoneInfo("Europe/Lisbon")
SITE = "portugalcolonial"
SITE_NAME = "Portugal Colonial"
SITE_CODE = "PC"

#: Article-page markup variants; "broken" is "classic" with mangled markup.
VARIANTS: tuple[str, ...] = ("classic", "figure", "legacy", "microdata", "broken")
#: Sections per language; the URL uses the key, menus print the value.
SECTIONS: dict[str, dict[str, str]] = {
    "pt": {"Politica": "Política", "Economia": "Economia", "Mundo": "Mundo"},
    "de": {"Politik": "Politik", "Wirtschaft": "Wirtschaft", "Welt": "Welt"},
}
#: How a crawler can reach an article: listings and links, only the sitemap, only the RSS feed.
DISCOVERY: tuple[str, ...] = ("listed", "sitemap", "rss")


@dataclass(frozen=True)
class Site:
    """One site of the network as the replica renders it; its first language is its own
    (no path prefix), the others live under ``/<lang>/``."""

    name: str
    title: str
    code: str
    zone: str
    sections: dict[str, dict[str, str]]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.sections)

    @property
    def default_language(self) -> str:
        return self.languages[0]


#: Every site the replica can render, by name; ``tests.replica.network`` adds the sisters.
SITES: dict[str, Site] = {SITE: Site(SITE, SITE_NAME, SITE_CODE, "Europe/Lisbon", SECTIONS)}


@dataclass(frozen=True)
class Photo:
    """A photo: URL path on the site, caption and credit as printed (without label or ``©``)."""

    path: str
    caption: str
    credit: str


@dataclass(frozen=True)
class Article:
    """One story. ``published``/``modified`` are naive Europe/Lisbon wall-clock times."""

    article_id: str
    section: str
    language: str
    slug: str
    headline: str
    paragraphs: tuple[str, ...]
    byline: str
    photo: Photo | None
    published: datetime | None
    modified: datetime | None = None
    keywords: tuple[str, ...] = ()
    description: str = ""
    variant: str = "classic"
    extra_photos: tuple[Photo, ...] = ()
    discovery: str = "listed"
    site: str = SITE

    def __post_init__(self) -> None:
        info = SITES.get(self.site)
        if info is None:
            raise ValueError(f"{self.article_id}: unknown site {self.site!r}")
        problems = [
            (not re.fullmatch(r"\d{6}", self.article_id), "article_id must be 6 digits"),
            (self.section not in info.sections.get(self.language, {}), "unknown language/section"),
            (self.variant not in VARIANTS, f"unknown variant {self.variant!r}"),
            (self.discovery not in DISCOVERY, f"unknown discovery {self.discovery!r}"),
            (not self.paragraphs, "an article needs paragraphs"),
            (not self.byline.endswith("--" + info.code), f"byline must end with --{info.code}"),
            (not re.fullmatch(r"[a-z0-9-]+", self.slug), "slug must be lowercase ASCII"),
        ]
        for failed, message in problems:
            if failed:
                raise ValueError(f"{self.article_id}: {message}")
        for moment in (self.published, self.modified):
            if moment is not None and (
                moment.tzinfo or moment.second or is_ambiguous(moment, info.zone)
            ):
                raise ValueError(f"{self.article_id}: times are naive, whole minutes, unambiguous")

    @property
    def info(self) -> Site:
        return SITES[self.site]

    @property
    def title(self) -> str:
        """The site's name, as ``<title>`` prints it before the headline."""
        return self.info.title

    @property
    def sections(self) -> dict[str, str]:
        """The sections of the article's language on its site: URL name -> printed name."""
        return self.info.sections[self.language]

    def iso(self, moment: datetime | None) -> str | None:
        """ISO 8601 with the site's offset at that moment."""
        return None if moment is None else self.aware(moment).isoformat()

    def aware(self, moment: datetime) -> datetime:
        return moment.replace(tzinfo=ZoneInfo(self.info.zone))

    @property
    def section_path(self) -> str:
        return section_path(self.language, self.section, self.info)

    @property
    def path(self) -> str:
        return f"{self.section_path}{self.article_id}-{self.slug}.html"

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def authors(self) -> list[str]:
        return self.byline.rsplit("--", 1)[0].split("/")

    @property
    def summary(self) -> str:
        """The description, or else the lead's first sentence."""
        return self.description or first_sentence(self.lead)

    @property
    def photos(self) -> tuple[Photo, ...]:
        return ((self.photo,) if self.photo else ()) + self.extra_photos


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])\s+[A-ZÀ-Ý«„\"]", text)
    return match.group(1) if match else text


def is_ambiguous(moment: datetime, zone: str = "Europe/Lisbon") -> bool:
    """True for wall-clock times that do not exist or exist twice in the zone (DST changes)."""
    tz = ZoneInfo(zone)
    early = moment.replace(tzinfo=tz, fold=0).utcoffset()
    late = moment.replace(tzinfo=tz, fold=1).utcoffset()
    return early != late


def lisbon(moment: datetime) -> datetime:
    """The naive Lisbon wall-clock time as an aware datetime."""
    return moment.replace(tzinfo=LISBON)


def iso_lisbon(moment: datetime | None) -> str | None:
    """ISO 8601 with Lisbon's offset at that moment (WET in winter, WEST in summer).

    >>> iso_lisbon(datetime(2024, 11, 30, 7, 41)), iso_lisbon(datetime(2024, 7, 12, 9, 5))
    ('2024-11-30T07:41:00+00:00', '2024-07-12T09:05:00+01:00')
    """
    return None if moment is None else lisbon(moment).isoformat()


def paras(text: str) -> tuple[str, ...]:
    """Paragraphs from a block of text: blank lines separate them, line breaks become spaces."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return tuple(" ".join(line.strip() for line in block.splitlines()) for block in blocks)


def media_path(article_id: str, month: str, number: int = 1) -> str:
    """Where the CMS stores an article's photos: ``/media/fotos/2024/11/711001-1.jpg``."""
    return f"/media/fotos/{month.replace('-', '/')}/{article_id}-{number}.jpg"


def section_path(language: str, section: str, site: Site | None = None) -> str:
    """``/Politica/`` or, for German sections on this Portuguese site, ``/de/Politik/``."""
    own = (site or SITES[SITE]).default_language
    prefix = f"/{language}" if language != own else ""
    return f"{prefix}/{section}/"
