"""Run a real ``scrapy crawl`` process, the way a user does, and read what it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

#: Measurement-free settings for tests: no politeness delays against the local replica.
FAST = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
}


@dataclass
class Crawl:
    returncode: int
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    finish_reason: str | None
    log: str


def scrapy_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["SCRAPY_SETTINGS_MODULE"] = "newsscraper.settings"
    env.pop("NEWSSCRAPER_DATABASE_URL", None)
    env.update(extra or {})
    return env


def run_crawl(
    workdir: Path,
    *arguments: str,
    settings: dict[str, str] | None = None,
    spider: str = "portugalcolonial",
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> Crawl:
    """``scrapy crawl <spider> -a k=v … -O items.jsonl`` in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    out, stats_file, log_file = (
        workdir / "items.jsonl",
        workdir / "stats.json",
        workdir / "crawl.log",
    )
    for path in (out, stats_file, log_file):
        path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(out)]
    for argument in arguments:
        command += ["-a", argument]
    merged = {**FAST, "STATS_FILE": str(stats_file), "LOG_FILE": str(log_file), **(settings or {})}
    for key, value in merged.items():
        command += ["-s", f"{key}={value}"]
    done = subprocess.run(
        command,
        cwd=workdir,
        env=scrapy_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    items = []
    if out.exists():
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    stats, reason = {}, None
    if stats_file.exists():
        payload = json.loads(stats_file.read_text(encoding="utf-8"))
        stats, reason = payload["stats"], payload["finish_reason"]
    log = (log_file.read_text(encoding="utf-8") if log_file.exists() else "") + done.stderr
    return Crawl(done.returncode, items, stats, reason, log)
