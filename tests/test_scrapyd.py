"""Scheduled crawls on scrapyd: a real scrapyd, the real scrapyd-deploy, ``scrapy schedule``.

One scrapyd for the module (tests/scrapyd_server.py): 127.0.0.1, a free port, basic
auth on, everything in a temporary directory, its process group stopped at the end.
The project is deployed from a copy of the work tree with the repo's own
``[deploy:env]`` target. ``scrapy schedule`` runs as cron runs it: a process of its
own, credentials from the environment or ~/.netrc.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsscraper.commands.schedule import crawl_outcome, previous_outcome
from newsscraper.storage import ArticleStore, CrawlCounts
from tests.crawling import FAST
from tests.replica import ReplicaServer, expected_items
from tests.scrapyd_server import (
    PROJECT,
    REPO,
    ScrapydServer,
    StaticAnswer,
    clean_env,
    copy_project,
    deploy,
    egg_names,
    free_port,
)

pytestmark = pytest.mark.crawl

SPIDER = "portugalcolonial"
FAST_SETTINGS = [arg for name, value in FAST.items() for arg in ("-s", f"{name}={value}")]
#: Slow enough to be caught running, and cancelled: one request at a time, 2 s apart.
SLOW_SETTINGS = [
    "-s",
    "AUTOTHROTTLE_ENABLED=0",
    "-s",
    "DOWNLOAD_DELAY=2",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
]
PROBE = Path("newsscraper/data/egg-probe.json")  # package data outside any subpackage


# -- fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScrapydServer]:
    with ScrapydServer(tmp_path_factory.mktemp("scrapyd")) as server:
        yield server


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The work tree, plus a data file only the copy has, to follow it into the egg."""
    copy = copy_project(tmp_path_factory.mktemp("deploy") / "newsscraper")
    (copy / PROBE).parent.mkdir(parents=True, exist_ok=True)
    (copy / PROBE).write_text('{"probe": "+ & = ü"}\n', encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def deployed(scrapyd: ScrapydServer, project_copy: Path) -> ScrapydServer:
    done = deploy(project_copy, scrapyd)
    assert done.returncode == 0, done.stderr + done.stdout
    answer = json.loads(done.stdout)
    assert answer["status"] == "ok" and answer["project"] == PROJECT, answer
    return scrapyd


@pytest.fixture
def idle(deployed: ScrapydServer) -> Iterator[ScrapydServer]:
    """The deployed scrapyd, with no job of the project left pending or running after the test."""
    yield deployed
    for job in deployed.active_jobs():
        deployed.cancel(job["id"])
    for job in deployed.active_jobs():
        deployed.wait_for(job["id"], ["finished", None], timeout=60)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def job(self) -> str:
        found = re.search(r"^scheduled \S+ on \S+: job (\w+)$", self.stdout, re.M)
        assert found, f"no job scheduled: {self}"
        return found[1]

    @property
    def error_line(self) -> str:
        """stderr, which must be one line and no traceback."""
        lines = self.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in self.stderr, self.stderr
        return lines[0]


def schedule(*args: str, home: Path, env: dict[str, str] | None = None) -> Run:
    """``scrapy schedule …`` as cron would run it, HOME=*home*."""
    project = {"PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": "newsscraper.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "schedule", *args],
        cwd=home,
        env=clean_env(home, {**project, **(env or {})}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def rows(url: str, query: str) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(query))]
    finally:
        engine.dispose()


# -- deploy -------------------------------------------------------------------------


def test_deploy_ships_the_package_and_its_data_not_the_tests(
    deployed: ScrapydServer, project_copy: Path, tmp_path: Path
) -> None:
    assert PROJECT in deployed.api("listprojects.json")["projects"]
    assert SPIDER in deployed.api("listspiders.json", project=PROJECT)["spiders"]

    eggs = deployed.eggs()
    assert eggs, "scrapyd stored no egg"
    names = set(egg_names(eggs[-1]))
    package = project_copy / "newsscraper"
    sources = {p.relative_to(project_copy).as_posix() for p in package.rglob("*.py")}
    data = {p.relative_to(project_copy).as_posix() for p in package.rglob("*.json")}
    assert "newsscraper/settings.py" in sources and PROBE.as_posix() in data
    assert sources <= names, sorted(sources - names)
    assert data <= names, sorted(data - names)  # schemas/*.json and the probe
    assert not [n for n in names if n.startswith("tests/")]
    assert {n.split("/", 1)[0] for n in names} == {"newsscraper", "EGG-INFO"}

    # scrapyd runs the egg as a zip: package data must load from it through importlib
    code = (
        "import sys, newsscraper; from importlib import resources; "
        "print(newsscraper.__file__); "
        f"print(resources.files('newsscraper').joinpath('{PROBE.relative_to('newsscraper')}')"
        ".read_text(encoding='utf-8'), end='')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(tmp_path, {"PYTHONPATH": str(eggs[-1])}),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{eggs[-1]}/newsscraper/__init__.py",
        '{"probe": "+ & = ü"}',
    ]


def test_deploy_with_a_wrong_password_is_refused(
    deployed: ScrapydServer, project_copy: Path
) -> None:
    done = deploy(project_copy, deployed, env={"SCRAPYD_PASSWORD": "wrong"})
    assert done.returncode != 0
    assert "401" in done.stderr


# -- a scheduled crawl ----------------------------------------------------------------


@pytest.mark.postgres
def test_scheduled_crawl_writes_articles_and_crawl_rows_to_postgresql(
    idle: ScrapydServer, fresh_replica: ReplicaServer, pg_url: str, tmp_path: Path
) -> None:
    assert "postgresql+psycopg://" in pg_url  # a '+' that form encoding must keep
    command = [
        SPIDER,
        "-a",
        f"base_url={fresh_replica.base_url}",
        "-s",
        f"DATABASE_URL={pg_url}",
        *FAST_SETTINGS,
    ]
    first = schedule(*command, home=tmp_path, env=idle.client_env)
    assert first.returncode == 0 and first.stderr == "", first
    assert idle.wait_for(first.job, ["finished"]) == "finished"
    log = idle.job_log(first.job)

    # the articles are where the '+' URL points: had it arrived as a space, the crawl
    # would have refused "postgresql psycopg://" and stopped before fetching anything
    expected = expected_items(fresh_replica.base_url)
    articles = rows(pg_url, "SELECT canonical_url FROM articles")
    assert len(articles) == len(expected), log[-3000:]
    crawls = rows(pg_url, "SELECT * FROM crawls ORDER BY id")
    assert len(crawls) == 1, log[-3000:]
    assert crawls[0]["spider"] == SPIDER
    assert crawls[0]["finish_reason"] == "finished"
    assert crawls[0]["finished_at"] is not None
    assert crawls[0]["items_stored"] == len(expected)
    assert crawls[0]["arguments"]["base_url"] == fresh_replica.base_url
    assert crawls[0]["arguments"]["job"] == first.job  # scrapyd's _job, kept in the record
    # the monitors ran inside the scrapyd job and passed, as the crawls row records
    assert crawls[0]["monitors"] == "passed"
    assert crawls[0]["stats"]["monitors/passed"] is True
    # scrapyd's own copy of the items (pruned by jobs_to_keep; the database is what lasts)
    items = idle.job_items(first.job).read_text(encoding="utf-8").splitlines()
    assert len(items) == len(expected)

    # the next scheduled run reads the first one's crawls row, and adds a row of its own
    second = schedule(*command, home=tmp_path, env=idle.client_env)
    assert second.returncode == 0 and second.stderr == "", second
    assert re.search(
        r"^previous crawl \(crawl \d+, finished .+\): finished: \d+ articles \(\d+ stored, "
        r".*; monitors passed$",
        second.stdout,
        re.M,
    ), second.stdout
    idle.wait_for(second.job, ["finished"])
    crawls = rows(pg_url, "SELECT * FROM crawls ORDER BY id")
    assert [c["finish_reason"] for c in crawls] == ["finished", "finished"]
    assert crawls[1]["items_stored"] == 0 and crawls[1]["skipped_known"] > 0
    assert len(rows(pg_url, "SELECT id FROM articles")) == len(expected)


def test_schedule_skips_while_a_job_runs_and_reports_a_cancelled_crawl(
    idle: ScrapydServer, fresh_replica: ReplicaServer, tmp_path: Path
) -> None:
    # credentials from ~/.netrc this time: only the URL comes from the environment
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1\n  login {idle.username}\n  password {idle.password}\n")
    netrc.chmod(0o600)
    env = {"SCRAPYD_URL": idle.url}
    db = f"sqlite:///{tmp_path / 'crawls.db'}"
    base = [SPIDER, "-a", f"base_url={fresh_replica.base_url}", "--database-url", db]

    slow = schedule(*base, *SLOW_SETTINGS, home=tmp_path, env=env)
    assert slow.returncode == 0 and slow.stderr == "", slow

    skipped = schedule(*base, home=tmp_path, env=env)
    assert skipped.returncode == 0 and skipped.stderr == "", skipped
    assert re.fullmatch(
        rf"skipped: {PROJECT}/{SPIDER} on \S+: job {slow.job} is still "
        r"(pending|running)( since .+)?\n",
        skipped.stdout,
    ), skipped.stdout
    assert [job["id"] for job in idle.active_jobs()] == [slow.job]

    # let the crawl get under way (its crawls row is open once it asks for robots.txt)
    idle.wait_for(slow.job, ["running"])
    deadline = time.monotonic() + 30
    while not fresh_replica.requests and time.monotonic() < deadline:
        time.sleep(0.1)
    assert idle.cancel(slow.job) == "running"
    idle.wait_for(slow.job, ["finished"])

    # the cancelled crawl, read through the store: went wrong, status 3, one line
    after = schedule(*base, *FAST_SETTINGS, home=tmp_path, env=env)
    assert after.returncode == 3, after
    assert re.fullmatch(
        r"warning: previous crawl \(crawl 1, finished .+\): interrupted \(shutdown\) after .*",
        after.error_line,
    ), after.stderr
    idle.wait_for(after.job, ["finished"])

    # and once a crawl went well, all is quiet again
    fine = schedule(*base, *FAST_SETTINGS, home=tmp_path, env=env)
    assert fine.returncode == 0 and fine.stderr == "", fine
    assert "previous crawl (crawl 2, finished " in fine.stdout and "): finished: " in fine.stdout
    idle.wait_for(fine.job, ["finished"])


def test_a_job_that_died_before_recording_is_reported_with_its_error(
    idle: ScrapydServer, fresh_replica: ReplicaServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'crawls.db'}"
    # the scheduler reads this database (env wins); the job, without the variable,
    # gets a URL it refuses before it records anything
    env = {**idle.client_env, "NEWSSCRAPER_DATABASE_URL": db}
    broken = "mysql://nobody@127.0.0.1/x"
    base = [SPIDER, "-a", f"base_url={fresh_replica.base_url}"]
    died = schedule(*base, "-s", f"DATABASE_URL={broken}", home=tmp_path, env=env)
    assert died.returncode == 0, died
    idle.wait_for(died.job, ["finished"])
    assert "scrapy crawl: error: DATABASE_URL 'mysql://" in idle.job_log(died.job)

    after = schedule(*base, "-s", f"DATABASE_URL={db}", *FAST_SETTINGS, home=tmp_path, env=env)
    assert after.returncode == 3, after
    assert after.error_line.startswith(f"warning: previous crawl (job {died.job}, ended "), (
        after.stderr
    )
    assert "it ended without recording a crawl: scrapy crawl: error: DATABASE_URL" in (
        after.error_line
    )
    idle.wait_for(after.job, ["finished"])
    fine = schedule(*base, "-s", f"DATABASE_URL={db}", home=tmp_path, env=env)
    assert fine.returncode == 0 and "): finished: " in fine.stdout, fine
    idle.wait_for(fine.job, ["finished"])


# -- failures: one line, no traceback ------------------------------------------------

NO_DB = ["-s", "DATABASE_URL="]


def test_schedule_fails_cleanly_when_scrapyd_is_down(tmp_path: Path) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    run = schedule(SPIDER, "--url", down, *NO_DB, home=tmp_path)
    assert run.returncode == 4 and run.stdout == ""
    assert run.error_line == (
        f"scrapy schedule: error: scrapyd at {down} is unreachable: Connection refused"
    )


def test_schedule_fails_cleanly_on_a_wrong_password(
    deployed: ScrapydServer, tmp_path: Path
) -> None:
    env = {**deployed.client_env, "SCRAPYD_PASSWORD": "wrong"}
    run = schedule(SPIDER, *NO_DB, home=tmp_path, env=env)
    assert run.returncode == 2 and run.stdout == ""
    assert "refused the credentials (HTTP 401): set SCRAPYD_USERNAME" in run.error_line
    assert "wrong" not in run.stderr

    anonymous = schedule(SPIDER, "--url", deployed.url, *NO_DB, home=tmp_path)  # no env, netrc
    assert anonymous.returncode == 2 and "HTTP 401" in anonymous.error_line


def test_schedule_times_out(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        run = schedule(SPIDER, "--url", url, "--timeout", "0.5", *NO_DB, home=tmp_path)
    assert run.returncode == 4
    assert run.error_line.endswith("is unreachable: no answer in time")


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (200, b"<html><body>It works!</body></html>", "something that is not scrapyd's JSON"),
        (200, b'{"jobs": []}', "something that is not scrapyd's JSON"),
        (404, b"<h1>Not Found</h1>", "HTTP 404 Not Found"),
        (502, b"Bad Gateway", "HTTP 502 Bad Gateway"),
    ],
)
def test_schedule_fails_cleanly_when_the_answer_is_not_scrapyds(
    tmp_path: Path, status: int, body: bytes, message: str
) -> None:
    with StaticAnswer(status, body) as server:
        run = schedule(SPIDER, "--url", server.url, *NO_DB, home=tmp_path)
    assert run.returncode == 4 and run.stdout == ""
    assert message in run.error_line


def test_schedule_reports_what_scrapyd_refuses(deployed: ScrapydServer, tmp_path: Path) -> None:
    run = schedule(SPIDER, "--project", "nosuch", *NO_DB, home=tmp_path, env=deployed.client_env)
    assert run.returncode == 2
    assert run.error_line.endswith("refused listjobs.json: project 'nosuch' not found")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "base_url"], "expected -a NAME=VALUE"),
        (["-a", "project=other"], "scrapyd keeps that name for itself"),
        (["-a", "section=Politik"], "section='Politik': unknown argument; known: base_url"),
        (["-a", "since=30.11.2024"], "since='30.11.2024': expected an ISO date"),
        (["-s", "DATABASE_URL=sqlite:///news.db"], "a relative SQLite path"),
        ([], "a relative SQLite path"),  # the default database, outside scrapyd's reach
        (["--database-url", "sqlite:////a.db", "-s", "DATABASE_URL=sqlite:////b.db"], "disagree"),
    ],
)
def test_schedule_refuses_a_bad_command_line(tmp_path: Path, args: list[str], message: str) -> None:
    run = schedule(SPIDER, *args, home=tmp_path)
    assert run.returncode == 2 and message in run.error_line, run
    assert run.error_line.startswith("scrapy schedule: error: ")
    assert run.stdout == ""


def test_schedule_refuses_an_unknown_spider(tmp_path: Path) -> None:
    run = schedule("nosuch", *NO_DB, home=tmp_path)
    assert run.returncode == 2
    assert run.error_line.startswith("scrapy schedule: error: spider 'nosuch' not found; known: ")
    assert SPIDER in run.error_line


def test_schedule_help_documents_the_exit_statuses(tmp_path: Path) -> None:
    run = schedule("-h", home=tmp_path)
    assert run.returncode == 0
    text = " ".join(run.stdout.split())
    for words in (
        "Exit status",
        "0 scheduled",
        "2 bad command line, credentials refused (HTTP 401)",
        "3 scheduled, but the previous crawl went wrong",
        "4 scrapyd unreachable",
    ):
        assert words in text, run.stdout


# -- reading the previous crawl's outcome through the store ---------------------------


def test_crawl_outcomes(db_url: str) -> None:
    no_jobs: dict = {"finished": []}
    with ArticleStore(db_url) as store:
        assert previous_outcome(store, None, no_jobs, SPIDER) is None  # first run

        crawl = store.start_crawl(SPIDER, {"base_url": "http://x", "job": "j1"})
        unfinished = previous_outcome(store, None, no_jobs, SPIDER)
        assert not unfinished.ok and "never finished" in unfinished.describe()

        store.finish_crawl(
            crawl,
            "finished",
            CrawlCounts(stored=3),
            {"monitors/passed": False, "monitors/summary": "coverage: byline 1/10 < 90%"},
        )
        failed = previous_outcome(store, None, no_jobs, SPIDER)
        assert not failed.ok
        assert f"crawl {crawl}, finished" in failed.describe()
        assert "monitors FAILED: coverage: byline 1/10 < 90%" in failed.describe()

        # a finished scrapyd job that did record its crawl is judged by the row
        jobs = {"finished": [{"id": "j1", "spider": SPIDER, "end_time": "2026-01-01"}]}
        assert not previous_outcome(store, None, jobs, SPIDER).ok

        store.finish_crawl(store.start_crawl(SPIDER), "closespider_itemcount", CrawlCounts(), {})
        assert previous_outcome(store, None, no_jobs, SPIDER).ok  # a limit the user asked for
        store.finish_crawl(store.start_crawl("otherspider"), "shutdown", CrawlCounts(), {})
        assert previous_outcome(store, None, no_jobs, SPIDER).ok  # the spider's row only
        dns = "downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError"
        down = store.start_crawl(SPIDER, {"base_url": "http://www.example.invalid"})
        store.finish_crawl(down, "finished", CrawlCounts(), {dns: 3, "monitors/passed": False})
        unreachable = previous_outcome(store, None, no_jobs, SPIDER)
        assert not unreachable.ok
        assert unreachable.describe().endswith(
            "nothing could be fetched from www.example.invalid: DNS lookup failed (3 requests)"
        )
        endless = crawl_outcome({"id": 9, "finished_at": None, "started_at": None})
        assert not endless.ok and "crawl 9" in endless.describe()
