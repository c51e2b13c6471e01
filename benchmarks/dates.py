"""How fast and how right printed dates are read: our tables against dateparser and babel.

    python -m benchmarks.dates [--rounds N]

For each language of the network, one line as its sites print it (date and time). Prints,
per reader, µs per date (median of the rounds over the whole set) and how many lines it
read to the right minute. dateparser gets the language as a hint (its fastest path);
babel's ``parse_date`` reads only all-numeric dates, so it is timed on those alone.
Nothing here fails on time: it prints figures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from datetime import datetime

LINES: list[tuple[str, str]] = [
    ("es", "30 de noviembre de 2024 a las 07:41"),
    ("el", "30 Νοεμβρίου 2024, 07:41"),
    ("ja", "2024年11月30日 07:41"),
    ("zh", "2024年11月30日 07:41"),
    ("ar", "30 نوفمبر 2024 07:41"),
    ("sv", "30 november 2024 kl. 07.41"),
    ("pl", "30 listopada 2024 07:41"),
    ("cs", "30. listopadu 2024 07:41"),
    ("ru", "30 ноября 2024 07:41"),
    ("uk", "30 листопада 2024 07:41"),
    ("ko", "2024년 11월 30일 07:41"),
    ("hi", "30 नवंबर 2024 07:41"),
    ("de", "30. November 2024 - 07:41 Uhr"),
    ("pt", "30 de novembro de 2024 às 07:41"),
    ("fr", "30 novembre 2024 à 07:41"),
    ("it", "30 novembre 2024 alle 07:41"),
    ("en", "November 30, 2024 07:41"),
    ("de", "30.11.2024 07:41"),
]
EXPECTED = datetime(2024, 11, 30, 7, 41)


def _ours() -> Callable[[str, str], datetime | None]:
    from newsscraper.extraction.dates import read_text_dates

    def read(language: str, text: str) -> datetime | None:
        found = read_text_dates(text, language, None)
        return found[0].value if found else None

    return read


def _dateparser() -> Callable[[str, str], datetime | None] | None:
    try:
        import dateparser
    except ImportError:
        return None

    def read(language: str, text: str) -> datetime | None:
        return dateparser.parse(text, languages=[language])

    return read


def _babel() -> Callable[[str, str], datetime | None] | None:
    try:
        from babel.dates import parse_date
    except ImportError:
        return None

    def read(language: str, text: str) -> datetime | None:
        try:
            day = parse_date(text.split()[0], locale=language)
        except (ValueError, IndexError):
            return None
        return datetime(day.year, day.month, day.day, 7, 41)  # babel reads no time here

    return read


def measure(read: Callable[[str, str], datetime | None], lines, rounds: int) -> tuple[float, int]:
    right = sum(1 for code, text in lines if _minute(read(code, text)) == EXPECTED)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for code, text in lines:
            read(code, text)
        timings.append((time.perf_counter() - start) / len(lines))
    return statistics.median(timings) * 1e6, right


def _minute(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=None, second=0, microsecond=0) if value else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    numeric = [(c, t) for c, t in LINES if re.fullmatch(r"\d+[./]\d+[./]\d{4}", t.split()[0])]
    readers = [("ours (tables)", _ours(), LINES), ("dateparser", _dateparser(), LINES)]
    readers.append(("babel parse_date", _babel(), numeric))
    for name, read, lines in readers:
        if read is None:
            print(f"{name:18} not installed")
            continue
        read(*lines[0])  # imports and first-call caches are not the reader's speed
        us, right = measure(read, lines, args.rounds)
        print(f"{name:18} {us:9.1f} µs/date   right {right}/{len(lines)}")


if __name__ == "__main__":
    main()
