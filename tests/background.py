"""A real ``scrapy crawl`` in the background, for tests that act on it while it runs
(stop its database, kill it) and then read what it left: exit status, stats, log."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.crawling import FAST, scrapy_env

#: Seconds any one background crawl may take before the test gives up on it.
WAIT = 300
#: Synthetic stories on a fault test's site: a crawl of them lasts long enough to
#: break things in its middle.
ARTICLES = 80
#: Small batches, so the database is written all along the crawl; a paced crawl, so a
#: 6-second outage falls in its middle; quick retries of the spool.
PACED = {
    "DATABASE_BATCH_SIZE": "5",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    "DOWNLOAD_DELAY": "0.1",
    "DATABASE_RETRY_MAX_DELAY": "2",
}


@dataclass
class Finished:
    returncode: int
    stats: dict[str, Any]
    log: str


class BackgroundCrawl:
    """``scrapy crawl portugalcolonial -a base_url=…`` started in ``workdir``."""

    def __init__(
        self,
        workdir: Path,
        base_url: str,
        settings: dict[str, str],
        feed: tuple[str, str] = ("-O", "items.jsonl"),
        env: dict[str, str] | None = None,
    ) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.stats_file = workdir / "stats.json"
        self.stats_file.unlink(missing_ok=True)
        self.log_file = workdir / "crawl.log"
        command = [sys.executable, "-m", "scrapy", "crawl", "portugalcolonial"]
        command += ["-a", f"base_url={base_url}", feed[0], str(workdir / feed[1])]
        merged = {
            **FAST,
            "LOG_FILE": str(self.log_file),
            "STATS_FILE": str(self.stats_file),
            **settings,
        }
        for key, value in merged.items():
            command += ["-s", f"{key}={value}"]
        self.process = subprocess.Popen(
            command,
            cwd=workdir,
            env=scrapy_env(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
        """Poll ``condition`` until true; fail if the crawl ends or time runs out first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"crawl ended before {what}: {self.log()[-3000:]}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def finish(self) -> Finished:
        try:
            _, stderr = self.process.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, stderr = self.process.communicate()
        stats: dict[str, Any] = {}
        if self.stats_file.exists():
            stats = json.loads(self.stats_file.read_text(encoding="utf-8"))["stats"]
        return Finished(self.process.returncode, stats, self.log() + stderr)

    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8") if self.log_file.exists() else ""

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def crawl_to_end(
    workdir: Path,
    base_url: str,
    settings: dict[str, str],
    feed: tuple[str, str] = ("-O", "items.jsonl"),
    env: dict[str, str] | None = None,
) -> Finished:
    """A whole crawl, waited for."""
    crawl = BackgroundCrawl(workdir, base_url, settings, feed, env)
    try:
        return crawl.finish()
    finally:
        crawl.kill()
