"""Schedule one crawl on scrapyd: run it from cron or a systemd timer.

scrapyd runs what it is sent but has no clock of its own. Each call of

    python -m newsscraper.schedule portugalcolonial -s DATABASE_URL=postgresql+psycopg://crawler@db/news

1. asks scrapyd (``listjobs.json``) whether a job of that spider is still pending or
   running in the project; if so it prints one line and exits 0: runs never pile up;
2. reads how the previous crawl ended (see below);
3. schedules a new job (``schedule.json``), spider arguments (``-a``) and settings
   (``-s``) form-encoded so that ``+``, ``&``, ``=`` and spaces arrive intact, and
   prints its job id;
4. reports the previous crawl, and exits 3 if it went wrong: the new run is scheduled
   all the same, so crawling goes on while cron mails the failure.

The previous crawl's outcome is read from where this run's job is told to record its
own, so one command line closes the loop:

- ``--status-file PATH`` (the same as ``-s STATS_FILE=PATH``): the job writes its
  finish reason and stats there when it closes. The script marks the file with the new
  job's id before scheduling it, so a job that never closed (cancelled while pending,
  killed) shows up next time instead of an older crawl's outcome. The file must be on
  the scrapyd host's disk: run the script on that host.
- otherwise the database (``--database-url``, the same as ``-s DATABASE_URL=…``, else
  env ``NEWSSCRAPER_DATABASE_URL``): the spider's newest row in the ``crawls`` table, if
  that table exists.

A crawl went wrong when its finish reason is not ``finished`` (or ``idle_timeout``, a
distributed worker leaving while others crawl on), when its monitors failed
(stats ``monitors/passed`` false or ``monitors/failed`` not empty), or when it never
finished. Nothing to read (first run, no database) is not a failure.

Credentials for scrapyd's basic auth: env ``SCRAPYD_USERNAME`` and ``SCRAPYD_PASSWORD``
(the variables scrapyd and ``scrapyd-deploy env`` read too), else the ``~/.netrc`` entry
for scrapyd's host, else none.

Exit status:
  0  scheduled, the previous crawl ended well or there is none on record; or skipped
     because a job of the spider is still pending or running
  1  not scheduled: scrapyd is unreachable, refused the request (HTTP 401, an error
     status such as an unknown project or spider), or answered something that is not
     scrapyd's JSON
  2  bad command line
  3  scheduled, but the previous crawl went wrong or its outcome could not be read

Output: normal lines on stdout (for a log file), problems on stderr (for cron mail),
one line each, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

#: How a crawl may end and still count as a good run: ``idle_timeout`` is how an idle
#: worker of a distributed crawl (REDIS_URL) leaves while others crawl on.
GOOD_FINISH_REASONS = ("finished", "idle_timeout")

EXIT_OK = 0
EXIT_SCRAPYD = 1
EXIT_USAGE = 2
EXIT_PREVIOUS = 3

DEFAULT_URL = "http://127.0.0.1:6800"
DEFAULT_PROJECT = "newsscraper"
DATABASE_ENV = "NEWSSCRAPER_DATABASE_URL"

#: Form fields schedule.json takes for itself: a spider argument by these names is lost.
RESERVED_ARGUMENTS = frozenset({"project", "spider", "setting", "jobid", "priority", "_version"})


class ScheduleError(Exception):
    """Something worth one line on stderr."""


# -- scrapyd ------------------------------------------------------------------------


def shown_url(url: str) -> str:
    """*url* without user and password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _reason(exc: BaseException) -> str:
    """The useful end of a requests exception ('Connection refused'), not its repr chain."""
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    found = re.findall(r"\[Errno -?\d+\] ([^'\"\)]+)", str(exc))
    if found:
        return found[-1].strip()
    return type(exc).__name__ if isinstance(exc, requests.ConnectionError) else _one_line(exc)


def _one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class Scrapyd:
    """scrapyd's JSON API, every failure turned into a ScheduleError of one line."""

    def __init__(self, url: str, auth: tuple[str, str] | None, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.shown = shown_url(self.url)
        self.timeout = timeout
        self.session = requests.Session()
        if auth is not None:
            self.session.auth = auth  # else requests looks in ~/.netrc by itself

    def call(self, endpoint: str, *, params: Any = None, data: Any = None) -> dict[str, Any]:
        method = "POST" if data is not None else "GET"
        try:
            response = self.session.request(
                method, f"{self.url}/{endpoint}", params=params, data=data, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise ScheduleError(f"scrapyd at {self.shown} is unreachable: {_reason(exc)}") from None
        if response.status_code == 401:
            raise ScheduleError(
                f"scrapyd at {self.shown} refused the credentials (HTTP 401): set "
                "SCRAPYD_USERNAME and SCRAPYD_PASSWORD, or a ~/.netrc entry for "
                f"{urlsplit(self.url).hostname}"
            )
        if not response.ok:
            raise ScheduleError(
                f"scrapyd at {self.shown} answered {endpoint} with HTTP "
                f"{response.status_code} {response.reason} (is this scrapyd's URL?)"
            )
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or "status" not in payload:
            raise ScheduleError(
                f"scrapyd at {self.shown} answered {endpoint} with something that is not "
                "scrapyd's JSON (is this scrapyd's URL?)"
            )
        if payload["status"] != "ok":
            message = _one_line(payload.get("message") or "no message")
            raise ScheduleError(f"scrapyd at {self.shown} refused {endpoint}: {message}")
        return payload

    def active_job(self, project: str, spider: str) -> tuple[str, dict[str, Any]] | None:
        """The spider's running or pending job in *project*, as (state, job), if any."""
        jobs = self.call("listjobs.json", params={"project": project})
        for state in ("running", "pending"):
            entries = jobs.get(state)
            if not isinstance(entries, list):
                raise ScheduleError(
                    f"scrapyd at {self.shown} answered listjobs.json without a {state!r} list"
                )
            for job in entries:
                if isinstance(job, dict) and job.get("spider") == spider:
                    return state, job
        return None

    def schedule(
        self,
        project: str,
        spider: str,
        jobid: str,
        arguments: Mapping[str, str],
        settings: Mapping[str, str],
    ) -> str:
        form = [("project", project), ("spider", spider), ("jobid", jobid)]
        form += [("setting", f"{name}={value}") for name, value in settings.items()]
        form += list(arguments.items())
        answer = self.call("schedule.json", data=form)
        return str(answer.get("jobid") or jobid)


def scrapyd_auth(environ: Mapping[str, str]) -> tuple[str, str] | None:
    username = environ.get("SCRAPYD_USERNAME")
    if not username:
        return None
    return username, environ.get("SCRAPYD_PASSWORD", "")


# -- the previous crawl -------------------------------------------------------------


def boolish(value: Any) -> bool | None:
    """True, False, or None (unknown) from a bool, a count, a list or a word.

    >>> [boolish(v) for v in (True, 0, 2, "false", "passed", [], ["x"], None, "?")]
    [True, False, True, False, True, False, True, None, None]
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, list | tuple | dict):
        return len(value) > 0
    word = str(value).strip().lower()
    if word in {"1", "true", "yes", "ok", "passed"}:
        return True
    if word in {"", "0", "false", "no", "failed", "none"}:
        return False
    return None


def monitors_verdict(stats: Mapping[str, Any]) -> bool | None:
    """True when the monitors passed, False when they failed, None when none ran."""
    failed = boolish(stats.get("monitors/failed"))
    passed = boolish(stats.get("monitors/passed"))
    if failed or passed is False:
        return False
    if passed or failed is False:
        return True
    return None


@dataclass(frozen=True)
class Outcome:
    """How the previous crawl ended, as far as its record tells."""

    what: str  # "crawl 12, finished 2025-01-01 10:00:00", "job ab12…, scheduled …"
    finish_reason: str | None = None
    monitors: bool | None = None
    summary: str = ""
    problem: str = ""  # why the outcome is bad or unknown, when it is not a reason or a verdict

    @property
    def ok(self) -> bool:
        return (
            not self.problem
            and self.finish_reason in GOOD_FINISH_REASONS
            and self.monitors is not False
        )

    def describe(self) -> str:
        if self.problem:
            return f"previous crawl ({self.what}): {self.problem}"
        verdict = {True: "monitors passed", False: "monitors FAILED", None: "no monitors ran"}
        text = f"finish reason {self.finish_reason!r}, {verdict[self.monitors]}"
        if self.monitors is False and self.summary:
            text += f": {self.summary}"
        return f"previous crawl ({self.what}): {_one_line(text)}"


def _outcome_from_stats(what: str, reason: Any, stats: Any, column: Any = None) -> Outcome:
    stats = stats if isinstance(stats, Mapping) else {}
    verdict = monitors_verdict(stats)
    if verdict is None and column is not None:
        verdict = boolish(column)
    summary = stats.get("monitors/summary") or stats.get("monitors/failed") or ""
    if isinstance(summary, list | tuple):
        summary = ", ".join(map(str, summary))
    return Outcome(what, None if reason is None else str(reason), verdict, str(summary))


class StatusFile:
    """The JSON file a job writes when it closes (``STATS_FILE``), and the mark before it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.saved: bytes | None = None

    def read(self) -> Outcome | None:
        try:
            self.saved = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return Outcome(f"status file {self.path}", problem=f"unreadable: {exc.strerror}")
        try:
            payload = json.loads(self.saved)
        except ValueError:
            return Outcome(f"status file {self.path}", problem="not JSON")
        if not isinstance(payload, dict):
            return Outcome(f"status file {self.path}", problem="not a JSON object")
        job = payload.get("scheduled_job")
        if job is not None and payload.get("finish_reason") is None:
            return Outcome(
                f"job {job}, scheduled {payload.get('scheduled_at', '?')}",
                problem="it never recorded an end (cancelled before it started, or killed)",
            )
        stats = payload.get("stats", {})
        finished = stats.get("finish_time", "?") if isinstance(stats, dict) else "?"
        return _outcome_from_stats(
            f"finished {_when(finished)}", payload.get("finish_reason"), stats
        )

    def mark(self, jobid: str) -> None:
        """Say that *jobid* owes this file its outcome; the job replaces it when it closes."""
        mark = {
            "finish_reason": None,
            "scheduled_job": jobid,
            "scheduled_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._write(json.dumps(mark).encode() + b"\n")

    def restore(self) -> None:
        """Undo :meth:`mark` when the job could not be scheduled."""
        if self.saved is None:
            self.path.unlink(missing_ok=True)
        else:
            self._write(self.saved)

    def _write(self, content: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".status-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, self.path)


def _when(value: Any) -> str:
    """A timestamp to the second, whether it came as a datetime or as ISO text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, str | bytes):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def read_database(url: str, spider: str) -> Outcome | None:
    """The spider's newest ``crawls`` row, or None when there is no such table or row."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from newsscraper.storage import StorageError, normalize_url, redact
    from newsscraper.storage.config import create_engine

    try:
        url = normalize_url(url)
    except StorageError as exc:
        return Outcome("database", problem=str(exc))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        return None  # reading must not create an empty database file
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("crawls"):
                return None
            crawls = sa.Table("crawls", sa.MetaData(), autoload_with=conn)
            query = (
                sa.select(crawls)
                .where(crawls.c.spider == spider)
                .order_by(crawls.c.id.desc())
                .limit(1)
            )
            row = conn.execute(query).mappings().first()
    except sa.exc.SQLAlchemyError as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip()
        reason = _one_line(cause.splitlines()[0] if cause else type(exc).__name__)
        return Outcome(f"database {redact(url)}", problem=f"cannot read crawls: {reason}")
    finally:
        engine.dispose()
    if row is None:
        return None
    if row.get("finished_at") is None:
        return Outcome(
            f"crawl {row['id']}, started {_when(row['started_at'])}",
            problem="it never finished (killed, or still running outside this scrapyd)",
        )
    return _outcome_from_stats(
        f"crawl {row['id']}, finished {_when(row['finished_at'])}",
        row.get("finish_reason"),
        _json(row.get("stats")),
        row.get("monitors"),
    )


# -- the command line ---------------------------------------------------------------


def _pair(kind: str) -> Any:
    def parse(text: str) -> tuple[str, str]:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise argparse.ArgumentTypeError(f"expected {kind}=VALUE, got {text!r}")
        return name.strip(), value

    parse.__name__ = kind  # argparse names the type in its error message
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsscraper.schedule",
        description="Schedule a crawl on scrapyd, unless a job of the same spider is still\n"
        "pending or running; report how the previous crawl ended.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status:" + (__doc__ or "Exit status:").split("Exit status:", 1)[1],
    )
    parser.add_argument("spider", help="the spider to run, e.g. portugalcolonial")
    parser.add_argument(
        "--url",
        default=os.environ.get("SCRAPYD_URL") or DEFAULT_URL,
        help="scrapyd's URL (default: env SCRAPYD_URL, else %(default)s)",
    )
    parser.add_argument(
        "--project", default=DEFAULT_PROJECT, help="the scrapyd project (default: %(default)s)"
    )
    parser.add_argument(
        "-a",
        dest="arguments",
        action="append",
        default=[],
        type=_pair("NAME"),
        metavar="NAME=VALUE",
        help="a spider argument (repeatable)",
    )
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        type=_pair("NAME"),
        metavar="NAME=VALUE",
        help="a Scrapy setting for the job (repeatable)",
    )
    parser.add_argument(
        "--status-file",
        type=Path,
        metavar="PATH",
        help="the job writes its outcome here (-s STATS_FILE=PATH) and the "
        "next call reads it; a path on the scrapyd host",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the job writes here (-s DATABASE_URL=URL); without --status-file "
        "the previous outcome is read from its crawls table (this, else env "
        f"{DATABASE_ENV})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="HTTP timeout for each call to scrapyd (default: %(default)s)",
    )
    return parser


@dataclass
class Plan:
    """What to ask scrapyd for, and where the previous crawl's outcome is."""

    spider: str
    project: str
    arguments: dict[str, str]
    settings: dict[str, str]
    status_file: Path | None
    database_url: str | None


def _shorthand(settings: dict[str, str], name: str, value: str | None, option: str) -> None:
    if value is None:
        return
    if settings.get(name, value) != value:
        raise ScheduleError(f"{option} and -s {name}= disagree: give one of them")
    settings[name] = value


def _relative_sqlite(url: str) -> bool:
    """``sqlite:///news.db`` (relative), not ``sqlite:////abs/news.db`` nor ``sqlite://``.

    >>> [_relative_sqlite(u) for u in ("sqlite:///a.db", "sqlite:////a.db", "postgresql://h/d")]
    [True, False, False]
    """
    rest = url.strip().partition("://")[2] if url.strip().startswith("sqlite") else ""
    path = rest.partition("?")[0]
    return path.startswith("/") and not path.startswith("//") and path not in ("/", "/:memory:")


def make_plan(opts: argparse.Namespace, environ: Mapping[str, str]) -> Plan:
    arguments = dict(opts.arguments)
    reserved = sorted(RESERVED_ARGUMENTS & set(arguments))
    if reserved:
        raise ScheduleError(f"-a {reserved[0]}=…: scrapyd keeps that name for itself")
    settings = dict(opts.settings)
    if settings.get("STATS_FILE"):  # scrapyd's jobs run in scrapyd's directory
        settings["STATS_FILE"] = str(Path(settings["STATS_FILE"]).expanduser().absolute())
    status = str(opts.status_file.expanduser().absolute()) if opts.status_file else None
    _shorthand(settings, "STATS_FILE", status, "--status-file")
    _shorthand(settings, "DATABASE_URL", opts.database_url, "--database-url")
    if _relative_sqlite(settings.get("DATABASE_URL", "")):
        raise ScheduleError(
            f"DATABASE_URL={settings['DATABASE_URL']}: a relative SQLite path would be opened "
            "in scrapyd's directory; give an absolute one (sqlite:////var/lib/news/news.db)"
        )
    database = settings.get("DATABASE_URL", environ.get(DATABASE_ENV))
    return Plan(
        spider=opts.spider,
        project=opts.project,
        arguments=arguments,
        settings=settings,
        status_file=Path(settings["STATS_FILE"]) if settings.get("STATS_FILE") else None,
        database_url=database.strip() if database and database.strip() else None,
    )


def run(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    parser = build_parser()
    opts = parser.parse_args(argv)
    try:
        plan = make_plan(opts, environ)
    except ScheduleError as exc:
        parser.error(str(exc))
    scrapyd = Scrapyd(opts.url, scrapyd_auth(environ), opts.timeout)
    where = f"{plan.project}/{plan.spider} on {scrapyd.shown}"

    try:
        active = scrapyd.active_job(plan.project, plan.spider)
    except ScheduleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SCRAPYD
    if active is not None:
        state, job = active
        since = f" since {job['start_time']}" if job.get("start_time") else ""
        print(f"skipped: {where}: job {job.get('id')} is still {state}{since}")
        return EXIT_OK

    status = StatusFile(plan.status_file) if plan.status_file else None
    if status is not None:
        previous = status.read()
    elif plan.database_url:
        previous = read_database(plan.database_url, plan.spider)
    else:
        previous = None

    jobid = uuid.uuid4().hex
    try:
        if status is not None:
            status.mark(jobid)
        jobid = scrapyd.schedule(plan.project, plan.spider, jobid, plan.arguments, plan.settings)
    except ScheduleError as exc:
        if status is not None:
            status.restore()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SCRAPYD
    except OSError as exc:
        print(
            f"error: cannot write the status file {plan.status_file}: {exc.strerror}",
            file=sys.stderr,
        )
        return EXIT_SCRAPYD
    print(f"scheduled {where}: job {jobid}")

    if previous is None:
        return EXIT_OK
    if previous.ok:
        print(previous.describe())
        return EXIT_OK
    print(f"warning: {previous.describe()}", file=sys.stderr)
    return EXIT_PREVIOUS


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
