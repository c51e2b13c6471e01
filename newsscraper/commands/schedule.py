"""``scrapy schedule SPIDER``: ask scrapyd for one crawl; run it from cron or a timer.

scrapyd runs what it is sent but has no clock of its own. Each call

1. checks the spider's arguments (the crawl's own vocabulary, ``newsscraper.arguments``)
   and refuses a relative SQLite ``DATABASE_URL`` (a job runs in scrapyd's directory);
2. asks scrapyd (``listjobs.json``) whether a job of that spider is pending or
   running; if so it prints one line and exits 0: runs never pile up;
3. reads how the previous crawl ended, through the store (``ArticleStore``): the
   spider's newest ``crawls`` row. A finished scrapyd job that left no row (it died
   before recording anything: a bad setting, a crash) is reported failed, with the
   error its log ends with;
4. schedules the new job, spider arguments (``-a``) and settings (``-s``) form-encoded
   so that ``+``, ``&``, ``=`` and spaces arrive intact, and prints its id.

scrapyd is spoken to through ``scrapyd_client`` (its API and its credentials lookup:
``SCRAPYD_USERNAME``/``SCRAPYD_PASSWORD``, else the ``~/.netrc`` entry of scrapyd's
host), with a timeout on every call and one line for every way it can fail.

Exit status (``newsscraper.exitcodes``): 0 scheduled, the previous crawl went well
(or there is none), or skipped because a job is still pending or running; 2 bad
command line, credentials refused (HTTP 401), unknown project or spider; 3 scheduled,
but the previous crawl went wrong; 4 scrapyd unreachable or not answering as scrapyd.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import requests
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict
from scrapyd_client.pyclient import HEADERS, ScrapydClient

from newsscraper import exitcodes
from newsscraper.arguments import ArgumentError, parse_arguments
from newsscraper.commands.crawl import outcome
from newsscraper.errors import fail, first_line, one_line
from newsscraper.redaction import password_of, redact
from newsscraper.storage import ArticleStore, StorageError, database_url, normalize_url

DEFAULT_URL = "http://127.0.0.1:6800"
#: How a crawl may end and still count as a good run: ``idle_timeout`` is how an idle
#: worker of a distributed crawl (REDIS_URL) leaves while others crawl on; Scrapy's
#: ``closespider_*`` limits are ones the user asked for.
GOOD_FINISH_REASONS = ("finished", "idle_timeout")
#: Form fields schedule.json takes for itself: a spider argument by these names is lost.
RESERVED_ARGUMENTS = frozenset({"project", "spider", "setting", "jobid", "priority", "_version"})


class ScheduleError(Exception):
    """One line for stderr, and the exit status that goes with it."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def shown_url(url: str) -> str:
    """*url* without user and password, for messages.

    >>> shown_url("http://crawler:secret@127.0.0.1:6800/")
    'http://127.0.0.1:6800/'
    """
    scheme, sep, rest = redact(url).partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else redact(url)


def _reason(exc: requests.RequestException) -> str:
    """'Connection refused', not requests' chain of reprs."""
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    found = re.findall(r"\[Errno -?\d+\] ([^'\"\)]+)", str(exc))
    return found[-1].strip() if found else first_line(exc)


class Scrapyd(ScrapydClient):
    """scrapyd_client's API with a timeout and HTTP status checks; every failure is a
    ScheduleError of one line (scrapyd_client itself has no timeout and reads a 401
    page as malformed JSON)."""

    def __init__(self, url: str, timeout: float) -> None:
        super().__init__(
            url.rstrip("/"), os.environ.get("SCRAPYD_USERNAME"), os.environ.get("SCRAPYD_PASSWORD")
        )
        self.timeout = timeout
        self.shown = shown_url(self.url)

    def _get(self, basename: str, params: Any = None) -> dict[str, Any]:
        return self._call("GET", basename, params=params or {})

    def _post(self, basename: str, data: Any) -> dict[str, Any]:
        return self._call("POST", basename, data=data)

    def _call(self, method: str, basename: str, **kwargs: Any) -> dict[str, Any]:
        endpoint = f"{basename}.json"
        response = self.fetch(method, f"{self.url}/{endpoint}", **kwargs)
        if response.status_code == 401:
            raise ScheduleError(
                f"scrapyd at {self.shown} refused the credentials (HTTP 401): set "
                "SCRAPYD_USERNAME and SCRAPYD_PASSWORD, or a ~/.netrc entry for "
                f"{urlsplit(self.url).hostname}",
                exitcodes.CONFIG_ERROR,
            )
        if not response.ok:
            raise ScheduleError(
                f"scrapyd at {self.shown} answered {endpoint} with HTTP "
                f"{response.status_code} {response.reason} (is this scrapyd's URL?)",
                exitcodes.SITE_UNREACHABLE,
            )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or "status" not in payload:
            raise ScheduleError(
                f"scrapyd at {self.shown} answered {endpoint} with something that is not "
                "scrapyd's JSON (is this scrapyd's URL?)",
                exitcodes.SITE_UNREACHABLE,
            )
        if payload["status"] != "ok":
            message = one_line(payload.get("message") or "no message")
            raise ScheduleError(
                f"scrapyd at {self.shown} refused {endpoint}: {message}", exitcodes.CONFIG_ERROR
            )
        return payload

    def fetch(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        try:
            return requests.request(
                method, url, headers=HEADERS, auth=self.auth, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise ScheduleError(
                f"scrapyd at {self.shown} is unreachable: {_reason(exc)}",
                exitcodes.SITE_UNREACHABLE,
            ) from None

    def log_error(self, log_url: str | None) -> str:
        """The last error line of a job's log, or why there is none to read."""
        if not log_url:
            return "scrapyd keeps no log (logs_dir is off)"
        try:
            response = self.fetch("GET", urljoin(self.url + "/", log_url.lstrip("/")))
        except ScheduleError as exc:
            return str(exc)
        if not response.ok:
            return f"its log is gone (HTTP {response.status_code}; jobs_to_keep?)"
        return last_error(response.text)


def last_error(log: str) -> str:
    """What a job's log says went wrong: its last ``error:`` line (a command's own), else
    the exception at the end of its last traceback, else its last line.

    >>> last_error("x INFO: a\\nscrapy crawl: error: DATABASE_URL 'm': bad\\n")
    "scrapy crawl: error: DATABASE_URL 'm': bad"
    >>> last_error("Traceback (most recent call last):\\n  File x\\nValueError: no\\n")
    'ValueError: no'
    """
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    if not lines:
        return "its log is empty"
    for line in reversed(lines):
        if ": error: " in line:
            return one_line(line, 240)
    if any(line.startswith("Traceback") for line in lines):
        last = max(i for i, line in enumerate(lines) if line.startswith("Traceback"))
        tail = [line for line in lines[last + 1 :] if not line.startswith(("File ", "^"))]
        if tail:
            return one_line(tail[-1], 240)
    return f"its log ends: {one_line(lines[-1], 200)}"


@dataclass(frozen=True)
class Outcome:
    """How the previous crawl ended, as far as the store (and scrapyd) tell."""

    what: str
    ok: bool
    detail: str

    def describe(self) -> str:
        return f"previous crawl ({self.what}): {self.detail}"


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if isinstance(value, datetime) else "?"


def crawl_outcome(row: Mapping[str, Any]) -> Outcome:
    """The outcome of one ``crawls`` row, in the words of the crawl's own last line."""
    if row.get("finished_at") is None:
        return Outcome(
            f"crawl {row['id']}, started {_when(row.get('started_at'))}",
            False,
            "it never finished (killed, or still running outside this scrapyd)",
        )
    stats = dict(row["stats"]) if isinstance(row.get("stats"), Mapping) else {}
    stats["finish_reason"] = row.get("finish_reason")
    if row.get("monitors") in ("passed", "failed"):
        stats["monitors/passed"] = row["monitors"] == "passed"
    base_url = (row.get("arguments") or {}).get("base_url") or ""
    status, line = outcome(stats, urlsplit(str(base_url)).hostname or "")
    reason = row.get("finish_reason")
    good_reason = reason in GOOD_FINISH_REASONS or str(reason).startswith("closespider_")
    return Outcome(
        f"crawl {row['id']}, finished {_when(row['finished_at'])}",
        status == exitcodes.OK and good_reason,
        line if good_reason or status != exitcodes.OK else f"{line} (finish reason {reason!r})",
    )


def database_tag(url: str) -> str:
    """Eight hex digits naming a database: the start of every job id scheduled for it,
    so that scrapyd's finished jobs can be told apart by the database they wrote to.

    >>> len(database_tag("sqlite:////var/lib/newsscraper/news.db"))
    8
    """
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]


def previous_outcome(
    store: ArticleStore, scrapyd: Scrapyd | None, jobs: Mapping[str, Any], spider: str
) -> Outcome | None:
    """The spider's previous crawl: its newest ``crawls`` row, unless scrapyd finished
    a newer job of it for this database that recorded no row (it died first), or None
    on the first run."""
    rows = store.recent_crawls(50, spider)
    tag = database_tag(store.url)
    finished = [
        job
        for job in jobs.get("finished", [])
        if job.get("spider") == spider and str(job.get("id", "")).startswith(tag)
    ]
    if finished:
        newest = max(finished, key=lambda job: str(job.get("end_time") or ""))
        recorded = {(r.get("arguments") or {}).get("job") for r in rows}
        if newest.get("id") not in recorded:
            return Outcome(
                f"job {newest.get('id')}, ended {str(newest.get('end_time', '?'))[:19]}",
                False,
                "it ended without recording a crawl: "
                + (scrapyd.log_error(newest.get("log_url")) if scrapyd else "no log read"),
            )
    return crawl_outcome(rows[0]) if rows else None


def _relative_sqlite(url: str) -> bool:
    """``sqlite:///news.db`` (relative), not ``sqlite:////abs/news.db`` nor ``sqlite://``.

    >>> [_relative_sqlite(u) for u in ("sqlite:///a.db", "sqlite:////a.db", "postgresql://h/d")]
    [True, False, False]
    """
    rest = url.strip().partition("://")[2] if url.strip().startswith("sqlite") else ""
    path = rest.partition("?")[0]
    return path.startswith("/") and not path.startswith("//") and path not in ("/", "/:memory:")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <spider>"

    def short_desc(self) -> str:
        return "Schedule a crawl on scrapyd unless one is running; report the previous one"

    def long_desc(self) -> str:
        return (__doc__ or "").strip()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        group = parser.add_argument_group("Schedule Options")
        group.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument for the job (repeatable)",
        )
        group.add_argument(
            "--url",
            default=os.environ.get("SCRAPYD_URL") or DEFAULT_URL,
            help=f"scrapyd's URL (default: env SCRAPYD_URL, else {DEFAULT_URL})",
        )
        group.add_argument("--project", default="newsscraper", help="scrapyd project")
        group.add_argument(
            "--database-url",
            metavar="URL",
            help="the job writes here, and the previous crawl is read from here "
            "(same as -s DATABASE_URL=URL; env NEWSSCRAPER_DATABASE_URL wins)",
        )
        group.add_argument(
            "--timeout", default="30", metavar="SECONDS", help="per call to scrapyd (30)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self._schedule(args, opts)
        except ScheduleError as exc:
            fail("schedule", str(exc))
            self.exitcode = exc.status

    def _job_settings(self, opts: argparse.Namespace) -> dict[str, str]:
        settings = dict(arglist_to_dict(opts.set)) if opts.set else {}
        if opts.database_url:
            if settings.get("DATABASE_URL", opts.database_url) != opts.database_url:
                raise ScheduleError(
                    "--database-url and -s DATABASE_URL= disagree: give one of them",
                    exitcodes.CONFIG_ERROR,
                )
            settings["DATABASE_URL"] = opts.database_url
            assert self.settings is not None
            self.settings.set("DATABASE_URL", opts.database_url, priority="cmdline")
        if password_of(settings.get("DATABASE_URL", "")):
            # scrapyd prints a job's settings in its log and listjobs.json.
            raise ScheduleError(
                f"DATABASE_URL {redact(settings['DATABASE_URL'])!r}: a password must not go "
                "to scrapyd with the job; give it in scrapyd's environment "
                "(NEWSSCRAPER_DATABASE_URL), ~/.config/newsscraper/database_url (mode 600) "
                "or ~/.pgpass",
                exitcodes.CONFIG_ERROR,
            )
        if _relative_sqlite(settings.get("DATABASE_URL", "")):
            raise ScheduleError(
                f"DATABASE_URL={settings['DATABASE_URL']}: a relative SQLite path would be "
                "opened in scrapyd's directory; give an absolute one "
                "(sqlite:////var/lib/newsscraper/news.db)",
                exitcodes.CONFIG_ERROR,
            )
        return settings

    def _schedule(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise ScheduleError("name one spider, e.g. portugalcolonial", exitcodes.CONFIG_ERROR)
        spider = args[0]
        try:
            spargs = arglist_to_dict(opts.spargs)
            timeout = float(opts.timeout)
        except ValueError:
            raise ScheduleError(
                "expected -a NAME=VALUE and --timeout SECONDS", exitcodes.CONFIG_ERROR
            ) from None
        reserved = sorted(RESERVED_ARGUMENTS & set(spargs))
        if reserved:
            raise ScheduleError(
                f"-a {reserved[0]}=…: scrapyd keeps that name for itself", exitcodes.CONFIG_ERROR
            )
        settings = self._job_settings(opts)
        self._check_spider(spider, spargs)
        assert self.settings is not None
        try:
            url = database_url(self.settings)
            if url and _relative_sqlite(url):
                raise ScheduleError(
                    f"DATABASE_URL {url}: a relative SQLite path; the job would write in "
                    "scrapyd's directory: give --database-url (absolute, or PostgreSQL), "
                    "or NEWSSCRAPER_DATABASE_URL, or -s DATABASE_URL= for none",
                    exitcodes.CONFIG_ERROR,
                )
            store = ArticleStore(normalize_url(url)).open() if url else None
        except StorageError as exc:
            raise ScheduleError(str(exc), exitcodes.CONFIG_ERROR) from None

        scrapyd = Scrapyd(opts.url, timeout)
        where = f"{opts.project}/{spider} on {scrapyd.shown}"
        try:
            jobs = scrapyd.jobs(opts.project)
            for state in ("running", "pending"):
                for job in jobs.get(state) or []:
                    if job.get("spider") == spider:
                        since = f" since {job['start_time']}" if job.get("start_time") else ""
                        print(f"skipped: {where}: job {job.get('id')} is still {state}{since}")
                        return
            previous = None
            if store is not None:
                try:
                    previous = previous_outcome(store, scrapyd, jobs, spider)
                except StorageError as exc:
                    previous = Outcome("database", False, f"cannot read crawls: {exc}")
            tag = database_tag(store.url) if store is not None else ""
            form = [("jobid", tag + uuid.uuid4().hex[len(tag) :])]
            form += [("setting", f"{name}={value}") for name, value in settings.items()]
            form += list(spargs.items())
            jobid = scrapyd.schedule(opts.project, spider, form)
        finally:
            if store is not None:
                store.close()
        print(f"scheduled {where}: job {jobid}")
        if previous is None:
            return
        if previous.ok:
            print(previous.describe())
            return
        print(f"warning: {previous.describe()}", file=sys.stderr)
        self.exitcode = exitcodes.MONITORS_FAILED

    def _check_spider(self, spider: str, spargs: dict[str, str]) -> None:
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        try:
            site = getattr(loader.load(spider), "site", None)
        except KeyError:
            known = ", ".join(sorted(loader.list()))
            raise ScheduleError(
                f"spider {spider!r} not found; known: {known}", exitcodes.CONFIG_ERROR
            ) from None
        try:
            if site is not None:
                parse_arguments(site, spargs)
        except (ArgumentError, UsageError) as exc:
            raise ScheduleError(str(exc), exitcodes.CONFIG_ERROR) from None
