"""A real scrapyd for tests, and the real ``scrapyd-deploy`` to fill it.

``ScrapydServer`` runs ``python -m scrapyd`` in a directory of its own, with a
scrapyd.conf of its own: 127.0.0.1 on a free port, basic auth on, eggs, logs, items
and dbs inside that directory, a short poll interval. Its HOME is that directory too,
so no ``~/.scrapyd.conf`` or ``~/.netrc`` of the developer's takes part. Leaving the
context stops its whole process group: scrapyd and any crawl it started.

``StaticAnswer`` is an HTTP server that is not scrapyd, for the schedule script's
"answered garbage" case.

``deploy`` copies the project (tests included, to prove the egg leaves them out) and
runs ``scrapyd-deploy env`` in the copy: the repo's own ``[deploy:env]`` target, which
takes the URL and credentials from SCRAPYD_URL, SCRAPYD_USERNAME, SCRAPYD_PASSWORD.
The build's leftovers (build/, *.egg-info) stay in the copy, not in the work tree.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterable, Mapping
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

REPO = Path(__file__).resolve().parent.parent
PROJECT = "newsscraper"
SCRAPYD_DEPLOY = Path(sys.executable).with_name("scrapyd-deploy")

#: Variables of the developer's shell that would change what the processes under test do.
_LEAKY = (
    "SCRAPYD_URL",
    "SCRAPYD_USERNAME",
    "SCRAPYD_PASSWORD",
    "NETRC",
    "XDG_CONFIG_HOME",
    "NEWSSCRAPER_DATABASE_URL",
    "SCRAPY_SETTINGS_MODULE",
    "SCRAPY_PROJECT",
    "PYTHONPATH",
)

#: What a copy of the project leaves behind: VCS, caches, local databases, build output.
_NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".scrapy",
    "build",
    "dist",
    "*.egg-info",
    "*.db",
    "*.db-wal",
    "*.db-shm",
    "*.jsonl",
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment, minus the developer's scrapyd and database settings."""
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY}
    env["HOME"] = str(home)
    env.update(extra or {})
    return env


class ScrapydError(RuntimeError):
    pass


class ScrapydServer:
    def __init__(self, root: Path, *, poll_interval: float = 0.5, max_proc: int = 2) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.username = "scrapyd-test"
        self.password = secrets.token_urlsafe(12) + "+/="  # characters that need encoding
        self.poll_interval = poll_interval
        self.max_proc = max_proc
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def auth(self) -> tuple[str, str]:
        return self.username, self.password

    @property
    def client_env(self) -> dict[str, str]:
        """What scrapyd-deploy and the schedule script need to reach this server."""
        return {
            "SCRAPYD_URL": self.url,
            "SCRAPYD_USERNAME": self.username,
            "SCRAPYD_PASSWORD": self.password,
        }

    # -- life cycle ---------------------------------------------------------------

    def write_config(self) -> Path:
        dirs = {name: self.root / name for name in ("eggs", "logs", "items", "dbs")}
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        config = self.root / "scrapyd.conf"
        config.write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"username = {self.username}\n"
            f"password = {self.password.replace('%', '%%')}\n"
            f"eggs_dir = {dirs['eggs']}\n"
            f"logs_dir = {dirs['logs']}\n"
            f"items_dir = {dirs['items']}\n"
            f"dbs_dir = {dirs['dbs']}\n"
            f"poll_interval = {self.poll_interval}\n"
            f"max_proc = {self.max_proc}\n",
            encoding="utf-8",
        )
        return config

    def start(self, timeout: float = 30) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.write_config()  # read from the working directory, as scrapyd does in production
        with (self.root / "scrapyd.out").open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd"],
                cwd=self.root,
                env=clean_env(self.root),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends the jobs too
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ScrapydError(
                    f"scrapyd exited with {self.process.returncode}:\n{self.output()}"
                )
            try:
                self.api("daemonstatus.json")
                return
            except (requests.ConnectionError, ScrapydError):
                time.sleep(0.2)
        self.stop()
        raise ScrapydError(f"scrapyd did not answer within {timeout}s:\n{self.output()}")

    def stop(self, grace: float = 10) -> None:
        """SIGTERM to the process group, SIGKILL to whatever is left after *grace* seconds."""
        if self.process is None:
            return
        group = self.process.pid  # the group leader, thanks to start_new_session
        with suppress(ProcessLookupError):  # already gone
            os.killpg(group, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _group_alive(group):
            self.process.poll()  # reap the leader so its pid can leave the group
            time.sleep(0.1)
        with suppress(ProcessLookupError):  # already gone
            os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> ScrapydServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def output(self) -> str:
        path = self.root / "scrapyd.out"
        return path.read_text(encoding="utf-8", errors="replace")[-5000:] if path.exists() else ""

    # -- the API --------------------------------------------------------------------

    def api(
        self, endpoint: str, data: Mapping[str, str] | None = None, **params: str
    ) -> dict[str, Any]:
        """GET (or POST *data* to) an endpoint; a non-ok answer raises ScrapydError."""
        if data is None:
            response = requests.get(
                f"{self.url}/{endpoint}", params=params, auth=self.auth, timeout=30
            )
        else:
            response = requests.post(
                f"{self.url}/{endpoint}", data=data, auth=self.auth, timeout=30
            )
        if response.status_code != 200:
            raise ScrapydError(f"{endpoint}: HTTP {response.status_code}")
        payload: dict[str, Any] = response.json()
        if payload.get("status") != "ok":
            raise ScrapydError(f"{endpoint}: {payload}")
        return payload

    def job_state(self, job: str, project: str = PROJECT) -> str | None:
        return self.api("status.json", job=job, project=project)["currstate"]

    def wait_for(self, job: str, states: Iterable[str], timeout: float = 120) -> str:
        """Poll until *job* is in one of *states*; return that state."""
        wanted = set(states)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.job_state(job)
            if state in wanted:
                return state
            time.sleep(0.2)
        raise ScrapydError(
            f"job {job} not {'/'.join(sorted(wanted))} after {timeout}s; "
            f"log:\n{self.job_log(job)[-3000:]}"
        )

    def cancel(self, job: str, project: str = PROJECT) -> str | None:
        return self.api("cancel.json", data={"project": project, "job": job})["prevstate"]

    def active_jobs(self, project: str = PROJECT) -> list[dict[str, Any]]:
        jobs = self.api("listjobs.json", project=project)
        return list(jobs["pending"]) + list(jobs["running"])

    # -- what jobs leave behind ---------------------------------------------------

    def job_log(self, job: str, spider: str = "portugalcolonial", project: str = PROJECT) -> str:
        path = self.root / "logs" / project / spider / f"{job}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def job_items(self, job: str, spider: str = "portugalcolonial", project: str = PROJECT) -> Path:
        return self.root / "items" / project / spider / f"{job}.jl"

    def eggs(self, project: str = PROJECT) -> list[Path]:
        return sorted((self.root / "eggs" / project).glob("*.egg"))


def copy_project(dest: Path) -> Path:
    """The work tree as it is now (uncommitted files too), without caches and build output."""
    shutil.copytree(REPO, dest, ignore=_NOT_COPIED)
    return dest


def deploy(
    project_dir: Path,
    server: ScrapydServer,
    *,
    version: str | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy env -p newsscraper`` in *project_dir*, credentials from the environment."""
    command = [str(SCRAPYD_DEPLOY), "env", "-p", PROJECT]
    if version:
        command += ["--version", version]
    return subprocess.run(
        command,
        cwd=project_dir,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=clean_env(project_dir.parent, {**server.client_env, **(env or {})}),
    )


def egg_names(egg: Path) -> list[str]:
    with zipfile.ZipFile(egg) as archive:
        return archive.namelist()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _AnswerHandler(BaseHTTPRequestHandler):
    server: _AnswerServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _AnswerServer(ThreadingHTTPServer):
    daemon_threads = True
    status: int
    body: bytes


class StaticAnswer:
    """An HTTP server on 127.0.0.1 that answers every request alike: not a scrapyd."""

    def __init__(self, status: int = 200, body: bytes = b"<html><body>It works!</body></html>"):
        self._httpd = _AnswerServer(("127.0.0.1", 0), _AnswerHandler)
        self._httpd.status, self._httpd.body = status, body
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticAnswer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
