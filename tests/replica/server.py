"""Serves the replica's static files on 127.0.0.1 in a background thread, with a request log."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from .build import build_site
from .content import ARTICLES, ERROR_PATH
from .model import Article

_HTML = "text/html; charset=utf-8"
_TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}
_DECLARED = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def content_type(path: Path, head: bytes) -> str:
    """The header the site sends: pages in a legacy charset get bare ``text/html``."""
    if path.name == "rss.xml":
        return "application/rss+xml"
    if path.suffix == ".html":
        declared = _DECLARED.search(head[:2048])
        legacy = declared and declared.group(1).lower() not in (b"utf-8", b"utf8")
        return "text/html" if legacy else _HTML
    return _TYPES.get(path.suffix, "application/octet-stream")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        replica = self.server.replica
        replica.log(self.path)
        path = unquote(urlsplit(self.path).path)
        if path == ERROR_PATH:
            return self._send(500, _HTML, b"<h1>500 Internal Server Error</h1>", body)
        target = replica.resolve(path)
        if target is None:
            return self._send(404, _HTML, b"<h1>404 Not Found</h1>", body)
        if target.is_dir():
            query = urlsplit(self.path).query
            location = path + "/" + (f"?{query}" if query else "")
            return self._send(301, _HTML, b"", body, location)
        data = target.read_bytes()
        return self._send(200, content_type(target, data), data, body)

    def _send(
        self, status: int, kind: str, data: bytes, body: bool, location: str | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is ``ReplicaServer.requests``."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    replica: ReplicaServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-answer are normal in crawls; say nothing."""


class ReplicaServer:
    """The replica on ``http://127.0.0.1:<port>``: builds the site unless given a built ``root``."""

    def __init__(
        self, root: Path | None = None, port: int = 0, articles: Sequence[Article] = ARTICLES
    ) -> None:
        self._lock = threading.Lock()
        self._requests: list[str] = []
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.replica = self
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._owned: Path | None = None
        self._stopped = False
        self.articles = tuple(articles)
        try:
            self.root = root if root is not None else self._build(self.articles)
        except BaseException:
            self._httpd.server_close()
            raise
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="replica", daemon=True
        )
        self._thread.start()

    def _build(self, articles: Sequence[Article]) -> Path:
        """Build into a fresh directory owned (and later removed) by the server."""
        root = Path(tempfile.mkdtemp(prefix="replica-"))
        build_site(root, self.base_url, articles)
        old, self._owned = self._owned, root
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return root

    def rebuild(self, articles: Sequence[Article]) -> None:
        """Re-render the site with ``articles`` (e.g. one story edited) and serve that."""
        self.articles = tuple(articles)
        self.root = self._build(self.articles)

    def resolve(self, path: str) -> Path | None:
        """The file behind a URL path (a directory means its index.html), or None."""
        root = self.root.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target
            target = target / "index.html"
        return target if target.is_file() else None

    def log(self, path: str) -> None:
        with self._lock:
            self._requests.append(path)

    @property
    def requests(self) -> list[str]:
        """Paths requested so far, with their query strings, in order."""
        with self._lock:
            return list(self._requests)

    def clear_log(self) -> None:
        with self._lock:
            self._requests.clear()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        if self._owned is not None:
            shutil.rmtree(self._owned, ignore_errors=True)

    def __enter__(self) -> ReplicaServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
