"""A static check that a regular expression cannot backtrack super-linearly.

Python's ``re`` backtracks. A pattern is exponential (or of high polynomial degree) only
when one piece of text can be split between quantifiers in more than one way:

- a repeat inside a repeat (``(a+)+``, ``(\\w+\\s?){0,4}``), unless the inner repeat
  can only stop in one place (it is possessive, or it is followed by a mandatory
  character it cannot consume: ``\\([^()]*\\)``);
- a repeat over an alternation whose branches can start with the same character
  (``(a|ab)*``);
- two repeats one after the other that can consume the same characters with nothing
  mandatory between them (``\\s*:?\\s*``): the text between them can be split anywhere.

``problems(pattern)`` names each such place; an empty list means the pattern is linear
per start position. Patterns searched at every start of a long text must also be
anchored or run on a bounded window, which the processors do (see ``test_linear``).
Character sets are compared on a sample alphabet (Latin, Greek, Cyrillic, punctuation),
so an overlap outside it can be missed, never invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser  # type: ignore[attr-defined]

_ALPHABET = [chr(c) for c in range(0x20, 0x530)] + [
    " ",
    "\t",
    "\n",
    "\u00a0",
    "\u2013",
    "\u2014",
    "\u2019",
    "\u201c",
    "\u00b7",
    "\u2212",
    "\u20ac",
    "\u4e2d",
]
_CATEGORIES: dict[object, Callable[[str], bool]] = {
    C.CATEGORY_DIGIT: str.isdecimal,
    C.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    C.CATEGORY_SPACE: lambda c: bool(re.match(r"\s", c)),
    C.CATEGORY_NOT_SPACE: lambda c: not re.match(r"\s", c),
    C.CATEGORY_WORD: lambda c: bool(re.match(r"\w", c)),
    C.CATEGORY_NOT_WORD: lambda c: not re.match(r"\w", c),
}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
#: A repeat bounded by this many or fewer can only multiply the work by a constant when
#: it meets a neighbour or an alternation; inside another repeat even {0,2} is not safe.
_SMALL = 16
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)

Chars = frozenset[str]


def _in_set(items: list, ignore_case: bool) -> Chars:
    negate = bool(items) and items[0][0] is C.NEGATE

    def member(char: str) -> bool:
        for op, arg in items:
            if op is C.LITERAL and char == chr(arg):
                return True
            if op is C.RANGE and arg[0] <= ord(char) <= arg[1]:
                return True
            if op is C.CATEGORY and _CATEGORIES[arg](char):
                return True
        return False

    def test(char: str) -> bool:
        variants = {char, char.lower(), char.upper()} if ignore_case else {char}
        return any(member(v) for v in variants if len(v) == 1) != negate

    return frozenset(c for c in _ALPHABET if test(c))


class _Lint:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.ignore_case = bool(pattern.flags & re.IGNORECASE)
        self.found: list[str] = []
        self.tree = _parser.parse(pattern.pattern, pattern.flags)

    # -- what a piece can consume ----------------------------------------------------

    def chars(self, op, arg) -> Chars:
        """Every character the piece can consume anywhere."""
        if op is C.LITERAL:
            return _in_set([(C.LITERAL, arg)], self.ignore_case)
        if op is C.NOT_LITERAL:
            return _in_set([(C.NEGATE, None), (C.LITERAL, arg)], self.ignore_case)
        if op is C.IN:
            return _in_set(list(arg), self.ignore_case)
        if op is C.ANY:
            return frozenset(_ALPHABET)
        if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
            return self.seq_chars(arg[2])
        if op is C.SUBPATTERN:
            return self.seq_chars(arg[3])
        if op is C.ATOMIC_GROUP:
            return self.seq_chars(arg)
        if op is C.BRANCH:
            return frozenset().union(*(self.seq_chars(b) for b in arg[1]))
        if op is C.GROUPREF:
            return frozenset(_ALPHABET)
        return frozenset()

    def seq_chars(self, seq) -> Chars:
        return frozenset().union(*(self.chars(op, arg) for op, arg in seq))

    def nullable(self, op, arg) -> bool:
        if op in _ZERO_WIDTH:
            return True
        if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
            return arg[0] == 0 or self.seq_nullable(arg[2])
        if op is C.SUBPATTERN:
            return self.seq_nullable(arg[3])
        if op is C.ATOMIC_GROUP:
            return self.seq_nullable(arg)
        if op is C.BRANCH:
            return any(self.seq_nullable(b) for b in arg[1])
        return op is C.GROUPREF

    def seq_nullable(self, seq) -> bool:
        return all(self.nullable(op, arg) for op, arg in seq)

    def first(self, seq) -> Chars:
        """The characters a sequence can start with."""
        out: set[str] = set()
        for op, arg in seq:
            if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
                out |= self.first(arg[2])
            elif op is C.SUBPATTERN:
                out |= self.first(arg[3])
            elif op is C.ATOMIC_GROUP:
                out |= self.first(arg)
            elif op is C.BRANCH:
                for branch in arg[1]:
                    out |= self.first(branch)
            elif op not in _ZERO_WIDTH:
                out |= self.chars(op, arg)
            if not self.nullable(op, arg):
                break
        return frozenset(out)

    # -- the walk --------------------------------------------------------------------

    def walk(self, seq, outer_repeat: bool, path: str) -> None:
        items = list(seq)
        self._check_neighbours(items, path)
        for index, (op, arg) in enumerate(items):
            where = f"{path}/{index}"
            if op in _REPEATS:
                low, high, body = arg
                if outer_repeat and high > 1 and not self._terminated(items, index):
                    self.found.append(f"{where}: a repeat inside a repeat")
                if high > _SMALL:
                    self._check_alternation(body, where)
                self.walk(body, outer_repeat or high > 1, where)
            elif op is C.POSSESSIVE_REPEAT:
                self.walk(arg[2], False, where)  # it never gives back
            elif op is C.ATOMIC_GROUP:
                self.walk(arg, False, where)
            elif op is C.SUBPATTERN:
                self.walk(arg[3], outer_repeat, where)
            elif op is C.BRANCH:
                for number, branch in enumerate(arg[1]):
                    self.walk(branch, outer_repeat, f"{where}|{number}")
            elif op in (C.ASSERT, C.ASSERT_NOT):
                self.walk(arg[1], False, where)

    def _terminated(self, items, index) -> bool:
        """The repeat is followed by a mandatory character it cannot consume, so it
        can stop in one place only."""
        mine = self.chars(*items[index])
        for op, arg in items[index + 1 :]:
            if op in _ZERO_WIDTH:
                continue
            if self.nullable(op, arg):
                return False
            return not (self.first([(op, arg)]) & mine)
        return False

    def _check_alternation(self, body, where: str) -> None:
        for op, arg in body:
            if op is C.BRANCH:
                starts = [self.first(branch) for branch in arg[1]]
                for i, one in enumerate(starts):
                    for other in starts[i + 1 :]:
                        if one & other:
                            shared = "".join(sorted(one & other))[:10]
                            self.found.append(
                                f"{where}: repeated branches start alike ({shared!r})"
                            )
                            return
            if not self.nullable(op, arg):
                return

    def _check_neighbours(self, items, where: str) -> None:
        """A repeat that ends one piece and a repeat that starts a later one, with only
        nullable pieces between, that consume the same characters."""
        for index, (op, arg) in enumerate(items):
            enders = self.edge_repeats(op, arg, last=True)
            for later_op, later_arg in items[index + 1 :]:
                if later_op in _ZERO_WIDTH:
                    continue
                for one in enders:
                    for other in self.edge_repeats(later_op, later_arg, last=False):
                        if self.chars(*one) & self.chars(*other):
                            self.found.append(
                                f"{where}/{index}: two repeats in a row consume the same text"
                            )
                            return
                if not self.nullable(later_op, later_arg):
                    break

    def edge_repeats(self, op, arg, last: bool) -> list[tuple]:
        """The backtracking repeats (max > _SMALL) that can consume a piece's first (or last)
        character."""
        if op in _REPEATS:
            inner = self.seq_edges(arg[2], last)
            return [(op, arg), *inner] if arg[1] > _SMALL else inner
        if op is C.SUBPATTERN:
            return self.seq_edges(arg[3], last)
        if op is C.BRANCH:
            return [r for branch in arg[1] for r in self.seq_edges(branch, last)]
        return []  # possessive repeats and atomic groups never give back

    def seq_edges(self, seq, last: bool) -> list[tuple]:
        out: list[tuple] = []
        for op, arg in reversed(seq) if last else seq:
            out += self.edge_repeats(op, arg, last)
            if not self.nullable(op, arg):
                break
        return out


def problems(pattern: re.Pattern[str] | str) -> list[str]:
    """Where a pattern can backtrack super-linearly; empty when it cannot.

    >>> problems(r"(?:\\w+\\s?)+$")
    ['/0/0: a repeat inside a repeat']
    >>> problems(r"\\([^()]{0,40}\\)(?:[^()]|\\([^()]*\\))+")
    []
    >>> problems(r"\\s*:?\\s*")
    ['/0: two repeats in a row consume the same text']
    >>> problems(r"\\s*+:?\\s*")
    []
    """
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    lint = _Lint(compiled)
    lint.walk(lint.tree, False, "")
    return lint.found


def patterns_in(namespace: dict[str, object]) -> Iterable[tuple[str, re.Pattern[str]]]:
    """Compiled patterns a module holds, alone or in tuples, lists and dict values."""
    for name, value in namespace.items():
        values = value.values() if isinstance(value, dict) else value
        if isinstance(value, re.Pattern):
            yield name, value
        elif isinstance(values, (tuple, list, type({}.values()))):
            for number, item in enumerate(values):
                if isinstance(item, re.Pattern):
                    yield f"{name}[{number}]", item
