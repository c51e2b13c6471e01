"""The words of each language that extraction looks for: one module per language.

A module ``<code>.py`` (ISO 639-1) defines ``LANGUAGE = Language(...)``: month names,
date labels, photo-credit labels, byline words and the furniture a news page prints
in that language (text-size controls, share links, related-article headings, ads,
newsletter boxes, "page not found"). ``LANGUAGES`` finds every module of this package,
so adding a language is adding one file; nothing else lists them.

Every word is written as printed (any case); consumers fold case themselves. Phrases
are whole blocks of page text, matched whole, never as substrings of an article.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Language:
    """One language's vocabulary. Empty tuples mean "nothing known", never "match all"."""

    code: str
    name: str
    #: ISO 15924 script of the language's own words: Latn, Grek, Cyrl, Arab, Hans, Jpan,
    #: Kore, Deva…
    script: str = "Latn"
    #: Written right to left (Arabic, Hebrew, Persian, Urdu).
    rtl: bool = False
    #: Other tags that name this language (``nb`` and ``nn`` for ``no``).
    aliases: tuple[str, ...] = ()
    #: Month names and abbreviations (lower case) to 1..12, every inflected form a date
    #: prints (Greek and Slavic genitives: ``Νοεμβρίου``, ``ноября``, ``listopada``).
    #: A name may be two words (Levantine Arabic ``تشرين الثاني``).
    months: Mapping[str, int] = field(default_factory=dict)
    #: Weekday names and abbreviations (lower case) to 0 (Monday)..6 (Sunday).
    weekdays: Mapping[str, int] = field(default_factory=dict)
    #: How an all-numeric date with the year last (03/04/2024) reads: "DMY" or "MDY";
    #: "YMD" for languages that print the year first (2024/11/30).
    date_order: str = "DMY"
    #: Regions (ISO 3166) whose all-numeric dates read month first (``US`` for ``en``).
    month_first_regions: tuple[str, ...] = ()
    #: Words printed before a date that say which date it is: label -> "published" or
    #: "modified" ("Publicado", "Atualizado", "Stand").
    date_labels: Mapping[str, str] = field(default_factory=dict)
    #: Words printed between a date and its time, or after the time ("às", "um", "Uhr",
    #: "kl.", the Russian year word "г.").
    time_words: tuple[str, ...] = ()
    #: The clock prints a dot between hours and minutes (Danish ``19.41``); elsewhere a
    #: dot needs a time word (``kl.``) or suffix (``Uhr``) to be read as a time.
    clock_dot: bool = False
    #: Words of a 12-hour clock to "am" or "pm" ("PM", "오후", "午後", "م").
    meridiem: Mapping[str, str] = field(default_factory=dict)
    #: Labels printed before a photo credit ("Foto", "Fotografia").
    credit_labels: tuple[str, ...] = ()
    #: Words that open a byline line ("Por", "Von", "By", "Του", "بقلم").
    byline_prefixes: tuple[str, ...] = ()
    #: Words printed after the author's name ("기자", "記者", "द्वारा").
    byline_suffixes: tuple[str, ...] = ()
    #: Words that join two author names ("e", "und", "and").
    name_joiners: tuple[str, ...] = ()
    #: Labels of the text-size control ("Textgröße", "Tamanho do texto").
    text_size: tuple[str, ...] = ()
    #: Headings of a market ticker ("Börse", "Bolsa") and commodity names it prints
    #: ("Goldpreis").
    markets: tuple[str, ...] = ()
    ticker_names: tuple[str, ...] = ()
    #: Share, print and copy-link controls ("Teilen", "Partilhar", "Drucken").
    share: tuple[str, ...] = ()
    #: Headings of related-article boxes ("Mehr zum Thema", "Leia também").
    related: tuple[str, ...] = ()
    #: Advertising labels ("Werbung", "Anzeige", "Publicidade").
    advertising: tuple[str, ...] = ()
    #: Whole lines that say the article goes on after an ad.
    continue_reading: tuple[str, ...] = ()
    #: Newsletter and sign-up calls ("Newsletter", "Assine"), and the short words that
    #: may follow them in such a call ("a nossa", "jetzt").
    newsletter: tuple[str, ...] = ()
    newsletter_fillers: tuple[str, ...] = ()
    #: Words of a "next page" link in a listing's pager.
    next_page: tuple[str, ...] = ()
    #: Headlines of "page not found" pages served with status 200.
    not_found: tuple[str, ...] = ()


def numbered(*groups: str, start: int = 1) -> dict[str, int]:
    """Names to numbers, one group of ``|``-separated spellings per number, lower case.

    >>> numbered("stycznia|styczeń|sty", "lutego|luty")
    {'stycznia': 1, 'styczeń': 1, 'sty': 1, 'lutego': 2, 'luty': 2}
    >>> numbered("monday|mon", start=0)
    {'monday': 0, 'mon': 0}
    """
    return {
        name.strip().lower(): number
        for number, group in enumerate(groups, start)
        for name in group.split("|")
        if name.strip()
    }


def _load() -> Mapping[str, Language]:
    found: dict[str, Language] = {}
    for module in pkgutil.iter_modules(__path__):
        language = importlib.import_module(f"{__name__}.{module.name}").LANGUAGE
        if language.code != module.name:
            raise ValueError(f"{module.name}.py defines language {language.code!r}")
        found[language.code] = language
    return MappingProxyType(dict(sorted(found.items())))


#: Every language with a module here, by code.
LANGUAGES: Mapping[str, Language] = _load()
_ALIASES: Mapping[str, Language] = MappingProxyType(
    {alias: language for language in LANGUAGES.values() for alias in language.aliases}
)


def language_for(tag: str | None) -> Language | None:
    """The language a BCP 47 tag (``<html lang>``, ``og:locale``) names, or None.

    >>> language_for("de-AT").code, language_for("pt_BR").code, language_for("nb-NO").code
    ('de', 'pt', 'no')
    >>> language_for("xx") is None, language_for(None) is None
    (True, True)
    """
    base = (tag or "").strip().replace("_", "-").split("-")[0].casefold()
    return LANGUAGES.get(base) or _ALIASES.get(base)


def region_of(tag: str | None) -> str | None:
    """The region of a BCP 47 tag, upper case: ``en-us`` -> ``US``; None without one.

    >>> region_of("en-us"), region_of("zh-Hans-CN"), region_of("fr")
    ('US', 'CN', None)
    """
    for part in (tag or "").strip().replace("_", "-").split("-")[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
    return None


def words(attribute: str) -> tuple[str, ...]:
    """One attribute of every language, merged, first spelling kept.

    >>> "Foto" in words("credit_labels") and "Photo" in words("credit_labels")
    True
    """
    seen: dict[str, None] = {}
    for language in LANGUAGES.values():
        for word in getattr(language, attribute):
            seen.setdefault(word, None)
    return tuple(seen)
