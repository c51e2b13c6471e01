"""Tables built from every language's words (``languages/``), for the text rules.

The words live in one module per language; this module joins them into what the
processors ask: the labels of a photo credit, month names, date labels, and the
patterns of page furniture and "not found" pages. Words that belong to no language
(ticker symbols, social networks) live here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from newsscraper.extraction.languages import LANGUAGES, words

#: Labels printed before a photo credit ("/ Foto: AFP"), longest first.
CREDIT_LABELS: tuple[str, ...] = tuple(sorted(words("credit_labels"), key=len, reverse=True))

#: Month names (and common abbreviations) to month numbers, per language.
MONTHS: dict[str, dict[str, int]] = {
    code: dict(language.months) for code, language in LANGUAGES.items() if language.months
}

#: Every month name of every language, for pages whose language is unknown.
ALL_MONTHS: dict[str, int] = {
    name: number for table in MONTHS.values() for name, number in table.items()
}

#: Words before a printed date that say which date it is.
DATE_LABELS: dict[str, str] = {
    label: kind for language in LANGUAGES.values() for label, kind in language.date_labels.items()
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


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, any run of spaces between
    words."""
    unique = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s++".join(re.escape(word) for word in p.split()) for p in unique)


def _furniture_patterns() -> tuple[re.Pattern[str], ...]:
    text_size = _alternation(words("text_size"))
    markets = _alternation(words("markets"))
    tickers = _alternation((*TICKER_SYMBOLS, *words("ticker_names")))
    share = _alternation((*words("share"), *SHARE_TARGETS))
    related = _alternation(words("related"))
    ads = _alternation(words("advertising"))
    go_on = _alternation(words("continue_reading"))
    newsletter = _alternation(words("newsletter"))
    fillers = _alternation(words("newsletter_fillers"))
    # Possessive repeats (``*+``, ``++``) never give back what they took, so a block
    # that is almost furniture fails in one pass instead of trying every split of it.
    patterns = (
        # text-size control
        rf"(?:{text_size})\s*+:?(?:\s*+(?:[Aa][-+−]*+|[-+−]++|\d{{1,3}}+\s*+%))*+\s*+",
        r"(?:A\s*+[-+−]\s*+){1,3}+",
        # stock ticker
        rf"(?:{markets})\s*+:?",
        rf"(?:{tickers}|USD/\w++|EUR/\w++|BTC/\w++)\s++[-+−]?\d[\d.,]*+\s*+%\s++[\d.,]++\s*+"
        r"(?:\$|€|USD|EUR)?",
        # share and print links
        rf"(?:{share})(?:\s*+[|:·]?\s*+(?:{share}))*+\s*+:?",
        # related-article box headings
        rf"(?:{related})\s*+:?",
        rf"(?:{ads})\s*+:?",
        # "the article goes on after the ad"
        rf"(?:{go_on})\.?",
        # newsletter and sign-up boxes
        rf"(?:{newsletter})(?:\s++(?:{fillers}))*+\s*+[!:]?",
    )
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


#: Whole blocks of text that are page furniture, in any of the languages.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = _furniture_patterns()


def fold(text: str) -> str:
    """Case and accents folded away, for matching printed phrases.

    >>> fold("Página NÃO encontrada")
    'pagina nao encontrada'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _error_page_patterns() -> tuple[re.Pattern[str], ...]:
    phrases = {fold(p) for p in words("not_found")}
    anywhere = _alternation(p for p in phrases if " " in p)
    first_word = _alternation(p for p in phrases if " " not in p)
    return (
        re.compile(r"^(?:erro\s*)?404\b"),
        re.compile(anywhere),
        re.compile(rf"^(?:{first_word})\b"),
    )


#: Headlines of error and "not found" pages served with status 200 at article URLs,
#: matched against ``fold(text)``.
ERROR_PAGE_PATTERNS: tuple[re.Pattern[str], ...] = _error_page_patterns()
