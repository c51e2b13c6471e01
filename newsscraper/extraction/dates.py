"""Dates: machine stamps, and dates printed in the page's language, each with its rule.

The helpers take explicit inputs (the text, the page's language tag, the site's zone,
the evidence of the page's other dates) and return a value and the rule that read it.

A time printed without an offset is read:

- in the site's zone when the profile knows it (rule ``zone``);
- else in the UTC offset the page's other dates carry (``page-offset``);
- else it stays naive (``naive``): it is no instant, ``iso`` gives None for it, so
  ``published_at`` stays null while ``published_raw`` keeps the text as printed.
  A site's page is never read in Lisbon time because Portugal Colonial is.

Day and month of an all-numeric date (``03/04/2024``) are ordered by the date itself
when one part is over 12, else by the page's other dates, else by the page's language
(``en-US`` reads month first, ``en`` alone day first). Precision is kept: a stamp with
milliseconds keeps them.

The language tables are our own (``languages/``), not dateparser's: reading a date is
one regex pass and dict look-ups on folded words (``benchmarks/dates.py``: dateparser is
two to three orders of magnitude slower per date). Every pattern here is linear: no
repeat can give back what another repeat could take.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from newsscraper.extraction.languages import LANGUAGES, language_for, region_of, words
from newsscraper.extraction.tables import (  # _alternation: one helper, package-private
    ALL_MONTHS,
    DATE_LABELS,
    MONTHS,
    WEEKDAYS,
    _alternation,
    fold,
)

_MIN_YEAR, _MAX_YEAR = 1990, 2100

#: Marks that set the direction of text: invisible, never part of a value.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def _without_bidi(text: str) -> str:
    """The text without its bidi controls (none in ASCII: not searched there)."""
    return text if text.isascii() else BIDI_CONTROLS.sub("", text)


# -- zones -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """What the page's other dates say: the UTC offsets they carry, in page order, and
    the order of day and month their all-numeric forms show ("DMY", "MDY" or None)."""

    offsets: tuple[timedelta, ...] = ()
    order: str | None = None

    @classmethod
    def of(cls, raws: Iterable[str | None], language: str | None = None) -> Evidence:
        """Evidence from the raw text of the page's other dates (stamps or printed).

        >>> Evidence.of(["2024-11-30T07:41:00+01:00", "11/30/2024"]).order
        'MDY'
        >>> Evidence.of(["2024-11-30T07:41:00+01:00"]).offsets
        (datetime.timedelta(seconds=3600),)
        >>> Evidence.of(["30 de novembro de 2024", None]).order
        'DMY'
        """
        offsets: list[timedelta] = []
        strong: Counter[str] = Counter()
        weak: Counter[str] = Counter()
        for raw in raws:
            stamp, _ = read_machine_date(raw, None)
            if stamp is not None:
                if stamp.utcoffset() is not None:
                    offsets.append(stamp.utcoffset())  # type: ignore[arg-type]
                continue
            for date in read_text_dates(raw, language, None):
                if date.value.utcoffset() is not None:
                    offsets.append(date.value.utcoffset())  # type: ignore[arg-type]
                shape, _, how = date.rule.partition(":")
                if how == "unambiguous":
                    strong[shape] += 1
                elif shape in ("dmy-text", "mdy-text"):
                    weak[shape[:3].upper()] += 1
        votes = {k.upper(): v for k, v in strong.items()} or weak
        order = max(sorted(votes), key=votes.__getitem__) if votes else None
        unique = tuple(dict.fromkeys(offsets))
        return cls(unique, order)


def in_zone(
    value: datetime, zone: str | None, evidence: Evidence | None = None
) -> tuple[datetime, str]:
    """Read a naive time in the site's zone, else in the page's offset, else leave it
    naive; an aware time is kept as it is.

    >>> in_zone(datetime(2024, 7, 1, 12), "Europe/Berlin")[0].isoformat()
    '2024-07-01T12:00:00+02:00'
    >>> value, rule = in_zone(datetime(2024, 7, 1, 12), None, Evidence((timedelta(hours=9),)))
    >>> value.isoformat(), rule
    ('2024-07-01T12:00:00+09:00', 'page-offset')
    >>> in_zone(datetime(2024, 7, 1, 12), None)
    (datetime.datetime(2024, 7, 1, 12, 0), 'naive')
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value, "offset"
    if zone:
        return value.replace(tzinfo=ZoneInfo(zone)), "zone"
    if evidence is not None and evidence.offsets:
        return value.replace(tzinfo=timezone(evidence.offsets[0])), "page-offset"
    return value, "naive"


def localise(value: datetime, tz: str | None) -> datetime:
    """Attach the site's zone to a naive time; leave aware times (and no zone) alone.

    >>> localise(datetime(2024, 7, 1, 12, 0), "Europe/Lisbon").isoformat()
    '2024-07-01T12:00:00+01:00'
    >>> localise(datetime(2024, 11, 30, 7, 41), "Europe/Lisbon").isoformat()
    '2024-11-30T07:41:00+00:00'
    """
    return in_zone(value, tz)[0]


def _plausible(value: datetime | None) -> datetime | None:
    if value is None or not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value


# -- machine stamps --------------------------------------------------------------------

_STAMP_START = re.compile(r"\d{4}-\d{2}|[A-Za-z]{3},?\s|\d{1,2} [A-Za-z]{3} \d{4} \d")


def _parse_stamp(text: str) -> tuple[datetime | None, str]:
    try:
        iso_text = text.replace(" ", "T", 1) if " " in text[:11] else text
        return datetime.fromisoformat(iso_text), "iso"
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text), "rfc2822"
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dateutil_parser.isoparse(text), "iso"
    except (ValueError, OverflowError):
        return None, "none"


def read_machine_date(
    raw: str | None, zone: str | None, evidence: Evidence | None = None
) -> tuple[datetime | None, str]:
    """An ISO 8601 or RFC 2822 stamp, and its rule (``<form>:<how its zone was read>``).

    >>> value, rule = read_machine_date("2024-11-30 07:41:00", "Europe/Lisbon")
    >>> iso(value), rule
    ('2024-11-30T07:41:00+00:00', 'iso:zone')
    >>> value, rule = read_machine_date("2024-11-30T07:41:00.120+09:00", None)
    >>> iso(value), rule
    ('2024-11-30T07:41:00.120+09:00', 'iso:offset')
    >>> read_machine_date("2024-11-30T07:41:00", None)
    (datetime.datetime(2024, 11, 30, 7, 41), 'iso:naive')
    >>> read_machine_date("Sat, 30 Nov 2024 07:41:00 GMT", None)[1]
    'rfc2822:offset'
    >>> read_machine_date("gestern", "Europe/Berlin")
    (None, 'none')
    """
    text = BIDI_CONTROLS.sub("", raw or "").strip()
    if not text or not _STAMP_START.match(text):
        return None, "none"
    value, form = _parse_stamp(text)
    if value is None or _plausible(value) is None:
        return None, "none"
    value, how = in_zone(value, zone, evidence)
    return value, f"{form}:{how}"


def parse_machine_date(raw: str | None, tz: str | None = "Europe/Lisbon") -> datetime | None:
    """A machine stamp; naive stamps are local time in ``tz`` (naive when ``tz`` is None).

    The Lisbon default serves the callers written for Portugal Colonial; every other
    caller passes the profile's zone (``read_machine_date`` has no default).

    >>> parse_machine_date("2024-11-30 07:41:00").isoformat()
    '2024-11-30T07:41:00+00:00'
    >>> parse_machine_date("2024-08-01T09:30:00+02:00").isoformat()
    '2024-08-01T09:30:00+02:00'
    >>> parse_machine_date("2024-08-01T09:30:00Z").isoformat()
    '2024-08-01T09:30:00+00:00'
    >>> parse_machine_date("Sat, 30 Nov 2024 07:41:00 GMT").isoformat()
    '2024-11-30T07:41:00+00:00'
    >>> parse_machine_date("2024-11-30").isoformat()
    '2024-11-30T00:00:00+00:00'
    >>> parse_machine_date("gestern") is None
    True
    """
    return read_machine_date(raw, tz)[0]


# -- dates printed in text -------------------------------------------------------------


def _second_words() -> str:
    """The second words of two-word month names (Levantine ``تشرين الثاني``)."""
    second = {
        name.split()[1]
        for language in LANGUAGES.values()
        for name in language.months
        if " " in name
    }
    return _alternation(second) if second else "(?!)"


#: A word that may be a month name: letters, then anything but spaces, digits and
#: punctuation (Devanagari vowel signs are not letters), at most 20 characters.
_WORD = r"[^\W\d_][^\s\d.,:;/()\[\]<>|\u060c]{0,19}+"
_DATE = re.compile(
    # 2024年11月30日, 2024년 11월 30일
    r"(?<!\d)(?P<cy>\d{4})\s*+[年년]\s*+(?P<cm>\d{1,2})\s*+[月월]\s*+(?P<cd>\d{1,2})\s*+[日일]"
    # 2024-11-30, 2024/11/30, 2024.11.30., 2024. 11. 30.
    r"|(?<!\d)(?P<iy>\d{4})(?P<isep>[-./])\s?(?P<im>\d{1,2})(?P=isep)\s?(?P<id>\d{1,2})(?!\d)"
    r"(?:\.(?!\d))?"
    # 30.11.2024, 30/11/2024, 11/30/2024, 30. 11. 2024
    r"|(?<!\d)(?P<na>\d{1,2})(?P<nsep>[-./])\s?(?P<nb>\d{1,2})(?P=nsep)\s?(?P<ny>\d{4})(?!\d)"
    # 30 de noviembre de 2024, 30. listopadu 2024, 30 Νοεμβρίου 2024, ٣٠ نوفمبر ٢٠٢٤
    r"|(?:(?<!\d)|(?<=(?:19|20)\d\d))(?P<td>\d{1,2})(?:\.|º|°|er|st|nd|rd|th)?\s*+"
    rf"(?:(?i:de|of)\s++)?(?P<tm>{_WORD})(?:\s++(?P<tm2>{_second_words()}))?\.?,?\s*+"
    r"(?:(?i:de|del)\s++)?(?P<ty>\d{4})"
    # November 30, 2024
    rf"|(?<![^\W\d_])(?P<fm>{_WORD})\.?\s++(?P<fd>\d{{1,2}})(?:st|nd|rd|th)?,?\s++"
    r"(?P<fy>\d{4})(?!\d)"
)
#: Four digits in a row: each form of ``_DATE`` prints its year so. A text without them
#: holds no date, and a scan for them is far cheaper than ``_DATE``'s alternatives.
_YEAR_DIGITS = re.compile(r"\d{4}")

_MERIDIEM: dict[str, str] = {
    fold(word): half for language in LANGUAGES.values() for word, half in language.meridiem.items()
}
#: As printed and folded (``مساءً``, ``مساء``).
_MERIDIEM_WORDS = {*_MERIDIEM, *(w for lang in LANGUAGES.values() for w in lang.meridiem)}
_MERIDIEM_BEFORE = ("오전", "오후", "午前", "午後", "上午", "下午", "早上", "晚上")
_TIME_WORDS = _alternation(words("time_words"))
_TIME = re.compile(
    # between the date and the time: separators, a weekday in brackets, time words
    r"(?P<gap>(?:\s*+(?:[-–—,|·@/]|\([^()]{1,8}\)|（[^（）]{1,8}）"
    rf"|(?i:{_TIME_WORDS})(?![^\W\d_]))){{0,4}}+)\s*+"
    rf"(?P<mb>{'|'.join(_MERIDIEM_BEFORE)})?\s*+"
    r"(?P<hour>\d{1,2})(?:(?P<sep>[:：.h]|時|时|시|點|点)\s*+(?P<minute>\d{2})?)(?!\d)"
    r"(?:[:：](?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?(?!\d))?"
    r"\s*+[分분]?(?:\s*+(?P<csecond>\d{1,2})\s*+[秒초])?"
    rf"(?:\s*+(?P<ma>(?i:{_alternation(_MERIDIEM_WORDS)}))(?![^\W\d_]))?"
    r"(?:\s*+(?P<suffix>(?i:Uhr|hrs?\.?|horas|uur|hod\.?|h)|बजे)(?![^\W\d_]))?"
    r"(?:\s*+(?P<zone>UTC|GMT)(?:(?P<zsign>[-+−])(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?)?"
)


@dataclass(frozen=True)
class TextDate:
    """A date printed in a reader's text, what its label says it is, and how it was read
    (``rule``: its shape and how its day and month were ordered; ``zone``: how a time
    without an offset was placed, see ``in_zone``)."""

    raw: str
    value: datetime
    kind: str | None  # "published", "modified" or None (no label)
    start: int
    rule: str = ""
    zone: str = ""


def _code(tag: str | None) -> str | None:
    language = language_for(tag)
    return language.code if language is not None else None


def _month(name: str, second: str | None, language: str | None) -> int | None:
    table = MONTHS.get(language or "", {})
    for key in (f"{name} {second}" if second else None, name):
        if key:
            key = fold(key).rstrip("\u0970")
            found = table.get(key) or ALL_MONTHS.get(key)
            if found:
                return found
    return None


def _order(a: int, b: int, tag: str | None, evidence: Evidence | None) -> tuple[str, str]:
    """Which of ``a/b/yyyy`` is the day: (order, why)."""
    if a > 12 >= b:
        return "DMY", "unambiguous"
    if b > 12 >= a:
        return "MDY", "unambiguous"
    if evidence is not None and evidence.order:
        return evidence.order, "page"
    language = language_for(tag)
    if language is not None:
        if region_of(tag) in language.month_first_regions:
            return "MDY", "region"
        if language.date_order in ("DMY", "MDY"):
            return language.date_order, "language"
    return "DMY", "default"


def _ymd(
    match: re.Match[str], tag: str | None, code: str | None, evidence: Evidence | None
) -> tuple[int, int, int, str] | None:
    """Year, month, day and the rule of one match, or None when it is no date."""
    g = match.group
    if g("cy"):
        return int(g("cy")), int(g("cm")), int(g("cd")), "cjk"
    if g("iy"):
        return int(g("iy")), int(g("im")), int(g("id")), "ymd"
    if g("ny"):
        a, b = int(g("na")), int(g("nb"))
        order, why = _order(a, b, tag, evidence)
        day, month = (a, b) if order == "DMY" else (b, a)
        return int(g("ny")), month, day, f"{order.lower()}:{why}"
    if g("ty"):
        month = _month(g("tm"), g("tm2"), code)
        return (int(g("ty")), month, int(g("td")), "dmy-text") if month else None
    month = _month(g("fm"), None, code)
    return (int(g("fy")), month, int(g("fd")), "mdy-text") if month else None


def _clock(
    match: re.Match[str], code: str | None
) -> tuple[int, int, int, int, timezone | None] | None:
    """Hour, minute, second, microsecond and printed zone of a time, or None."""
    g = match.group
    sep, minute, suffix = g("sep"), g("minute"), g("suffix")
    if sep in (":", "：") and minute is None:
        return None
    dot_clock = code is not None and LANGUAGES[code].clock_dot
    if sep == "." and not (dot_clock or suffix or g("gap").strip(" ,-–—|·@/")):
        return None  # 12.50 after a date is a figure unless a time word says it is a time
    hour, minutes = int(g("hour")), int(minute or 0)
    half = g("mb") or g("ma")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if _MERIDIEM.get(fold(half)) == "pm" else 0)
    second = int(g("second") or g("csecond") or 0)
    micro = int((g("fraction") or "0").ljust(6, "0"))
    if hour > 23 or minutes > 59 or second > 59:
        return None
    zone = None
    if g("zone"):
        sign = -1 if g("zsign") in ("-", "−") else 1
        offset = timedelta(hours=int(g("zh") or 0), minutes=int(g("zm") or 0))
        zone = timezone(sign * offset)
    return hour, minutes, second, micro, zone


def _label_before(text: str) -> str | None:
    window = fold(text)
    found = [(window.rfind(label), kind) for label, kind in DATE_LABELS.items() if label in window]
    return max(found)[1] if found else None


def read_text_dates(
    text: str | None, language: str | None, zone: str | None, evidence: Evidence | None = None
) -> list[TextDate]:
    """Every date printed in a text, in order, each with its label and rules.

    ``language`` is the page's tag (``de``, ``en-US``), ``zone`` the site's zone or
    None, ``evidence`` what the page's other dates say.

    >>> greek = read_text_dates("30 Νοεμβρίου 2024, 07:41", "el", "Europe/Athens")
    >>> [d.value.isoformat() for d in greek]
    ['2024-11-30T07:41:00+02:00']
    >>> [d.raw for d in read_text_dates("2024年11月30日(土) 7時41分", "ja", "Asia/Tokyo")]
    ['2024年11月30日(土) 7時41分']
    >>> date = read_text_dates("03/04/2024", "en-US", None)[0]
    >>> date.value.isoformat(), date.rule, date.zone
    ('2024-03-04T00:00:00', 'mdy:region', 'naive')
    """
    if not text:
        return []
    text = _without_bidi(text)
    if not _YEAR_DIGITS.search(text):
        return []  # every form of _DATE prints a four-digit year
    code = _code(language)
    dates: list[TextDate] = []
    position, end = 0, 0
    while True:
        match = _DATE.search(text, position)
        if match is None:
            return dates
        parts = _ymd(match, language, code, evidence)
        if parts is None:
            position = match.start() + 1
            continue
        year, month, day, rule = parts
        stop, clock = match.end(), None
        timed = _TIME.match(text, stop)
        if timed:
            clock = _clock(timed, code)
            stop = timed.end() if clock else stop
        hour, minute, second, micro, printed = clock or (0, 0, 0, 0, None)
        try:
            value = datetime(year, month, day, hour, minute, second, micro, tzinfo=printed)
        except ValueError:
            position = match.start() + 1
            continue
        position = stop
        if _plausible(value) is None:
            continue
        value, how = in_zone(value, zone, evidence)
        label = _label_before(text[max(end, match.start() - 40) : match.start()])
        raw = text[match.start() : stop].strip()
        dates.append(TextDate(raw, value, label, match.start(), rule, how))
        end = stop


def pick_published(dates: list[TextDate]) -> TextDate | None:
    """The publication date among printed ones: labelled so, else unlabelled, else any.

    >>> line = "Atualizado: 28/11/2024 16:05 | Publicado: 28/11/2024 09:12"
    >>> pick_published(find_text_dates(line)).raw
    '28/11/2024 09:12'
    >>> pick_published(find_text_dates("Stand: 06.06.2024 14:31")).raw
    '06.06.2024 14:31'
    """
    for kinds in (("published",), (None,), ("modified",)):
        for date in dates:
            if date.kind in kinds:
                return date
    return None


def read_text_date(
    text: str | None, language: str | None, zone: str | None, evidence: Evidence | None = None
) -> tuple[TextDate | None, str]:
    """The publication date printed in a text, and its rule (``<kind>:<shape>``).

    >>> date, rule = read_text_date("Publicado: 03/11/2024 07:41", "pt", "Europe/Lisbon")
    >>> date.value.isoformat(), rule
    ('2024-11-03T07:41:00+00:00', 'published:dmy:language')
    """
    date = pick_published(read_text_dates(text, language, zone, evidence))
    if date is None:
        return None, "none"
    return date, f"{date.kind or 'unlabelled'}:{date.rule}"


def find_text_dates(
    text: str | None, language: str | None = None, tz: str | None = "Europe/Lisbon"
) -> list[TextDate]:
    """``read_text_dates`` with Portugal Colonial's zone by default.

    >>> dates = find_text_dates("Atualizado: 28/11/2024 - 16:05 | Publicado: 28/11/2024 - 09:12")
    >>> [(d.kind, d.value.strftime("%H:%M")) for d in dates]
    [('modified', '16:05'), ('published', '09:12')]
    >>> [d.raw for d in find_text_dates("17 de outubro de 202417 de outubro de 2024", "pt")]
    ['17 de outubro de 2024', '17 de outubro de 2024']
    """
    return read_text_dates(text, language, tz)


def find_text_date(
    text: str | None, language: str | None = None, tz: str | None = "Europe/Lisbon"
) -> tuple[str, datetime] | None:
    """Find the first date printed in a reader's text: returns (raw text, datetime).

    >>> raw, when = find_text_date("Samstag, 30. November 2024 - 07:41 Uhr", "de")
    >>> raw, when.isoformat()
    ('30. November 2024 - 07:41 Uhr', '2024-11-30T07:41:00+00:00')
    >>> find_text_date("Publicado: 30/11/2024 07:41", "pt")[1].isoformat()
    '2024-11-30T07:41:00+00:00'
    >>> find_text_date("30 de novembro de 2024", "pt")[1].isoformat()
    '2024-11-30T00:00:00+00:00'
    >>> find_text_date("Stand: 01.08.2024, 09:30", "de")[1].isoformat()
    '2024-08-01T09:30:00+01:00'
    >>> find_text_date("15 de março de 2025 às 14h30", "pt")[1].isoformat()
    '2025-03-15T14:30:00+00:00'
    >>> find_text_date("November 30, 2024", "en")[1].isoformat()
    '2024-11-30T00:00:00+00:00'
    >>> find_text_date("Seit 12 Jahren und 3 Monaten", "de") is None
    True
    """
    dates = find_text_dates(text, language, tz)
    return (dates[0].raw, dates[0].value) if dates else None


# -- datelines -------------------------------------------------------------------------


def _filler_words() -> frozenset[str]:
    """Words a dateline prints around its dates: labels, time words, bylines' "by"."""
    found = {"em", "am", "on", "le", "il", "el", "de", "da", "do", "h"}
    for attribute in ("time_words", "byline_prefixes"):
        found |= {fold(part) for word in words(attribute) for part in word.split()}
    found |= {fold(part) for label in DATE_LABELS for part in label.split()}
    return frozenset(found)


_FILLER = _filler_words()


def _tokens(text: str) -> list[str]:
    """Runs of letters and their marks (Devanagari vowel signs are marks, not letters)."""
    tokens, current = [], []
    for char in text:
        if unicodedata.category(char)[0] in "LM":
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


@lru_cache(maxsize=4096)  # the body's text and datelines ask about the same blocks
def is_dateline(text: str | None, language: str | None = None) -> bool:
    """True for a line that holds dates and their labels (and perhaps a short byline).

    >>> is_dateline("Atualizado: 28/11/2024 - 16:05 | Publicado: 28/11/2024 - 09:12", "pt")
    True
    >>> is_dateline("17 de outubro de 202417 de outubro de 2024 por Redação", "pt")
    True
    >>> is_dateline("Am 30.11.2024 hat der Bundestag das Gesetz mit großer Mehrheit beschlossen.")
    False
    >>> is_dateline("Σάββατο, 30 Νοεμβρίου 2024 - 07:41", "el")
    True
    """
    dates = read_text_dates(text, language, None)
    if not text or not dates:
        return False
    rest = _without_bidi(text)
    for date in dates:
        rest = rest.replace(date.raw, " ", 1)
    code = _code(language)
    weekdays = WEEKDAYS.get(code) if code else None
    left = [
        token
        for token in _tokens(rest)
        if fold(token) not in _FILLER
        and (fold(token) not in weekdays if weekdays is not None else not _any_weekday(token))
    ]
    return len("".join(left)) + len(left) - 1 <= 25 and len(left) <= 3


def _any_weekday(token: str) -> bool:
    key = fold(token)
    return any(key in table for table in WEEKDAYS.values())


# -- output ----------------------------------------------------------------------------


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with its offset, to the precision the page gave; None for a naive time
    (it names no instant).

    >>> iso(datetime(2024, 11, 30, 7, 41, 0, 123000, tzinfo=ZoneInfo("UTC")))
    '2024-11-30T07:41:00.123+00:00'
    >>> iso(datetime(2024, 11, 30, 7, 41, tzinfo=ZoneInfo("UTC")))
    '2024-11-30T07:41:00+00:00'
    >>> iso(datetime(2024, 11, 30, 7, 41)) is None
    True
    """
    if value is None or value.utcoffset() is None:
        return None
    if not value.microsecond:
        return value.isoformat(timespec="seconds")
    return value.isoformat(timespec="milliseconds" if value.microsecond % 1000 == 0 else "auto")


def comparable(value: datetime) -> datetime:
    """A time that can be compared with aware bounds (``since``, ``until``): a naive one
    (a site with no zone) is taken as UTC for the comparison only, never for storage.

    >>> comparable(datetime(2024, 11, 30, 7, 41)).isoformat()
    '2024-11-30T07:41:00+00:00'
    """
    return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)


def day_start(value: str, tz: str | None = "Europe/Lisbon") -> datetime:
    """The start of an ISO date (argument ``since``); times are accepted too. A site with
    no zone (None) counts its days in UTC.

    >>> day_start("2024-11-30").isoformat()
    '2024-11-30T00:00:00+00:00'
    >>> day_start("2024-07-01", "Asia/Tokyo").isoformat(), day_start("2024-07-01", None).isoformat()
    ('2024-07-01T00:00:00+09:00', '2024-07-01T00:00:00+00:00')
    """
    return comparable(localise(datetime.fromisoformat(value), tz))


def day_end(value: str, tz: str | None = "Europe/Lisbon") -> datetime:
    """The end of an ISO date (argument ``until``, inclusive); a full time is used as is.

    >>> day_end("2024-11-30").isoformat()
    '2024-12-01T00:00:00+00:00'
    """
    parsed = datetime.fromisoformat(value)
    if len(value.strip()) <= 10:
        parsed += timedelta(days=1)
    return comparable(localise(parsed, tz))
