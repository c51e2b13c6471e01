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
from itertools import islice
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsscraper.extraction.languages import words
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
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Clean already (most texts asked again): printable excludes every space but
        # " " and every zero-width and bidi control, and NFC leaves spaces as they are
        return (text if text.isascii() else unicodedata.normalize("NFC", text)) or None
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
    value = str(value)
    if "\n" not in value:  # one line (most blocks): clean_text alone says the same
        return clean_text(value)
    lines = (clean_text(line) for line in value.split("\n"))
    text = "\n".join(line for line in lines if line)
    return text or None


def strip_site_name(headline: str | None, site_title: str | None) -> str | None:
    """Remove the site's name the CMS puts before or after a headline.

    >>> strip_site_name("Portugal Colonial - Staatsmedien: Kim sagt zu", "Portugal Colonial")
    'Staatsmedien: Kim sagt zu'
    >>> strip_site_name("Kim sagt zu | Portugal Colonial", "Portugal Colonial")
    'Kim sagt zu'
    >>> strip_site_name("Portugal Colonial", "Portugal Colonial") is None
    True
    >>> strip_site_name("Portugal - Colonial past", "Portugal Colonial")
    'Portugal - Colonial past'
    >>> strip_site_name("Kim sagt zu :: Wochenblatt", "Wochenblatt")
    'Kim sagt zu'
    """
    text = clean_text(headline)
    name = clean_text(site_title)
    if not text or not name:
        return text
    if text.casefold() == name.casefold():
        return None
    size = len(name)
    if text[:size].casefold() == name.casefold():
        rest = _after_separator(text[size:])
        text = rest if rest else text
    if text[-size:].casefold() == name.casefold():
        rest = _after_separator(text[:-size][::-1])
        text = rest[::-1] if rest else text
    return clean_text(text)


#: What a CMS prints between a headline and the site's name.
TITLE_SEPARATORS = ("::", "-", "\u2013", "\u2014", "|", ":", "\u00b7", "\u2022", "/")


def _after_separator(text: str) -> str | None:
    """The text after a leading separator (spaces around it), or None if there is none."""
    rest = text.lstrip()
    for separator in TITLE_SEPARATORS:
        if rest.startswith(separator):
            return rest[len(separator) :].strip() or None
    return None


_LABEL = "|".join(CREDIT_LABELS)
# A credit is short and is not a sentence: no ". " inside, no full stop at the end.
# Spaces are possessive (``\s*+``): they never give back what the credit could take.
_CREDIT_TEXT = r"(?:[^.!?()]|\.(?=\S)|\([^()]{0,40}\))+?"
_CREDIT_IN_PARENS = re.compile(
    rf"\s*+\(\s*+(?:{_LABEL})\s*+:\s*+(?P<credit>{_CREDIT_TEXT})\s*+\)\s*+$", re.IGNORECASE
)
_CREDIT_IN_CAPTION = re.compile(
    rf"(?:^|\s*+[/|\u2013\u2014-]\s*+|\s++)(?:{_LABEL})\s*+:\s*+(?P<credit>{_CREDIT_TEXT})\s*+$",
    re.IGNORECASE,
)
_COPYRIGHT_TAIL = re.compile(
    rf"(?:^|\s*+[/|]\s*+|\s++)(?:©|\(c\)(?=\s)|copyright(?=\s))\s*+(?P<credit>{_CREDIT_TEXT})\s*+$",
    re.IGNORECASE,
)
_CREDIT_PATTERNS = (_CREDIT_IN_PARENS, _CREDIT_IN_CAPTION, _COPYRIGHT_TAIL)
_CREDIT_MAX = 120
#: A credit ends the text and is at most _CREDIT_MAX long, so a match starts in the
#: text's last _CREDIT_TAIL characters: searching only there bounds the work per call,
#: however long the text (``^`` still means the text's real start).
_CREDIT_TAIL = _CREDIT_MAX + max(map(len, CREDIT_LABELS), default=0) + 16


def _credit_match(text: str) -> re.Match[str] | None:
    start = max(0, len(text) - _CREDIT_TAIL)
    tail = text[start:]
    # Each pattern prints a label's ":", a "©", "(c)" or "copyright" (ASCII letters,
    # which match only themselves case-insensitively): without one, nothing can match.
    if ":" not in tail and "©" not in tail:
        low = tail.lower()
        if "(c)" not in low and "copyr" not in low:
            return None
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(text, start)
        if match and len(match.group("credit")) <= _CREDIT_MAX:
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
    rf"^\s*+(?:(?:{_LABEL})\s*+:\s*+)?(?:©|\(c\)|copyright\b)?\s*+(?:(?:{_LABEL})\s*+:\s*+)?",
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


@lru_cache(maxsize=4096)  # the body, date and photo rules ask about the same blocks
def has_credit(value: str | None) -> bool:
    """True when text carries a labelled or ``©`` credit.

    >>> has_credit("Bild / Foto: AFP"), has_credit("Fotografia: Lusa"), has_credit("Ein Satz.")
    (True, True, False)
    """
    if value and value.isascii() and ":" not in value:
        # _credit_match's test without the cleaning: in ASCII, cleaning only collapses
        # spaces, which never puts two characters side by side
        low = value.lower()
        if "(c)" not in low and "copyr" not in low:
            return False
    return _has_credit(clean_text(value) or "")


@lru_cache(maxsize=4096)  # the page object asks again about the same blocks
def _has_credit(text: str) -> bool:
    return _credit_match(text) is not None


# Signature: initial(s) and surname, several authors joined by "/" (or "&", ",", "e",
# "und"…), then "--" and a two-to-four-letter code. Read by a scanner, not a regex: the
# old pattern's nested name repeats backtracked exponentially on a line of names
# ("Cristiano Ronaldo, Bruno Fernandes e Bernardo Silva" took 27 s). A scanner reads
# each character a constant number of times, in any script.
_SIGNATURE_MAX = 80
_NAME_SEPARATORS = "/&,"
_NAME_PUNCTUATION = frozenset("'\u2019-_")
_NAME_MAX_PARTS = 5
#: Words that join two names in a signature, in every language.
NAME_JOINERS = frozenset(word.casefold() for word in words("name_joiners")) | {"y", "and"}


def _is_code(text: str) -> bool:
    """Two to four capital letters, in any script with case: PC, MP, AN, ΑΠΕ."""
    return 2 <= len(text) <= 4 and text.isalpha() and text.isupper()


def _is_name_part(part: str, first: bool) -> bool:
    """A word of a name: a letter, then letters, digits, marks, apostrophes or hyphens.
    The name's first letter is a capital (or a letter of a script without case)."""
    head = part[:1]
    if not head.isalpha() or (first and head.islower()):
        return False
    return all(
        c.isalnum() or c in _NAME_PUNCTUATION or unicodedata.category(c)[0] == "M" for c in part[1:]
    )


def _is_name(name: str) -> bool:
    """One author as a signature prints it: ``A.Seabra``, ``L.da Silva``, ``Α.Παπαδόπουλος``.

    >>> _is_name("A.Seabra"), _is_name("L.da Silva"), _is_name("Müller-Lüdenscheidt")
    (True, True, True)
    >>> _is_name("a.seabra"), _is_name("A..B"), _is_name("Ein Satz mit vielen Wörtern drin")
    (False, False, False)
    """
    parts: list[str] = []
    for word in name.split():
        pieces = word.split(".")
        if pieces[-1] == "":
            pieces.pop()  # "A." ends with its dot
        parts += pieces
    if not parts or len(parts) > _NAME_MAX_PARTS:
        return False
    return all(_is_name_part(part, index == 0) for index, part in enumerate(parts))


def _signature_names(text: str) -> list[str] | None:
    """The names of ``J.Pereira/L.Barros`` or ``C.Weber und T.Braun``; None if any piece
    is not a name."""
    names: list[str] = []
    current: list[str] = []
    for word in text.replace("/", " / ").replace("&", " & ").replace(",", " , ").split():
        if word in _NAME_SEPARATORS or word.casefold() in NAME_JOINERS:
            names.append(" ".join(current))
            current = []
        else:
            current.append(word)
    names.append(" ".join(current))
    if not all(_is_name(name) for name in names):
        return None
    return _rejoin_initials(text, names)


def _rejoin_initials(text: str, names: list[str]) -> list[str]:
    """Each name as printed: "J.Pereira" keeps its missing space, "L.da Silva" its one."""
    out = []
    position = 0
    for name in names:
        first, last = name.split()[0], name.split()[-1]
        start = text.index(first, position)
        end = text.index(last, start) + len(last)
        out.append(text[start:end])
        position = end
    return out


def parse_signature(value: str | None) -> tuple[str, list[str]] | None:
    """Read an agency signature: returns (byline as printed, authors) or None.

    >>> parse_signature("A.Seabra--PC")
    ('A.Seabra--PC', ['A.Seabra'])
    >>> parse_signature(" J.Pereira/L.Barros--PC ")
    ('J.Pereira/L.Barros--PC', ['J.Pereira', 'L.Barros'])
    >>> parse_signature("C.Müller-Lüdenscheidt--MP")
    ('C.Müller-Lüdenscheidt--MP', ['C.Müller-Lüdenscheidt'])
    >>> parse_signature("Α.Παπαδόπουλος--AN")
    ('Α.Παπαδόπουλος--AN', ['Α.Παπαδόπουλος'])
    >>> parse_signature("Ele disse -- e saiu.") is None
    True
    >>> parse_signature("Die Zahl stieg um 2--3 Prozent.") is None
    True
    >>> parse_signature("Cristiano Ronaldo, Bruno Fernandes e Bernardo Silva") is None
    True
    """
    if value is None or "--" not in value and (value.isascii() or "-" not in value):
        # no "--" once cleaned: cleaning removes characters (zero-width ones, none in
        # ASCII) and spaces, and composes accents, never a "-"
        return None
    text = clean_text(value)
    if not text or len(text) > _SIGNATURE_MAX:
        return None
    names, dashes, code = text.rpartition("--")
    if not dashes or not _is_code(code.strip()):
        return None
    authors = _signature_names(names)
    return (text, authors) if authors else None


_SENTENCE_END = frozenset('.!?"\u201c\u201d\u00bb\u00ab)')


def split_trailing_signature(value: str | None) -> tuple[str | None, str | None]:
    """Split a signature printed on the last line of a paragraph, or as its last word
    after a sentence.

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
    head, space, last = text.rpartition(" ")
    if space and "--" in last and head[-1:] in _SENTENCE_END and parse_signature(last):
        return clean_paragraph(head), last
    return text, None


@lru_cache(maxsize=4096)  # asked again about the same blocks: skip their cleaning too
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
    for pattern in _ASCII_FURNITURE if _plain_ascii(text) else _FURNITURE:  # one, mostly
        if pattern.fullmatch(text):
            return True
    return False


def _joined(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """Patterns with the same flags as one alternation: a whole text matches it exactly
    when it matches one of them, in one call instead of one per pattern (~25% less
    time on the blocks of both corpora)."""
    flags = {pattern.flags for pattern in patterns}
    if len(flags) != 1:
        return patterns
    return (re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop()),)


_FURNITURE = _joined(FURNITURE_PATTERNS)


def _ascii(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """The patterns for ASCII text: re.ASCII, ~25% faster on the blocks of both corpora.
    The same answers there, since an ASCII character matches a non-ASCII one of the
    pattern only through the four case folds of ``K`` (Kelvin), ``ſ``, ``İ`` and ``ı``
    (kept Unicode when a pattern holds one)."""
    if any(c in p.pattern for p in patterns for c in "\u212a\u017f\u0130\u0131"):
        return patterns
    return tuple(re.compile(p.pattern, p.flags & ~re.UNICODE | re.ASCII) for p in patterns)


_ASCII_FURNITURE = _ascii(_FURNITURE)


def _plain_ascii(text: str) -> bool:
    """ASCII without the information separators U+001C-U+001F: whitespace to a Unicode
    ``\\s``, not to an ASCII one (found by hypothesis: ``'Share\\x1f'``)."""
    return text.isascii() and not any(c in text for c in "\x1c\x1d\x1e\x1f")


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


#: Han ideographs and Japanese kana: scripts written without spaces between words.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACED_CHAR = rf"(?:(?![{_UNSPACED}])\w)"
_WORD = re.compile(rf"[{_UNSPACED}]|{_SPACED_CHAR}++(?:[.,'’-]{_SPACED_CHAR}++)*+")
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
_PLAIN_WORD = re.compile(r"\w++(?:[.,'’-]\w++)*+")
_ASCII_WORD = re.compile(r"\w++(?:[.,'-]\w++)*+", re.ASCII)


def count_words(text: str | None) -> int:
    """Words in a text: runs of letters or digits; in Chinese and Japanese, which print
    no spaces, each ideograph or kana counts as one (as word processors count them).

    >>> count_words("Kim Jong Un sagte: „Gute Gesundheit“ – 2.5% mehr.")
    8
    >>> count_words("金正恩氏は2日、会談した。"), count_words(None)
    (11, 0)
    """
    return len(_words_pattern(text or "").findall(text or ""))


def more_words_than(text: str | None, limit: int) -> bool:
    """``count_words(text) > limit``, reading no further than the word past the limit.

    >>> more_words_than("Kim Jong Un sagte", 3), more_words_than("Kim Jong Un sagte", 4)
    (True, False)
    """
    text = text or ""
    if not text.isascii():
        # the plain pattern finds ``_WORD``'s words as far as no ideograph or kana (nor a
        # mark or sign of their blocks, which ``_WORD`` counts and ``\w`` may not) has
        # been read: only that far is searched for one, not the whole text
        found = list(islice(_PLAIN_WORD.finditer(text), limit + 1))
        end = found[-1].end() if len(found) > limit else len(text)
        if not _UNSPACED_CHAR.search(text, 0, end):
            return len(found) > limit
    words = _words_pattern(text).finditer(text)
    return next(islice(words, limit, None), None) is not None


def _words_pattern(text: str) -> re.Pattern[str]:
    """``_WORD``, or for a text without ideographs or kana (most) its plain form, which
    finds the same words without a look-ahead at every character."""
    if text.isascii():  # \w of ASCII text is [a-zA-Z0-9_]: ~40% faster as an ASCII pattern
        return _ASCII_WORD
    return _WORD if _UNSPACED_CHAR.search(text) else _PLAIN_WORD


_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise_for_fingerprint(text: str | None) -> str:
    """Fold case, accents' composition, punctuation and spacing away.

    >>> normalise_for_fingerprint("  Kim  sagt: „Ja!“ ")
    'kim sagt ja'
    """
    text = text or ""
    if not text.isascii():  # NFKC leaves ASCII as it is, and folds its case as lower()
        text = unicodedata.normalize("NFKC", text).casefold()
        if not text.isascii():
            return " ".join(_PUNCTUATION.sub(" ", text).split())
    # the same rule as a bytes table, which folds the case too: ~3x faster than the
    # pattern as a ``str`` table, and that again ~2x as bytes
    return b" ".join(text.encode().translate(_ASCII_FOLD).split()).decode()


#: Case folding and ``_PUNCTUATION`` on ASCII characters as a ``bytes.translate`` table
#: (built from them). The separators U+001C-U+001F, which ``str.split`` splits at and
#: ``bytes.split`` does not, become spaces: ``_PUNCTUATION`` keeps them (they are ``\s``)
_ASCII_FOLD = bytes(
    32 if _PUNCTUATION.match(chr(c)) or 0x1C <= c <= 0x1F else ord(chr(c).casefold())
    for c in range(128)
).ljust(256)  # only ASCII is translated


@lru_cache(maxsize=4096)  # the body rules compare the same blocks' texts again and again
def text_key(text: str | None) -> str:
    """``normalise_for_fingerprint``, memoised: what the rules compare texts by (a block
    with the headline, a lead with the description) and the fingerprint is made of."""
    return normalise_for_fingerprint(text)


def fingerprint(headline: str | None, body: str | None) -> str:
    """Stable hash of the normalised headline and body (sha256, hex).

    The body is normalised paragraph by paragraph (split at blank lines), which is the
    same text: a line break composes with nothing and breaks a word, and case folding
    and the rest read one character at a time. The rules have normalised most of the
    paragraphs already.

    >>> fingerprint("Kim  sagt zu", "Text.") == fingerprint("kim sagt zu", "Text")
    True
    >>> len(fingerprint("a", "b"))
    64
    """
    paragraphs = map(text_key, (body or "").split("\n\n"))
    payload = text_key(headline) + "\n" + " ".join(filter(None, paragraphs))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
