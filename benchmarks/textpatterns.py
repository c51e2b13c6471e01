"""Time the text rules on the lines that made the old signature pattern stall (issue 8).

    python -m benchmarks.textpatterns [--old]

Prints, for each line, the worst time of any text rule (signature, trailing signature,
caption/credit, furniture, dates, dateline) in microseconds. ``--old`` also times the
signature pattern this project used before (a regex with nested name repeats), each line
stopped after 5 s; it shows why the rules are now scanners and possessive patterns.
"""

from __future__ import annotations

import argparse
import re
import signal
import time
from collections.abc import Callable

from newsscraper.extraction.dates import find_text_dates, is_dateline
from newsscraper.extraction.text import (
    has_credit,
    is_furniture,
    parse_signature,
    split_caption,
    split_trailing_signature,
)

_OLD_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?(?:\s?[A-ZÀ-ÖØ-Þa-zß-ÿ][\w'’\-]*\.?){0,4}"
_OLD_SIGNATURE = re.compile(
    rf"^(?P<names>{_OLD_NAME}(?:\s*(?:/|&|,|\bund\b|\be\b|\band\b|\by\b)\s*{_OLD_NAME})*)\s*--\s*"
    r"(?P<code>[A-Z]{2,4})$"
)

_FIRST = ["Diogo", "Rúben", "António", "Nuno", "Bruno", "Bernardo", "João", "Pedro", "Jürgen"]
_LAST = ["Dalot", "Dias", "Silva", "Mendes", "Fernandes", "Costa", "Müller", "Köhler", "Neto"]
_NAMES_200 = ", ".join(f"{_FIRST[i % 9]} {_LAST[(i * 7) % 9]}" for i in range(199))

LINES = {
    "five cities (pt)": "Lisboa, Porto, Braga, Faro e Évora",
    "three players (pt)": "Cristiano Ronaldo, Bruno Fernandes e Bernardo Silva",
    "four players (pt)": "Diogo Dalot, Rúben Dias, António Silva e Nuno Mendes",
    "five cities (de)": "Berlin, Hamburg, München, Köln und Frankfurt",
    "200 names": _NAMES_200 + " e Nuno Mendes",
    "200 names, then a code": _NAMES_200 + " e Nuno Mendes--PC",
    "text-size control, 40 dashes": "Textgröße: A" + "-" * 40 + "x",
    "10k chars of 'Foto: '": "Foto: " * 1700,
    "10k chars of capitals": "A.B " * 2500,
}

RULES: dict[str, Callable[[str], object]] = {
    "parse_signature": parse_signature,
    "split_trailing_signature": split_trailing_signature,
    "split_caption": split_caption,
    "has_credit": has_credit,
    "is_furniture": is_furniture,
    "find_text_dates": lambda text: find_text_dates(text, "pt"),
    "is_dateline": lambda text: is_dateline(text, "pt"),
}


def _timed(function: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


class _TooSlow(Exception):
    pass


def _old(text: str, limit: int = 5) -> str:
    def stop(*_: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(limit)
    try:
        return f"{_timed(_OLD_SIGNATURE.match, text) * 1e6:12.0f}"
    except _TooSlow:
        return f"{'> ' + str(limit) + ' s':>12}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", action="store_true", help="also time the old signature regex")
    args = parser.parse_args()
    header = f"{'line':32} {'chars':>6} {'worst rule':>26} {'µs':>8}"
    print(header + (f" {'old signature µs':>17}" if args.old else ""))
    for name, text in LINES.items():
        for function in RULES.values():  # warm caches (month tables, compiled patterns)
            function("x")
        times = {rule: _timed(function, text) for rule, function in RULES.items()}
        worst = max(times, key=lambda rule: times[rule])
        row = f"{name:32} {len(text):6} {worst:>26} {times[worst] * 1e6:8.0f}"
        print(row + (f" {_old(text[:80]):>17}" if args.old else ""))


if __name__ == "__main__":
    main()
