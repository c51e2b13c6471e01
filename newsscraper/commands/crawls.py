"""``scrapy crawls``: what the last crawls of a database did, without SQL.

One line per crawl, newest first: id, spider, start, duration, articles stored,
updated, skipped as known, failed (error log lines), the finish reason and the
monitors' verdict. ``--json`` prints the same as one JSON object per line, plus
the crawl's arguments, for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from newsscraper import exitcodes
from newsscraper.errors import fail
from newsscraper.storage import ArticleStore, StorageError, database_url, normalize_url


def _duration(row: dict[str, Any]) -> float | None:
    start, end = row.get("started_at"), row.get("finished_at")
    if isinstance(start, datetime) and isinstance(end, datetime):
        return round((end - start).total_seconds(), 1)
    return None


def summary(row: dict[str, Any]) -> dict[str, Any]:
    """The fields shown for one ``crawls`` row, JSON-safe."""
    start = row.get("started_at")
    return {
        "id": row["id"],
        "spider": row["spider"],
        "started_at": start.isoformat(timespec="seconds") if isinstance(start, datetime) else None,
        "duration_s": _duration(row),
        "stored": row.get("items_stored", 0),
        "updated": row.get("items_updated", 0),
        "skipped_known": row.get("skipped_known", 0),
        "failed": row.get("errors", 0),
        "finish_reason": row.get("finish_reason") or "(running or killed)",
        "monitors": row.get("monitors") or "-",
        "arguments": row.get("arguments") or {},
    }


def _clock(seconds: float | None) -> str:
    """``1:02:03`` or ``2:03``; ``-`` for a crawl without an end.

    >>> _clock(3723.4), _clock(65), _clock(None)
    ('1:02:03', '1:05', '-')
    """
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("id", "spider", "started (UTC)", "took", "stored", "updated", "known", "failed")
    lines = [
        f"{head[0]:>5} {head[1]:<18} {head[2]:<19} {head[3]:>8} {head[4]:>6} {head[5]:>7} "
        f"{head[6]:>6} {head[7]:>6}  finish reason / monitors"
    ]
    for r in rows:
        started = (r["started_at"] or "")[:19].replace("T", " ")
        lines.append(
            f"{r['id']:>5} {r['spider'][:18]:<18} {started:<19} {_clock(r['duration_s']):>8} "
            f"{r['stored']:>6} {r['updated']:>7} {r['skipped_known']:>6} {r['failed']:>6}  "
            f"{r['finish_reason']} / {r['monitors']}"
        )
    return "\n".join(lines)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "List the last crawls recorded in the database"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        group = parser.add_argument_group("Crawls Options")
        group.add_argument("-n", dest="limit", default="10", help="how many (default 10)")
        group.add_argument("--spider", help="only this spider's crawls")
        group.add_argument("--json", action="store_true", help="one JSON object per line")
        group.add_argument(
            "--database-url",
            metavar="URL",
            help="database to read (default: NEWSSCRAPER_DATABASE_URL, then DATABASE_URL)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            self._stop(f"unexpected argument {args[0]!r}")
            return
        if not str(opts.limit).isdigit() or int(opts.limit) < 1:
            self._stop(f"-n {opts.limit!r}: expected a positive number")
            return
        assert self.settings is not None
        try:
            url = normalize_url(opts.database_url) if opts.database_url else None
            url = url or database_url(self.settings)
            if not url:
                self._stop("no database configured (DATABASE_URL is empty)")
                return
            with ArticleStore(url).open(create=False) as store:
                rows = [summary(r) for r in store.recent_crawls(int(opts.limit), opts.spider)]
        except StorageError as exc:
            self._stop(str(exc))
            return
        if opts.json:
            for row in rows:
                print(json.dumps(row, ensure_ascii=False, default=str))
        elif rows:
            print(table(rows))
        else:
            print("no crawl recorded yet", file=sys.stderr)

    def _stop(self, message: str) -> None:
        fail("crawls", message)
        self.exitcode = exitcodes.CONFIG_ERROR
