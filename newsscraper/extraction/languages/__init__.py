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
    #: Month names and abbreviations (lower case) to 1..12.
    months: Mapping[str, int] = field(default_factory=dict)
    #: How an all-numeric date such as 03/04/2024 reads: "DMY", "MDY" or "YMD".
    date_order: str = "DMY"
    #: Words printed before a date that say which date it is: label -> "published" or
    #: "modified" ("Publicado", "Atualizado", "Stand").
    date_labels: Mapping[str, str] = field(default_factory=dict)
    #: Words printed between a date and its time, or after the time ("às", "um", "Uhr").
    time_words: tuple[str, ...] = ()
    #: Labels printed before a photo credit ("Foto", "Fotografia").
    credit_labels: tuple[str, ...] = ()
    #: Words that open a byline line ("Por", "Von", "By").
    byline_prefixes: tuple[str, ...] = ()
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
    #: Roles printed beside an author's name in a byline ("Redakteurin", "Correspondent").
    author_roles: tuple[str, ...] = ()


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
