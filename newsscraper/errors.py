"""One line for an error: what every command prints instead of a traceback.

Drivers and libraries wrap the cause (SQLAlchemy's ``orig``, requests' chains of
reprs) and spread it over many lines; a person at a terminal, or cron's mail, needs
the first line of the innermost message. ``first_line`` finds it, ``one_line``
squeezes any text onto one line, ``fail`` prints the ``scrapy <command>: error:``
line every command uses.
"""

from __future__ import annotations

import sys

#: Longest error line printed; longer causes are cut with an ellipsis.
LIMIT = 300


def one_line(text: object, limit: int = LIMIT) -> str:
    """*text* with its whitespace runs (newlines too) as single spaces, cut at *limit*.

    >>> one_line("a\\n  b")
    'a b'
    >>> one_line("x" * 10, limit=5)
    'xxxx…'
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def first_line(exc: BaseException) -> str:
    """The first line of the innermost message: a driver's own (``orig``) when wrapped.

    >>> first_line(ValueError("bad value\\nTraceback ..."))
    'bad value'
    >>> first_line(KeyError())
    'KeyError'
    """
    cause = getattr(exc, "orig", None) or exc
    lines = [line for line in str(cause).strip().splitlines() if line.strip()]
    return one_line(lines[0]) if lines else type(cause).__name__


def fail(command: str, message: str) -> None:
    """Print ``scrapy <command>: error: <message>`` on stderr, as one line."""
    print(f"scrapy {command}: error: {one_line(message)}", file=sys.stderr, flush=True)
