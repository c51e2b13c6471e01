"""Serves a built replica with nginx on 127.0.0.1 (a fast static server to measure against).

    python -m benchmarks.serve DIR --port 8080

The configuration is generated in a temporary directory (pid, logs, temp paths there, no
daemon). ``.html`` goes out as bare ``text/html``, without a charset, so each page's own
``<meta charset>`` decides (the legacy variant is windows-1252), as on the real site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tests.replica import ERROR_PATH

_CONF = """\
daemon off;
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{
        text/html html;
        application/xml xml;
        text/plain txt;
        text/css css;
        text/javascript js;
        image/jpeg jpg;
        image/png png;
    }}
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
        location = /rss.xml {{ types {{ }} default_type application/rss+xml; }}
        location = {error_path} {{ return 500; }}
    }}
}}
"""


def exit_on_signals() -> None:
    """SIGTERM and SIGINT unwind the stack (even in the background), so nginx is stopped."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def free_port(preferred: int = 0) -> int:
    """``preferred`` if nothing listens there, else a port the system picks."""
    for port in (preferred, 0) if preferred else (0,):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError("no free port")


def nginx_binary() -> str:
    """nginx from Debian's packages; installed with apt-get when missing and we are root."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing: apt-get install nginx")
    print("installing nginx (apt-get install nginx)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env, stdout=subprocess.DEVNULL
    )
    return shutil.which("nginx", path="/usr/sbin:/sbin") or "nginx"


class Nginx:
    """nginx serving ``root`` on ``http://127.0.0.1:<port>`` until ``stop()``."""

    def __init__(self, root: Path, port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._tmp = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        conf = self._tmp / "nginx.conf"
        conf.write_text(
            _CONF.format(
                tmp=self._tmp,
                root=root.resolve(),
                port=port,
                error_path=ERROR_PATH,
                # as root, workers would drop to "nobody", which cannot read a 0700 temp dir
                user="user root;" if os.geteuid() == 0 else "",
            )
        )
        command = [
            nginx_binary(),
            "-c",
            str(conf),
            "-p",
            str(self._tmp),
            "-e",
            str(self._tmp / "error.log"),
        ]
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = (self._tmp / "error.log").read_text(errors="replace")
                raise RuntimeError(f"nginx exited: {log[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening")

    def wait(self) -> None:
        self._process.wait()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.serve",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    exit_on_signals()
    with Nginx(args.root, args.port) as server:
        print(f"serving {args.root} on {server.base_url} (Ctrl-C stops)", flush=True)
        server.wait()


if __name__ == "__main__":
    main()
