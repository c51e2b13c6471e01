"""Pure text cleaning: each function takes a string and returns a clean value or None.

Nothing here touches HTML, the network or the clock, so every rule is a doctest.
Language data (labels, month names) lives in ``newsscraper.extraction.tables``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsscraper.extraction.tables import CREDIT_LABELS, FURNITURE_PATTERNS

# Zero-width characters, soft hyphens and the bidi controls (LRM, RLM, ALM, embeddings,
# overrides, isolates): invisible, and right-to-left text is stored in logical order.
_ZERO_WIDTH = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)


def clean_text(value: str | None) -> str | None:
    """Normalise Unicode and whitespace; empty text becomes None.

    >>> clean_text("  Kim\\u00a0Jong\\tUn \\n sagte ")
    'Kim Jong Un sagte'
    >>> clean_text(" \\u200b ") is None
    True
    >>> clean_text("Cafe\\u0301")
    'Café'
    """
    if value is None:
        return None
    text = str(value)
    if not text.isascii():  # ASCII is already NFC and holds no zero-width characters
        text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    return " ".join(text.split()) or None  # split() and \s agree on what is a space


def clean_paragraph(value: str | None) -> str | None:
    """Like clean_text, but keeps single line breaks a paragraph holds (poems, lists).

    >>> clean_paragraph(" erste Zeile \\n  zweite   Zeile \\n\\n")
    'erste Zeile\\nzweite Zeile'
    """
    if value is None:
        return None
    lines = (clean_text(line) for line in str(value).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text or None


def strip_site_name(headline: str | None, site_title: str) -> str | None:
    """Remove the site's name the CMS puts before or after a headline.

    >>> strip_site_name("Portugal Colonial - Staatsmedien: Kim sagt zu", "Portugal Colonial")
    'Staatsmedien: Kim sagt zu'
    >>> strip_site_name("Kim sagt zu | Portugal Colonial", "Portugal Colonial")
    'Kim sagt zu'
    >>> strip_site_name("Portugal Colonial", "Portugal Colonial") is None
    True
    >>> strip_site_name("Portugal - Colonial past", "Portugal Colonial")
    'Portugal - Colonial past'
    """
    text = clean_text(headline)
    if not text or not site_title:
        return text
    name = re.escape(site_title)
    sep = r"\s*[-\u2013\u2014|:\u00b7]\s*"
    text = re.sub(rf"^{name}{sep}", "", text, flags=re.IGNORECASE)
    text = re.sub(rf"{sep}{name}$", "", text, flags=re.IGNORECASE)
    if text.casefold() == site_title.casefold():
        return None
    return clean_text(text)


_LABEL = "|".join(CREDIT_LABELS)
# A credit is short and is not a sentence: no ". " inside, no full stop at the end.
_CREDIT_TEXT = r"(?:[^.!?()]|\.(?=\S)|\([^()]{0,40}\))+?"
_CREDIT_IN_PARENS = re.compile(
    rf"\s*\(\s*(?:{_LABEL})\s*:\s*(?P<credit>{_CREDIT_TEXT})\s*\)\s*$", re.IGNORECASE
)
_CREDIT_IN_CAPTION = re.compile(
    rf"(?:^|\s*[/|\u2013\u2014-]\s*|\s+)(?:{_LABEL})\s*:\s*(?P<credit>{_CREDIT_TEXT})\s*$",
    re.IGNORECASE,
)
_COPYRIGHT_TAIL = re.compile(
    rf"(?:^|\s*[/|]\s*|\s+)(?:©|\(c\)(?=\s)|copyright(?=\s))\s*(?P<credit>{_CREDIT_TEXT})\s*$",
    re.IGNORECASE,
)
_CREDIT_PATTERNS = (_CREDIT_IN_PARENS, _CREDIT_IN_CAPTION, _COPYRIGHT_TAIL)


def _credit_match(text: str) -> re.Match[str] | None:
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(text)
        if match and len(match.group("credit")) <= 120:
            return match
    return None


def split_caption(value: str | None) -> tuple[str | None, str | None]:
    """Split printed ``caption / Foto: credit`` into (caption, credit).

    >>> split_caption("Kim und Schoigu / Foto: STR - KCNA VIA KNS/AFP")
    ('Kim und Schoigu', 'STR - KCNA VIA KNS/AFP')
    >>> split_caption("O primeiro-ministro em Lisboa / Fotografia: © Patricia DE MELO MOREIRA/AFP")
    ('O primeiro-ministro em Lisboa', 'Patricia DE MELO MOREIRA/AFP')
    >>> split_caption("Putin in Moskau (Foto: Kirill KUDRYAVTSEV/AFP/Archiv)")
    ('Putin in Moskau', 'Kirill KUDRYAVTSEV/AFP/Archiv')
    >>> split_caption("Ein Bild ohne Quelle")
    ('Ein Bild ohne Quelle', None)
    >>> split_caption("Hafen von Lissabon © AFP")
    ('Hafen von Lissabon', 'AFP')
    >>> split_caption("Foto: AFP")
    (None, 'AFP')
    >>> split_caption("Bayrou in Paris / Foto: Ludovic MARIN/AFP (Archiv)")
    ('Bayrou in Paris', 'Ludovic MARIN/AFP (Archiv)')
    >>> split_caption("Das Gesetz folgt der EU-Copyright-Richtlinie von 2019.")
    ('Das Gesetz folgt der EU-Copyright-Richtlinie von 2019.', None)
    >>> split_caption("Es gelten (a) dies, (b) das und (c) jenes Recht.")
    ('Es gelten (a) dies, (b) das und (c) jenes Recht.', None)
    """
    text = clean_text(value)
    if not text:
        return None, None
    match = _credit_match(text)
    if not match:
        return text, None
    caption = clean_text(text[: match.start()].rstrip(" /|-\u2013\u2014("))
    return caption, clean_credit(match.group("credit"))


_CREDIT_PREFIX = re.compile(
    rf"^\s*(?:(?:{_LABEL})\s*:\s*)?(?:©|\(c\)|copyright\b)?\s*(?:(?:{_LABEL})\s*:\s*)?",
    re.IGNORECASE,
)


def clean_credit(value: str | None) -> str | None:
    """Remove the credit's label and a leading ``©``; keep the rest as printed.

    >>> clean_credit("Foto: STR - KCNA VIA KNS/AFP")
    'STR - KCNA VIA KNS/AFP'
    >>> clean_credit("© Kirill KUDRYAVTSEV/AFP/Archiv")
    'Kirill KUDRYAVTSEV/AFP/Archiv'
    >>> clean_credit("Fotografia: ©AFP")
    'AFP'
    >>> clean_credit("/ Photo: (c) JOHN MACDOUGALL / AFP")
    'JOHN MACDOUGALL / AFP'
    >>> clean_credit("©") is None
    True
    """
    text = clean_text(value)
    if not text:
        return None
    text = text.lstrip("/| ")
    text = _CREDIT_PREFIX.sub("", text, count=1).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return clean_text(text)


def has_credit(value: str | None) -> bool:
    """True when text carries a labelled or ``©`` credit.

    >>> has_credit("Bild / Foto: AFP"), has_credit("Fotografia: Lusa"), has_credit("Ein Satz.")
    (True, True, False)
    """
    return _has_credit(clean_text(value) or "")


@lru_cache(maxsize=4096)  # the page object asks again about the same blocks
def _has_credit(text: str) -> bool:
    return _credit_match(text) is not None


# Signature: initial(s) and surname, several authors joined by "/", then "--" and the
# site's code. Names may carry accents, apostrophes, hyphens and spaces.
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?(?:\s?[A-ZÀ-ÖØ-Þa-zß-ÿ][\w'’\-]*\.?){0,4}"
_SIGNATURE = re.compile(
    rf"^(?P<names>{_NAME}(?:\s*(?:/|&|,|\bund\b|\be\b|\band\b|\by\b)\s*{_NAME})*)\s*--\s*"
    r"(?P<code>[A-Z]{2,4})$"
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:/|&|,|\bund\b|\be\b|\band\b|\by\b)\s*")


def parse_signature(value: str | None) -> tuple[str, list[str]] | None:
    """Read an agency signature: returns (byline as printed, authors) or None.

    >>> parse_signature("A.Seabra--PC")
    ('A.Seabra--PC', ['A.Seabra'])
    >>> parse_signature(" J.Pereira/L.Barros--PC ")
    ('J.Pereira/L.Barros--PC', ['J.Pereira', 'L.Barros'])
    >>> parse_signature("C.Müller-Lüdenscheidt--MP")
    ('C.Müller-Lüdenscheidt--MP', ['C.Müller-Lüdenscheidt'])
    >>> parse_signature("Ele disse -- e saiu.") is None
    True
    >>> parse_signature("Die Zahl stieg um 2--3 Prozent.") is None
    True
    """
    text = clean_text(value)
    if not text or len(text) > 80:
        return None
    match = _SIGNATURE.match(text)
    if not match:
        return None
    names = [name for name in _AUTHOR_SPLIT.split(match.group("names")) if name]
    return text, names


def split_trailing_signature(value: str | None) -> tuple[str | None, str | None]:
    """Split a signature printed on the last line of a paragraph.

    >>> split_trailing_signature("Das Treffen endete.\\nA.Seabra--PC")
    ('Das Treffen endete.', 'A.Seabra--PC')
    >>> split_trailing_signature("Das Treffen endete. A.Seabra--PC")
    ('Das Treffen endete.', 'A.Seabra--PC')
    >>> split_trailing_signature("Nichts zu sehen.")
    ('Nichts zu sehen.', None)
    """
    text = clean_paragraph(value)
    if not text:
        return None, None
    head, _, last = text.rpartition("\n")
    if head and parse_signature(last):
        return clean_paragraph(head), clean_text(last)
    match = re.search(r"(?<=[.!?\"“”»«)])\s+(\S+--[A-Z]{2,4})$", text)
    if match and parse_signature(match.group(1)):
        return clean_paragraph(text[: match.start()]), match.group(1)
    return text, None


def is_furniture(value: str | None) -> bool:
    """True for page furniture that never belongs to an article field.

    >>> is_furniture("Textgröße:"), is_furniture("DAX -0.11% 19189.19"), is_furniture("Börse")
    (True, True, True)
    >>> is_furniture("Tamanho do texto: A- A+"), is_furniture("Partilhar")
    (True, True)
    >>> is_furniture("Der DAX fiel am Montag um 0,5 Prozent.")
    False
    """
    text = clean_text(value)
    return not text or _is_furniture(text)


@lru_cache(maxsize=4096)  # the page object asks again about the same blocks
def _is_furniture(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in FURNITURE_PATTERNS)


def split_keywords(value: str | None) -> list[str]:
    """Split a keywords meta value on commas or semicolons, dropping empties.

    >>> split_keywords("Nordkorea, Russland,  ,Diplomatie;Kim")
    ['Nordkorea', 'Russland', 'Diplomatie', 'Kim']
    """
    parts = re.split(r"[,;]", value or "")
    return [part for part in (clean_text(p) for p in parts) if part]


def unique(values: Iterable[str]) -> list[str]:
    """Keep the first of case-insensitively equal values, in order.

    >>> unique(["Kim", "kim", "Putin", "Kim"])
    ['Kim', 'Putin']
    """
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|ref|ref_src|cmpid|"
    r"at_medium|at_campaign|wt_mc|ito|ns_\w+|__twitter_impression)$",
    re.IGNORECASE,
)


def strip_tracking(url: str) -> str:
    """Remove tracking parameters and the fragment from a URL.

    >>> strip_tracking("https://x.pt/Politica/1-a.html?utm_source=nl&id=3&fbclid=Z#top")
    'https://x.pt/Politica/1-a.html?id=3'
    >>> strip_tracking("https://x.pt/a.html?utm_medium=email")
    'https://x.pt/a.html'
    """
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def count_words(text: str | None) -> int:
    """Words in a text: runs of letters or digits.

    >>> count_words("Kim Jong Un sagte: „Gute Gesundheit“ – 2.5% mehr.")
    8
    >>> count_words(None)
    0
    """
    return len(re.findall(r"\w+(?:[.,'’-]\w+)*", text or ""))


_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise_for_fingerprint(text: str | None) -> str:
    """Fold case, accents' composition, punctuation and spacing away.

    >>> normalise_for_fingerprint("  Kim  sagt: „Ja!“ ")
    'kim sagt ja'
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def fingerprint(headline: str | None, body: str | None) -> str:
    """Stable hash of the normalised headline and body (sha256, hex).

    >>> fingerprint("Kim  sagt zu", "Text.") == fingerprint("kim sagt zu", "Text")
    True
    >>> len(fingerprint("a", "b"))
    64
    """
    payload = normalise_for_fingerprint(headline) + "\n" + normalise_for_fingerprint(body)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
