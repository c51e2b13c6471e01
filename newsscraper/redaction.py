"""Passwords out of every message: the one place that hides them.

A URL is redacted *before* it is parsed, by plain string rules, because the URLs
that need it most are the ones a parser rejects: a missing colon
(``postgresql+psycopg//crawler:SECRETPW@host``), a password with a ``/`` in it
(``redis://:REDIS/SECRETPW@host``), a port that is not a number. Whatever the
shape, everything between the scheme and the last ``@`` after it is user info,
and everything after its first ``:`` is the password; ``password=`` and the like in
the query are hidden too. When in doubt, more is hidden, never less.

Driver messages about a malformed URL may quote a piece of it (redis-py: "Port could
not be cast to integer value as 'REDIS'", a fragment of that password); ``scrub``
removes a URL's password, and every fragment of it, from any text.
"""

from __future__ import annotations

import logging
import re

HIDDEN = "***"

#: Query parameters that carry a secret (libpq's ``password``, ``sslpassword``, …).
_SECRET_PARAM = re.compile(
    r"([?&;](?:password|passwd|pwd|pass|sslpassword|secret|token|api_key)=)[^&;#]*",
    re.IGNORECASE,
)
#: The characters that split a password into the fragments a parser may quote.
_FRAGMENT_SPLIT = re.compile(r"[/:@?#&;=%]")
#: Fragments shorter than this are too common to hide without mangling the text.
_MIN_FRAGMENT = 3


def _userinfo_span(url: str) -> tuple[int, int] | None:
    """Start and end of the user info in ``url`` (``user:password``), if any."""
    at = url.rfind("@")
    if at < 0:
        return None
    slashes = url.find("//")
    # Without "//" (a malformed URL) all that precedes the "@" may be user info.
    start = slashes + 2 if 0 <= slashes < at else 0
    return start, at


def password_of(url: str) -> str | None:
    """The password in ``url`` as written (still percent-encoded), or None.

    >>> password_of("postgresql+psycopg//crawler:SECRETPW@db/news")
    'SECRETPW'
    >>> password_of("redis://:REDIS/SECRETPW@redis.internal:6379/0")
    'REDIS/SECRETPW'
    >>> password_of("sqlite:////var/lib/news.db") is None
    True
    """
    span = _userinfo_span(url)
    if span is None:
        return None
    userinfo = url[span[0] : span[1]]
    user, sep, password = userinfo.partition(":")
    return password if sep and password else None


def redact(url: object) -> str:
    """``url`` as it may appear in a message: no password, whatever its shape.

    >>> redact("postgresql+psycopg//crawler:SECRETPW@db.internal/news")
    'postgresql+psycopg//crawler:***@db.internal/news'
    >>> redact("redis://:REDIS/SECRETPW@redis.internal:6379/0")
    'redis://:***@redis.internal:6379/0'
    >>> redact("postgresql+psycopg://crawler:pw@db:port/news")
    'postgresql+psycopg://crawler:***@db:port/news'
    >>> redact("postgresql+psycopg://db/news?sslmode=require&password=SECRET")
    'postgresql+psycopg://db/news?sslmode=require&password=***'
    >>> redact("postgresql+psycopg://crawler@db/news")
    'postgresql+psycopg://crawler@db/news'
    >>> redact("sqlite:////var/lib/news.db")
    'sqlite:////var/lib/news.db'
    """
    text = str(url)
    span = _userinfo_span(text)
    if span is not None:
        start, at = span
        user, sep, password = text[start:at].partition(":")
        if sep and password:
            text = f"{text[:start]}{user}:{HIDDEN}{text[at:]}"
    return _SECRET_PARAM.sub(lambda m: m.group(1) + HIDDEN, text)


def scrub(text: str, *urls: object) -> str:
    """``text`` without the password of any of ``urls``, nor any fragment of one.

    >>> scrub("Port could not be cast to integer value as 'REDIS'",
    ...       "redis://:REDIS/SECRETPW@host:6379")
    "Port could not be cast to integer value as '***'"
    """
    secrets: set[str] = set()
    for url in urls:
        text_url = str(url)
        password = password_of(text_url)
        if password:
            secrets.add(password)
            secrets.update(p for p in _FRAGMENT_SPLIT.split(password) if len(p) >= _MIN_FRAGMENT)
        for match in _SECRET_PARAM.finditer(text_url):
            value = text_url[match.end(1) : match.end()]
            if value:
                secrets.add(value)
        text = text.replace(text_url, redact(text_url))
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


def redact_text(text: str) -> str:
    """Every URL in ``text`` redacted (a URL is what surrounds a ``//``, up to blanks
    and quotes). A plain scan, linear in the text's length.

    >>> redact_text("{'DATABASE_URL': 'postgresql+psycopg://u:SECRETPW@db/news', 'X': 1}")
    "{'DATABASE_URL': 'postgresql+psycopg://u:***@db/news', 'X': 1}"
    """
    if "//" not in text:
        return text
    out: list[str] = []
    done = 0
    position = text.find("//")
    while position >= 0:
        start = position
        while start > done and text[start - 1] not in _URL_END:
            start -= 1
        end = position + 2
        while end < len(text) and text[end] not in _URL_END:
            end += 1
        out.append(text[done:start])
        out.append(redact(text[start:end]))
        done = end
        position = text.find("//", done)
    out.append(text[done:])
    return "".join(out)


#: What ends a URL inside a message: blanks, quotes, brackets of a printed dict.
_URL_END = frozenset(" \t\r\n'\"<>()[]{},")


class RedactingFilter(logging.Filter):
    """A log filter that redacts every URL in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


#: Scrapy's loggers that print URLs they were given: the settings at start, the feed
#: URI (``-o ftp://user:password@host/…``) when storing it fails.
_SETTINGS_LOGGERS = ("scrapy.crawler", "scrapy.addons", "scrapy.extensions.feedexport")


class RedactLogs:
    """Scrapy add-on: no password in what Scrapy's own loggers print of the URLs
    they were given (settings at start, a feed's URI)."""

    def update_settings(self, settings: object) -> None:
        for name in _SETTINGS_LOGGERS:
            target = logging.getLogger(name)
            if not any(isinstance(f, RedactingFilter) for f in target.filters):
                target.addFilter(RedactingFilter())
