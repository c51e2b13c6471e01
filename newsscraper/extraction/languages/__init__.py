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
import re
from collections import Counter
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
    #: Its most frequent short words (lower case, space separated), which tell apart
    #: languages written in one script (``guess_language``); letters tell the others.
    common_words: str = ""
    #: Letters its words use that most languages of its script do not (``ř``, ``ł``).
    letters: str = ""
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
    #: What a broadcaster prints under a story it aired, at the start of the line
    #: ("Dieses Thema im Programm: MDR AKTUELL | 28. April 2023 | 10:00 Uhr").
    broadcast_notes: tuple[str, ...] = ()
    #: Newsletter and sign-up calls ("Newsletter", "Assine"), and the short words that
    #: may follow them in such a call ("a nossa", "jetzt").
    newsletter: tuple[str, ...] = ()
    newsletter_fillers: tuple[str, ...] = ()
    #: What the language calls a newsletter ("Newsletter", "Nyhetsbrev", "뉴스레터"): a
    #: short block that names one is a sign-up call, wherever it stands.
    newsletter_names: tuple[str, ...] = ()
    #: Words of a "next page" link in a listing's pager.
    next_page: tuple[str, ...] = ()
    #: Headlines of "page not found" pages served with status 200.
    not_found: tuple[str, ...] = ()
    #: Roles printed beside an author's name in a byline ("Redakteurin", "Correspondent").
    author_roles: tuple[str, ...] = ()


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


#: Letters of the scripts that name one language (or one family), by code point range.
_SCRIPTS = (
    (0x0370, 0x03FF, "Grek"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x04FF, "Cyrl"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x3040, 0x30FF, "Kana"),
    (0x3400, 0x9FFF, "Hani"),
    (0xAC00, 0xD7AF, "Hang"),
    (0x1100, 0x11FF, "Hang"),
)
_BY_SCRIPT = {"Grek": "el", "Arab": "ar", "Deva": "hi", "Hang": "ko", "Hani": "zh"}
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_RUSSIAN_LETTERS = frozenset("ыэъё")
_WORD = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str | None:
    code = ord(char)
    if code < 0x0250:
        return "Latn" if char.isalpha() else None
    for low, high, script in _SCRIPTS:
        if low <= code <= high:
            return script
    return None


def guess_language(text: str | None, among: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """The language a text is written in, from its letters and its commonest words, and
    the rule that decided (``script:<name>`` or ``words``); (None, "none") when unsure.

    ``among`` limits the answer to some languages (a site's). Only the first 2,000
    characters are read.

    >>> guess_language("Η δήμαρχος του Πότσνταμ δέχεται κριτική.")
    ('el', 'script:Grek')
    >>> guess_language("ポツダム市長は批判を受けている。")
    ('ja', 'script:Kana')
    >>> guess_language("Мера Потсдама критикують за те, як вона розв'язує проблеми міста.")
    ('uk', 'script:Cyrl')
    >>> guess_language("Die Oberbürgermeisterin steht wegen der Amtsführung in der Kritik.")
    ('de', 'words')
    >>> guess_language("1234 !!!")
    (None, 'none')
    """
    sample = (text or "")[:2000]
    scripts = Counter(_script(char) for char in sample)
    scripts.pop(None, None)
    if not scripts:
        return None, "none"
    script = scripts.most_common(1)[0][0]
    if script in ("Hani", "Kana"):
        script = "Kana" if scripts["Kana"] * 10 >= scripts["Hani"] else "Hani"
        code = "ja" if script == "Kana" else "zh"
    elif script == "Cyrl":
        lower = sample.lower()
        ukrainian = sum(lower.count(c) for c in _UKRAINIAN_LETTERS)
        russian = sum(lower.count(c) for c in _RUSSIAN_LETTERS)
        code = "uk" if ukrainian > russian else "ru"
    elif script != "Latn":
        code = _BY_SCRIPT[script]
    else:
        return _by_words(sample, among)
    if among and code not in among:
        return None, "none"
    return code, f"script:{script}"


def _by_words(text: str, among: tuple[str, ...]) -> tuple[str | None, str]:
    candidates = [
        language
        for language in LANGUAGES.values()
        if language.common_words and (not among or language.code in among)
    ]
    sharing = Counter(
        word for language in candidates for word in set(language.common_words.split())
    )
    sharing.update(char for language in candidates for char in set(language.letters))
    lower = text.lower()
    tokens = Counter(word for word in _WORD.findall(lower))
    chars = Counter(lower)
    scores = {
        language.code: sum(tokens[w] / sharing[w] for w in set(language.common_words.split()))
        + sum(chars[c] / sharing[c] for c in set(language.letters)) / 2
        for language in candidates
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] == 0 or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, "none"
    return ranked[0][0], "words"


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
