"""Tables built from every language's words (``languages/``), for the text rules.

The words live in one module per language; this module joins them into what the
processors ask: the labels of a photo credit, month names, date labels, and the
patterns of page furniture and "not found" pages. Words that belong to no language
(ticker symbols, social networks) live here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TypeVar

from newsscraper.extraction.languages import LANGUAGES, words

_T = TypeVar("_T")

#: Labels printed before a photo credit ("/ Foto: AFP"), longest first.
CREDIT_LABELS: tuple[str, ...] = tuple(sorted(words("credit_labels"), key=len, reverse=True))


def fold(text: str) -> str:
    """Case, accents and Arabic tatweel folded away, for matching printed words.

    >>> fold("Página NÃO encontrada")
    'pagina nao encontrada'
    >>> fold("ΝΟΈΜΒΡΙΟΣ") == fold("Νοέμβριος"), fold("أبريل") == fold("ابريل")
    (True, True)
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("\u0640", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded(table: Mapping[str, _T]) -> dict[str, _T]:
    return {fold(name): value for name, value in table.items()}


#: Month names (every inflected form, abbreviations) to month numbers, per language;
#: keys are ``fold(name)``.
MONTHS: dict[str, dict[str, int]] = {
    code: _folded(language.months) for code, language in LANGUAGES.items() if language.months
}

#: Every month name of every language, for pages whose language is unknown.
ALL_MONTHS: dict[str, int] = {
    name: number for table in MONTHS.values() for name, number in table.items()
}

#: Weekday names to 0 (Monday)..6, per language; keys are ``fold(name)``.
WEEKDAYS: dict[str, dict[str, int]] = {
    code: _folded(language.weekdays) for code, language in LANGUAGES.items()
}

#: Words before a printed date that say which date it is, keys ``fold(label)``.
DATE_LABELS: dict[str, str] = {
    fold(label): kind
    for language in LANGUAGES.values()
    for label, kind in language.date_labels.items()
}

#: Market symbols a stock ticker prints, in every language.
TICKER_SYMBOLS: tuple[str, ...] = (
    "EUR/USD",
    "MDAX",
    "DAX",
    "TecDAX",
    "SDAX",
    "Euro STOXX 50",
    "STOXX",
    "PSI 20",
    "PSI",
    "IBEX 35",
    "IBEX",
    "CAC 40",
    "CAC",
    "FTSE 100",
    "FTSE",
    "Dow Jones",
    "Nasdaq",
    "S&P 500",
    "Nikkei",
)
#: Social networks and mail, printed as share links on every site.
SHARE_TARGETS: tuple[str, ...] = (
    "E-Mail",
    "EMail",
    "Facebook",
    "Twitter",
    "X",
    "WhatsApp",
    "Telegram",
    "LinkedIn",
)


#: What a video player prints where its script did not run (video.js and its clones print
#: it in English on pages of every language), matched at the start of a block.
PLAYER_FALLBACKS: tuple[str, ...] = (
    "To view this video please enable JavaScript",
    "Please enable JavaScript to view",
    "Your browser does not support the video tag",
    "We apologize, but this video has failed to load",
)


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces between
    words."""
    unique = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s++".join(re.escape(word) for word in p.split()) for p in unique)


def _furniture_patterns() -> tuple[re.Pattern[str], ...]:
    # Every repetition is possessive (``*+``): a block that is not furniture fails at
    # once instead of retrying each way of cutting it into words.
    text_size = _alternation(words("text_size"))
    markets = _alternation(words("markets"))
    tickers = _alternation((*TICKER_SYMBOLS, *words("ticker_names")))
    share = _alternation((*words("share"), *SHARE_TARGETS))
    related = _alternation(words("related"))
    ads = _alternation(words("advertising"))
    go_on = _alternation(words("continue_reading"))
    newsletter = _alternation(words("newsletter"))
    fillers = _alternation(words("newsletter_fillers"))
    colon = "[:\uff1a]"  # CJK pages print the full-width colon
    patterns = (
        # text-size control
        rf"(?:{text_size})\s*+{colon}?(?:\s*+(?:[Aa][-+−]*+|[-+−]++|\d{{1,3}}+\s*+%))*+\s*+",
        r"(?:A\s*+[-+−]\s*+){1,3}+",
        # stock ticker
        rf"(?:{markets})\s*+{colon}?",
        rf"(?:{tickers}|USD/\w++|EUR/\w++|BTC/\w++)\s++[-+−]?\d[\d.,]*+\s*+%\s++[\d.,]++\s*+"
        r"(?:\$|€|USD|EUR)?",
        # share and print links
        rf"(?:{share})(?:\s*+[|:·]?\s*+(?:{share}))*+\s*+{colon}?",
        # related-article box headings
        rf"(?:{related})\s*+{colon}?",
        rf"(?:{ads})\s*+{colon}?",
        # "the article goes on after the ad"
        rf"(?:{go_on})\.?",
        # newsletter and sign-up boxes
        rf"(?:{newsletter})(?:\s++(?:{fillers}))*+\s*+[!:\uff01\uff1a]?",
        # a video player's fallback line, whatever follows on the line
        rf"(?:{_alternation(PLAYER_FALLBACKS)})[^\n]*+",
        # a broadcaster's note of when it aired the story: the note and one short line
        rf"(?:{_alternation(words('broadcast_notes'))})[^\n]{{0,160}}+",
    )
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


#: Whole blocks of text that are page furniture, in any of the languages.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = _furniture_patterns()

#: A newsletter named anywhere in a block (``WAZ-Newsletter``, ``ourNewsletter``), in
#: any of the languages: searched, not matched whole.
NEWSLETTER_NAMES: re.Pattern[str] = re.compile(
    _alternation(words("newsletter_names")), re.IGNORECASE
)


#: Scripts written without spaces between words: a phrase of them has no word edges.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _error_page_patterns() -> tuple[re.Pattern[str], ...]:
    phrases = {fold(p) for p in words("not_found")}
    anywhere = _alternation(p for p in phrases if " " in p or _UNSPACED.search(p))
    first_word = _alternation(p for p in phrases if " " not in p and not _UNSPACED.search(p))
    return (
        re.compile(r"^(?:erro\s*)?404\b"),
        re.compile(anywhere),
        re.compile(rf"^(?:{first_word})\b"),
    )


#: Headlines of error and "not found" pages served with status 200 at article URLs,
#: matched against ``fold(text)``.
ERROR_PAGE_PATTERNS: tuple[re.Pattern[str], ...] = _error_page_patterns()


#: How a sentence ends, in every script of the network: Latin and Greek stops and
#: quotes, the ideographic full stop and full-width marks (``。！？」``), the Arabic
#: question mark and full stop (``؟ ۔``), the Devanagari danda (``।``).
SENTENCE_END: re.Pattern[str] = re.compile(
    "[.!?:;\"'\u201c\u201d\u00bb\u00ab)\u2026\u3002\uff01\uff1f\uff0e\u300d\u300f\uff09"
    "\u061f\u06d4\u0964\u0965\u037e]$"
)
