"""Publication dates: from machine-readable stamps or from text in the page's language.

Times printed without an offset are the site's local time (``tz``); every result is an
aware datetime, so ``isoformat()`` always carries the UTC offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from newsscraper.extraction.tables import ALL_MONTHS, DATE_LABELS, MONTHS

_MIN_YEAR, _MAX_YEAR = 1990, 2100


def localise(value: datetime, tz: str | None) -> datetime:
    """Attach the site's zone to a naive time; leave aware times alone. With no zone
    (a site nobody described) a naive time stays naive.

    >>> localise(datetime(2024, 7, 1, 12, 0), "Europe/Lisbon").isoformat()
    '2024-07-01T12:00:00+01:00'
    >>> localise(datetime(2024, 11, 30, 7, 41), "Europe/Lisbon").isoformat()
    '2024-11-30T07:41:00+00:00'
    """
    if tz and (value.tzinfo is None or value.utcoffset() is None):
        return value.replace(tzinfo=ZoneInfo(tz))
    return value


def _plausible(value: datetime | None) -> datetime | None:
    if value is None or not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value


def parse_machine_date(raw: str | None, tz: str = "Europe/Lisbon") -> datetime | None:
    """Parse an ISO 8601 or RFC 2822 stamp; naive stamps are local time in ``tz``.

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
    text = (raw or "").strip()
    if not text or not re.match(r"^(?:\d{4}-\d{2}|[A-Za-z]{3},?\s+\d)", text):
        return None
    value: datetime | None
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text[:11] else text)
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                value = dateutil_parser.isoparse(text)
            except (ValueError, OverflowError):
                value = None
    return _plausible(localise(value, tz)) if value else None


_TIME = (
    r"(?:(?:\s*(?:[-–—,|·]|um|às|as|a las|à|alle|at)){0,2}\s*"
    r"(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?:Uhr|h|horas|Hrs\.?)?)?"
)
_NUMERIC = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)" + _TIME
)
_TEXTUAL = re.compile(
    r"(?:(?<!\d)|(?<=(?:19|20)\d\d))(?P<day>\d{1,2})\.?\s*(?:de\s+)?(?P<monthname>[^\W\d_]{3,12})\.?\s*+(?:de\s++)?,?\s*+"
    r"(?P<year>(?:19|20)\d{2})" + _TIME,
    re.IGNORECASE,
)
_TEXTUAL_EN = re.compile(
    r"(?P<monthname>[^\W\d_]{3,12})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    + _TIME,
    re.IGNORECASE,
)


def _month_number(name: str, language: str | None) -> int | None:
    name = name.casefold()
    table = MONTHS.get(language or "", {})
    return table.get(name) or ALL_MONTHS.get(name)


def _build(match: re.Match[str], month: int | None, tz: str) -> datetime | None:
    if month is None:
        return None
    parts = match.groupdict()
    try:
        value = datetime(
            int(parts["year"]),
            month,
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
        )
    except ValueError:
        return None
    return _plausible(localise(value, tz))


@dataclass(frozen=True)
class TextDate:
    """A date printed in a reader's text, and what its label says it is."""

    raw: str
    value: datetime
    kind: str | None  # "published", "modified" or None (no label)
    start: int


def _label_before(text: str) -> str | None:
    words = text.casefold()
    found = [(words.rfind(label), kind) for label, kind in DATE_LABELS.items() if label in words]
    return max(found)[1] if found else None


def find_text_dates(
    text: str | None, language: str | None = None, tz: str = "Europe/Lisbon"
) -> list[TextDate]:
    """Every date printed in a text, in order, each with the label printed before it.

    >>> dates = find_text_dates("Atualizado: 28/11/2024 - 16:05 | Publicado: 28/11/2024 - 09:12")
    >>> [(d.kind, d.value.strftime("%H:%M")) for d in dates]
    [('modified', '16:05'), ('published', '09:12')]
    >>> [d.raw for d in find_text_dates("17 de outubro de 202417 de outubro de 2024", "pt")]
    ['17 de outubro de 2024', '17 de outubro de 2024']
    """
    if not text:
        return []
    found: list[tuple[int, int, str, datetime]] = []
    for match in _NUMERIC.finditer(text):
        value = _build(match, int(match.group("month")), tz)
        if value:
            found.append((match.start(), match.end(), match.group(0).strip(), value))
    for pattern in (_TEXTUAL, _TEXTUAL_EN):
        for match in pattern.finditer(text):
            value = _build(match, _month_number(match.group("monthname"), language), tz)
            if value:
                found.append((match.start(), match.end(), match.group(0).strip(), value))
    dates: list[TextDate] = []
    end = 0
    for start, stop, raw, value in sorted(found, key=lambda f: (f[0], -f[1])):
        if start < end:
            continue  # overlaps a date already taken
        label = _label_before(text[max(end, start - 40) : start])
        dates.append(TextDate(raw, value, label, start))
        end = stop
    return dates


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


def find_text_date(
    text: str | None, language: str | None = None, tz: str = "Europe/Lisbon"
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


_DATELINE_FILLER = re.compile(
    r"(?:\b(?:"
    + "|".join(sorted((re.escape(k) for k in DATE_LABELS), key=len, reverse=True))
    + r"|em|am|às|as|um|uhr|h|on|at|le|il|el|por|von|by|de|da|do)\b|[\W\d_])+",
    re.IGNORECASE,
)


def is_dateline(text: str | None, language: str | None = None) -> bool:
    """True for a line that holds dates and their labels (and perhaps a short byline).

    >>> is_dateline("Atualizado: 28/11/2024 - 16:05 | Publicado: 28/11/2024 - 09:12", "pt")
    True
    >>> is_dateline("17 de outubro de 202417 de outubro de 2024 por Redação", "pt")
    True
    >>> is_dateline("Am 30.11.2024 hat der Bundestag das Gesetz mit großer Mehrheit beschlossen.")
    False
    """
    dates = find_text_dates(text, language)
    if not text or not dates:
        return False
    rest = text
    for date in dates:
        rest = rest.replace(date.raw, " ", 1)
    rest = _DATELINE_FILLER.sub(" ", rest).strip()
    return len(rest) <= 25 and len(rest.split()) <= 3


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with offset, seconds precision.

    >>> iso(datetime(2024, 11, 30, 7, 41, 0, 123, tzinfo=ZoneInfo("UTC")))
    '2024-11-30T07:41:00+00:00'
    """
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat()


def day_start(value: str, tz: str = "Europe/Lisbon") -> datetime:
    """The start of an ISO date (argument ``since``); times are accepted too.

    >>> day_start("2024-11-30").isoformat()
    '2024-11-30T00:00:00+00:00'
    """
    return localise(datetime.fromisoformat(value), tz)


def day_end(value: str, tz: str = "Europe/Lisbon") -> datetime:
    """The end of an ISO date (argument ``until``, inclusive); a full time is used as is.

    >>> day_end("2024-11-30").isoformat()
    '2024-12-01T00:00:00+00:00'
    """
    parsed = datetime.fromisoformat(value)
    if len(value.strip()) <= 10:
        parsed += timedelta(days=1)
    return localise(parsed, tz)
