"""The replica behind a fault-injecting HTTP server on 127.0.0.1 (a free port).

``FaultServer`` is a ``ReplicaServer`` whose answers can be spoiled, site-wide or per path:

- ``outage(seconds, kind, after=n)``: from the n-th request on, every answer for ``seconds`` is
  a 503 (``kind="503"``) or a TCP reset (``kind="reset"``);
- ``spoil(path, fault)`` answers one URL path with a fault, every time or only ``times`` times:
  ``gzip_bomb`` (~1 MB of gzip that expands to 1 GiB, streamed, never held in memory),
  ``huge`` (a 20 MB article page; ``huge_unsized`` the same without Content-Length),
  ``latin1_as_utf8`` (the page in Latin-1 with ``charset=utf-8`` in header and ``<meta>``),
  ``latin1_undeclared`` (Latin-1, no charset anywhere), ``unclosed`` (the HTML cut short in a
  complete response), ``short_read`` (Content-Length larger than what is sent), ``mangled``
  (valid UTF-8 whose accented letters the CMS already replaced by U+FFFD) and ``reset``.

Run by hand: ``python -m tests.faultserver --port 8000 --spoil /Politica/…html=gzip_bomb``.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.replica import ARTICLES, Article, ReplicaServer
from tests.replica.server import _Handler, content_type

GIB = 1 << 30
_CHUNK = 1 << 20
HUGE_BYTES = 20 * 1000 * 1000
_META_CHARSET = re.compile(
    r"<meta[^>]*?(?:charset\s*=|http-equiv\s*=\s*[\"']?content-type)[^>]*>", re.IGNORECASE
)
_CLOSING = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)
FAULTS = (
    "gzip_bomb",
    "huge",
    "huge_unsized",
    "latin1_as_utf8",
    "latin1_undeclared",
    "unclosed",
    "short_read",
    "mangled",
    "reset",
)
#: Letters ``mangled`` replaces with U+FFFD, as a CMS that once decoded them wrongly.
MANGLED = "ãçéêõá"


@cache
def _bomb_parts() -> tuple[bytes, bytes, bytes, int]:
    """(gzip header, one deflate block of 1 MiB of zeros, final block + trailer, repeats).

    A full flush resets the compressor, so every 1 MiB of zeros compresses to the same
    ~1 KB block: the bomb is that block 1024 times, built in milliseconds, not 13 s.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(_CHUNK)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(GIB // _CHUNK):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, GIB & 0xFFFFFFFF)
    return header, block, final + trailer, GIB // _CHUNK


def gzip_bomb() -> Iterator[bytes]:
    """The bomb's bytes in ~1 KB pieces: ~1 MB of gzip that inflates to 1 GiB of zeros."""
    header, block, tail, repeats = _bomb_parts()
    yield header
    for _ in range(repeats):
        yield block
    yield tail


def bomb_size() -> int:
    header, block, tail, repeats = _bomb_parts()
    return len(header) + len(block) * repeats + len(tail)


def huge_page(size: int = HUGE_BYTES) -> Iterator[bytes]:
    """An article page of ``size`` bytes: the usual head, then paragraphs without end."""
    head = (
        "<!DOCTYPE html><html lang='pt'><head><meta charset='utf-8'>"
        "<title>Portugal Colonial - Relatório sem fim</title>"
        "<meta property='og:title' content='Portugal Colonial - Relatório sem fim'>"
        "</head><body><article><h1>Relatório sem fim</h1>"
    ).encode()
    tail = b"<p>A.Seabra--PC</p></article></body></html>"
    paragraph = "<p>" + "O relatório continua com mais uma frase longa e igual. " * 16 + "</p>\n"
    paragraph_bytes = paragraph.encode()
    yield head
    left = size - len(head) - len(tail)
    while left > 0:
        piece = paragraph_bytes * max(1, min(left, _CHUNK) // len(paragraph_bytes))
        piece = piece[:left]
        left -= len(piece)
        yield piece
    yield tail


def as_latin1(html: str, declare: str | None) -> bytes:
    """``html`` in Latin-1; its ``<meta>`` charset replaced by ``declare`` (or removed)."""
    meta = f'<meta charset="{declare}">' if declare else ""
    text = _META_CHARSET.sub(lambda _: meta, html, count=1)
    text = _META_CHARSET.sub("", text) if declare is None else text
    return text.encode("latin-1", "xmlcharrefreplace")


def cut_point(page: bytes, article: Article | None) -> int:
    """Where a truncated answer ends: inside the article's last paragraph found in the
    page, so the page holds an article, cut short (60% of the bytes if none is found)."""
    for paragraph in reversed(article.paragraphs if article else ()):
        middle = len(paragraph) // 2
        for encoding in ("utf-8", "cp1252"):
            snippet = paragraph[middle : middle + 12].encode(encoding, "ignore")
            at = page.rfind(snippet)  # the text, not a copy in the head's JSON-LD
            if at > 0:
                return at
    return len(page) * 6 // 10


def cut_short(page: bytes, article: Article | None) -> bytes:
    """The page cut at ``cut_point``: nothing after it, so nothing is closed."""
    return _CLOSING.sub(b"", page[: cut_point(page, article)])


class _FaultHandler(_Handler):
    server: Any

    def _answer(self, body: bool) -> None:
        faults: FaultServer = self.server.replica
        path = unquote(urlsplit(self.path).path)
        fault = faults.fault_for(path)
        if fault is None:
            return super()._answer(body)
        faults.log(self.path)
        faults.count(fault)
        return getattr(self, f"_fault_{fault}")(path, body)

    # -- site-wide ------------------------------------------------------------------------

    def _fault_503(self, path: str, body: bool) -> None:
        self._send(503, "text/html; charset=utf-8", b"<h1>503 Service Unavailable</h1>", body)

    def _fault_reset(self, path: str, body: bool) -> None:
        """A TCP reset: SO_LINGER 0 makes close() send RST instead of FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.close()

    # -- size -----------------------------------------------------------------------------

    def _stream(self, kind: str, pieces: Iterator[bytes], size: int | None, gzip: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if gzip:
            self.send_header("Content-Encoding", "gzip")
        if size is None:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        with contextlib.suppress(OSError):  # the crawler hangs up at its size limit
            for piece in pieces:
                self.wfile.write(piece)

    def _fault_gzip_bomb(self, path: str, body: bool) -> None:
        self._stream(
            "text/html; charset=utf-8", gzip_bomb() if body else iter(()), bomb_size(), True
        )

    def _fault_huge(self, path: str, body: bool) -> None:
        self._stream(
            "text/html; charset=utf-8", huge_page() if body else iter(()), HUGE_BYTES, False
        )

    def _fault_huge_unsized(self, path: str, body: bool) -> None:
        self._stream("text/html; charset=utf-8", huge_page() if body else iter(()), None, False)

    # -- text -----------------------------------------------------------------------------

    def _page(self, path: str) -> tuple[str, bytes, Article | None, str]:
        """The page as text, as bytes, its story and the Content-Type the replica sends."""
        replica: FaultServer = self.server.replica
        target = replica.resolve(path)
        if target is None:
            raise LookupError(f"{path}: no such page in the replica")
        data = target.read_bytes()
        article = replica.article_at(path)
        encoding = "windows-1252" if article and article.variant == "legacy" else "utf-8"
        return data.decode(encoding), data, article, content_type(target, data)

    def _fault_latin1_as_utf8(self, path: str, body: bool) -> None:
        html, *_ = self._page(path)
        self._send(200, "text/html; charset=utf-8", as_latin1(html, "utf-8"), body)

    def _fault_latin1_undeclared(self, path: str, body: bool) -> None:
        html, *_ = self._page(path)
        self._send(200, "text/html", as_latin1(html, None), body)

    def _fault_unclosed(self, path: str, body: bool) -> None:
        _, data, article, kind = self._page(path)
        self._send(200, kind, cut_short(data, article), body)

    def _fault_mangled(self, path: str, body: bool) -> None:
        html, *_ = self._page(path)
        spoilt = html.translate({ord(c): "\ufffd" for c in MANGLED})
        self._send(200, "text/html; charset=utf-8", spoilt.encode("utf-8"), body)

    def _fault_short_read(self, path: str, body: bool) -> None:
        """Headers promise the whole page; part of it is sent, then the connection closes."""
        _, data, article, kind = self._page(path)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.close_connection = True
        if body:
            with contextlib.suppress(OSError):
                self.wfile.write(data[: cut_point(data, article)])
                self.wfile.flush()


class FaultServer(ReplicaServer):
    """The replica on ``http://127.0.0.1:<port>`` with faults switched on by the test."""

    def __init__(
        self, root: Path | None = None, port: int = 0, articles: Sequence[Article] = ARTICLES
    ) -> None:
        super().__init__(root, port, articles)
        # Swapped before any request can arrive: the server reads it per connection.
        self._httpd.RequestHandlerClass = _FaultHandler
        self._faults: dict[str, list[Any]] = {}  # path -> [fault, times left or None]
        self._outage: tuple[str, float, int] | None = None  # kind, seconds, after
        self._outage_until: float | None = None
        self._seen = 0
        self.served: dict[str, int] = {}

    def outage(self, seconds: float, kind: str = "503", after: int = 0) -> None:
        """Every answer fails for ``seconds``, starting at the ``after``-th request from now."""
        if kind not in ("503", "reset"):
            raise ValueError(f"outage kind {kind!r}: expected '503' or 'reset'")
        with self._lock:
            self._outage = (kind, seconds, self._seen + after)
            self._outage_until = None

    def spoil(self, path: str, fault: str, times: int | None = None) -> None:
        """Answer ``path`` with ``fault`` (``times`` times, then normally; None: always)."""
        if fault not in FAULTS:
            raise ValueError(f"fault {fault!r}: expected one of {', '.join(FAULTS)}")
        with self._lock:
            self._faults[path] = [fault, times]

    def fault_for(self, path: str) -> str | None:
        with self._lock:
            self._seen += 1
            if self._outage is not None:
                kind, seconds, after = self._outage
                now = time.monotonic()
                if self._outage_until is None and self._seen > after:
                    self._outage_until = now + seconds
                if self._outage_until is not None:
                    if now < self._outage_until:
                        return kind
                    self._outage = self._outage_until = None
            entry = self._faults.get(path)
            if entry is None:
                return None
            fault, times = entry
            if times is not None:
                if times <= 0:
                    return None
                entry[1] = times - 1
            return fault

    def count(self, fault: str) -> None:
        with self._lock:
            self.served[fault] = self.served.get(fault, 0) + 1

    def article_at(self, path: str) -> Article | None:
        return next((a for a in self.articles if a.path == path), None)


def main(argv: Sequence[str] | None = None, wait: Callable[[], Any] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faultserver", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--spoil", action="append", default=[], metavar="PATH=FAULT")
    parser.add_argument("--outage", type=float, metavar="SECONDS", help="503s from the start")
    args = parser.parse_args(argv)
    with FaultServer(port=args.port) as server:
        for spec in args.spoil:
            path, _, fault = spec.partition("=")
            server.spoil(path, fault)
        if args.outage:
            server.outage(args.outage)
        print(server.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            (wait or threading.Event().wait)()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
