"""No text rule can stall a crawl: linear by construction, then fed adversarial text.

The bound is structural, not a timer:

1. every pattern in ``newsscraper/extraction`` is a compiled pattern the lint reads
   (``tests/patternlint.py``: no repeat inside a repeat that can stop in two places, no
   repeated alternation with branches that start alike, no two neighbouring repeats
   over the same characters), and no pattern is built at call time;
2. the signature is read by a scanner, and the credit patterns search only the text's
   last characters, so the one unanchored scan is bounded per call;
3. the headline and author helpers are string operations on bounded text (a headline
   candidate over 600 characters is skipped, a byline line over 160);
4. hypothesis then feeds every text processor long, repetitive text (lines of names,
   labels, dashes, dates: what made the old rules backtrack). ``signal.alarm`` is only
   a hang guard (30 s per example, where the old signature rule took minutes); the
   processors take milliseconds.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsscraper.extraction as extraction
from newsscraper.extraction import authors, dates, headline, text
from tests.patternlint import patterns_in, problems

PACKAGE = Path(extraction.__file__).parent
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="newsscraper.extraction.")
    if not info.ispkg
)
_RE_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn"}
_RE_CALLS |= {"split"}


def _compiled() -> Iterator[tuple[str, re.Pattern[str]]]:
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, pattern in patterns_in(vars(module)):
            if pattern.__class__ is re.Pattern and isinstance(pattern.pattern, str):
                yield f"{name.rsplit('.', 1)[-1]}.{attribute}", pattern


def _inline() -> Iterator[tuple[str, ast.Call]]:
    """Every ``re.<call>(...)`` in the package's source."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _RE_CALLS
            ):
                yield f"{path.relative_to(PACKAGE)}:{node.lineno}", node


COMPILED = dict(_compiled())
INLINE = dict(_inline())


@pytest.mark.parametrize("name", sorted(COMPILED))
def test_every_compiled_pattern_is_linear(name):
    assert problems(COMPILED[name]) == [], COMPILED[name].pattern[:300]


@pytest.mark.parametrize("where", sorted(INLINE))
def test_inline_patterns_are_literals_and_linear(where):
    """A pattern built at call time (an f-string) would escape the lint: only
    ``re.compile`` may take one, and its result is a module attribute the lint reads."""
    call = INLINE[where]
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        assert problems(first.value) == [], first.value
    else:
        assert call.func.attr == "compile", f"{where}: re.{call.func.attr} on a built pattern"


def test_the_lint_finds_the_patterns_that_stalled():
    old_name = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?(?:\s?[A-ZÀ-ÖØ-Þa-zß-ÿ][\w'’\-]*\.?){0,4}"
    old_signature = rf"^(?P<n>{old_name}(?:\s*(?:/|,|\be\b)\s*{old_name})*)\s*--\s*[A-Z]{{2,4}}$"
    old_text_size = r"Textgröße\s*:?(?:\s*(?:[Aa][-+−]*|[-+−]+|\d{1,3}\s*%))*\s*"
    assert problems(old_signature)
    assert problems(old_text_size)
    assert problems(r"(?:[-+]\s*|\s*:?\s*)+")
    assert len(COMPILED) >= 20 and len(INLINE) >= 5  # the walk finds the package's patterns


# -- adversarial text -----------------------------------------------------------------

_PIECES = [
    "Cristiano Ronaldo",
    "Bruno Fernandes",
    "A.Seabra",
    "J.Pereira/L.Barros",
    "Α.Παπαδόπουλος",
    "Müller-Lüdenscheidt",
    ", ",
    " e ",
    " und ",
    " / ",
    "--",
    "--PC",
    "-",
    "A-",
    "A+",
    "+",
    "Textgröße:",
    "Foto:",
    "Fotografia: ©",
    "(",
    ")",
    "(Foto: AFP)",
    "©",
    ".",
    ". ",
    "  ",
    "\n",
    "Facebook",
    "Teilen",
    "Newsletter",
    "jetzt",
    "DAX",
    "-0.11%",
    "19189.19",
    "%",
    "30.11.2024",
    "30 de novembro de 2024",
    "às 07:41",
    "Publicado:",
    "Atualizado",
    "de ",
    "2024",
    "7",
    ":",
    "|",
    "x",
    "Portugal Colonial",
    " - ",
    " | ",
    " :: ",
    "By ",
    "Von ",
    " and ",
    "Redakteurin",
    "www.x.de",
]

_SNIPPETS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join)
#: Repetition is what makes a backtracking pattern blow up: a snippet repeated up to
#: ~10k characters, with an odd character at the end so a match must fail late.
ADVERSARIAL = st.builds(
    lambda snippet, times, tail: (snippet * times)[:10_000] + tail,
    _SNIPPETS,
    st.integers(1, 800),
    st.sampled_from(["", "x", ".", "--PC", "--pc", " ", "%", ")"]),
)

PROCESSORS: dict[str, Callable[[str], object]] = {
    "clean_text": text.clean_text,
    "clean_paragraph": text.clean_paragraph,
    "strip_site_name": lambda value: text.strip_site_name(value, "Portugal Colonial"),
    "split_caption": text.split_caption,
    "clean_credit": text.clean_credit,
    "has_credit": text.has_credit,
    "parse_signature": text.parse_signature,
    "split_trailing_signature": text.split_trailing_signature,
    "is_furniture": text.is_furniture,
    "split_keywords": text.split_keywords,
    "count_words": text.count_words,
    "fingerprint": lambda value: text.fingerprint(value, value),
    "pick_headline": lambda value: headline.pick_headline(
        [("og:title", value), ("title", value[:500])], ["Portugal Colonial"], "x.pt", [value[:50]]
    ),
    "split_names": authors.split_names,
    "byline_line": authors.byline_line,
    "from_meta": lambda value: authors.from_meta({"author": [value]}, ["Portugal Colonial"]),
    "parse_machine_date": dates.parse_machine_date,
    "find_text_dates": lambda value: dates.find_text_dates(value, "pt"),
    "is_dateline": lambda value: dates.is_dateline(value, "de"),
}

_GUARD_SECONDS = 30


class _Hang(Exception):
    pass


@contextmanager
def hang_guard(seconds: int = _GUARD_SECONDS) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise _Hang(f"a text rule ran for {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", sorted(PROCESSORS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ADVERSARIAL)
def test_processors_finish_on_adversarial_text(name, value):
    with hang_guard():
        PROCESSORS[name](value)


_FIRST = ["Diogo", "Rúben", "António", "Nuno", "Bruno", "Bernardo", "João", "Pedro", "Jürgen"]
_LAST = ["Dalot", "Dias", "Silva", "Mendes", "Fernandes", "Costa", "Müller", "Köhler", "Neto"]
TWO_HUNDRED_NAMES = ", ".join(f"{_FIRST[i % 9]} {_LAST[(i * 7) % 9]}" for i in range(199))

LONG_LINES = [
    "Cristiano Ronaldo, Bruno Fernandes e Bernardo Silva",
    "Diogo Dalot, Rúben Dias, António Silva e Nuno Mendes",
    "Berlin, Hamburg, München, Köln und Frankfurt",
    TWO_HUNDRED_NAMES + " e Nuno Mendes",
    TWO_HUNDRED_NAMES + " e Nuno Mendes--PC",
    "Textgröße: A" + "-" * 10_000 + "x",
    "Foto: " * 1_700,
    "Partilhar " + "Facebook " * 1_000 + "x",
    "A.B " * 2_500,
    "1" * 10_000,
    " " * 10_000 + "x",
]


@pytest.mark.parametrize("name", sorted(PROCESSORS))
def test_lines_of_names_and_long_runs_are_cheap(name):
    with hang_guard():
        for line in LONG_LINES:
            PROCESSORS[name](line)


def test_lines_of_names_are_not_signatures():
    assert text.parse_signature("Cristiano Ronaldo, Bruno Fernandes e Bernardo Silva") is None
    assert text.parse_signature(TWO_HUNDRED_NAMES) is None
