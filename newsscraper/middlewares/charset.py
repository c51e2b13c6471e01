"""Text integrity: a page whose bytes are not in its declared charset is decoded right.

Scrapy decodes with the charset the page declares (BOM, HTTP header, ``<meta>``), with
replacement characters where the bytes do not fit (Latin-1 declared UTF-8 becomes
``decis\ufffdo``); a page that declares none is UTF-8 if it decodes as such, else
charset-normalizer's guess, which on Portuguese and German Latin-1 is wrong half the time
(``decisăo``, cp1250: ``python -m benchmarks.charsets``). ``CharsetFallbackMiddleware``
checks that the body decodes in the charset Scrapy would use; when it does not, the page
is decoded with ``decode_fallback``: UTF-8 if valid, else the legacy code page of the
site's languages (cp1252 for Portuguese and German: 100% of the benchmark's pages), else
charset-normalizer's best match. The reverse mistake, UTF-8 declared as a single-byte
charset, is caught too: non-ASCII bytes that are valid UTF-8 by chance are rare. Counted
as ``charset/fallback/<declared>-><used>``.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from charset_normalizer import from_bytes
from scrapy.http import HtmlResponse
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: The legacy (pre-UTF-8) code page pages in a language were written in.
LEGACY_CODE_PAGES: dict[str, str] = {
    **dict.fromkeys(
        ("pt", "de", "en", "fr", "es", "it", "nl", "sv", "da", "no", "fi", "ca"), "cp1252"
    ),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "hr", "sl", "ro"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "be"), "cp1251"),
    "el": "cp1253",
    "tr": "cp1254",
    "he": "cp1255",
    "ar": "cp1256",
    "ja": "shift_jis",
    "zh": "gb18030",
    "ko": "euc_kr",
}


def decodes(body: bytes, encoding: str) -> bool:
    """True when ``body`` is valid in ``encoding`` (an unknown encoding is not).

    A character cut in two at the very end is no reason to doubt the charset: it is a
    page cut short, which ``truncation`` deals with.
    """
    try:
        codecs.getincrementaldecoder(encoding)().decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def declared_encoding(content_type: str, body: bytes) -> str | None:
    """What the page says it is in: the HTTP header, else the ``<meta>`` (w3lib's readers)."""
    found = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    return resolve_encoding(found) if found else None


def decode_fallback(body: bytes, declared: str | None, languages: Sequence[str]) -> tuple[str, str]:
    """(encoding, text) of a body that is not valid in ``declared`` (see the module doc)."""
    candidates = ["utf-8"]
    for language in languages:
        code_page = LEGACY_CODE_PAGES.get(language.split("-")[0].lower())
        if code_page and code_page not in candidates:
            candidates.append(code_page)
    for encoding in candidates:
        if encoding != declared and decodes(body, encoding):
            return encoding, body.decode(encoding)
    match = from_bytes(body).best()
    if match is not None and match.encoding:
        return match.encoding, str(match)
    encoding = declared or "utf-8"
    return encoding, body.decode(encoding, "replace")


def _single_byte(encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith(("cp", "iso8859", "latin", "windows"))


def _utf8(body: bytes) -> bool:
    """Valid UTF-8 with some non-ASCII in it (plain ASCII proves nothing)."""
    return not body.isascii() and decodes(body, "utf-8")


class CharsetFallbackMiddleware:
    """Re-decodes HTML whose bytes are invalid in the charset Scrapy would decode it with."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _languages(self) -> tuple[str, ...]:
        site = getattr(self.crawler.spider, "site", None)
        languages = tuple(getattr(site, "languages", ()) or ())
        default = getattr(site, "default_language", None)
        return (default, *languages) if default else languages

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        body = response.body
        if read_bom(body)[0]:
            return response  # a byte order mark is the strongest declaration there is
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        declared = declared_encoding(content_type, body)
        if not decodes(body, declared or "utf-8"):
            encoding, _ = decode_fallback(body, declared, self._languages())
        elif declared not in (None, "utf-8") and _single_byte(declared) and _utf8(body):
            encoding = "utf-8"
        else:
            return response
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"charset/fallback/{declared or 'undeclared'}->{encoding}")
        logger.info("%s: not valid %s, decoded as %s", response.url, declared or "UTF-8", encoding)
        return response.replace(encoding=encoding)
