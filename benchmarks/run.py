"""The crawl benchmark: ``python -m benchmarks.run --articles 10000``.

Builds (or reuses) a static replica, serves it with nginx on 127.0.0.1 and crawls it with
real ``scrapy crawl`` processes, one after the other, on the same files:

  bare         a bare Scrapy spider that follows the same links and yields only URLs
  sqlite       portugalcolonial, default pipelines, SQLite
  sqlite-inproc  the same with the pages read in the reactor thread (EXTRACTION_PROCESSES=0)
  postgres     portugalcolonial, default pipelines, PostgreSQL (a temporary database)
  trafilatura  a Scrapy spider that extracts the body with trafilatura
  incremental  portugalcolonial again into the SQLite database of the first run

For each: articles/s, CPU seconds (user+sys) per 1,000 articles and peak RSS of the process,
and the same of its descendants (the extraction workers and their forkserver).
Then extraction alone on a sample of the same pages (see extraction.py). ``--memory``
instead compares portugalcolonial's peak RSS on two replica sizes. Figures are printed,
never judged: nothing here fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import extraction
from benchmarks.build_replica import REPO, built_for, default_root, ensure_replica
from benchmarks.machine import machine
from benchmarks.serve import Nginx, exit_on_signals, free_port

#: The measurement settings, the same for every run. The project's politeness
#: defaults (AutoThrottle, delay, 4 per host) are for real sites and stay as they are.
MEASURE = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "ROBOTSTXT_OBEY": "True",
    "LOG_LEVEL": "WARNING",
}
RUNS = ("bare", "sqlite", "sqlite-inproc", "postgres", "trafilatura", "incremental")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"


@dataclass
class Result:
    name: str
    articles: int
    seconds: float  # wall time of the process, start-up included
    cpu: float  # user + sys of the process alone (without the workers it reaped)
    peak_mb: float
    requests: int
    child_cpu: float = 0.0  # user + sys of its descendants (extraction workers)
    child_peak_mb: float = 0.0  # their peak RSS, summed over the processes

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    @property
    def cpu_per_1k(self) -> float:
        return self.cpu / self.articles * 1000 if self.articles else float("nan")

    @property
    def child_cpu_per_1k(self) -> float:
        return self.child_cpu / self.articles * 1000 if self.articles else float("nan")


class Descendants(threading.Thread):
    """The CPU time and peak RSS of a process's descendants (the crawl's extraction
    workers, multiprocessing's resource tracker), read from /proc every ``interval``
    seconds. A process's last reading before it exits is kept (at most ``interval`` of
    its CPU is missed). ``wait4`` counts the CPU of the children the crawl reaped (its
    workers) in the crawl's own: ``reaped`` is what to subtract for the crawl alone."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.cpu: dict[int, float] = {}
        self.peak_kb: dict[int, int] = {}
        self.children: set[int] = set()
        self._stop_event = threading.Event()
        self._tick = os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            for pid in self._below(self.pid, self.children):
                self._read(pid)

    @property
    def reaped(self) -> float:
        return sum(self.cpu.get(pid, 0.0) for pid in self.children)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def _below(self, pid: int, direct: set[int] | None = None) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                children = [int(c) for c in task.read_text().split()]
            except (OSError, ValueError):
                continue
            for child in children:
                if direct is not None:
                    direct.add(child)
                found += [child, *self._below(child)]
        return found

    def _read(self, pid: int) -> None:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        fields = stat.rsplit(")", 1)[1].split()
        self.cpu[pid] = (int(fields[11]) + int(fields[12])) / self._tick  # utime, stime
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), int(line.split()[1]))


def scrapy_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSSCRAPER_DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["SCRAPY_SETTINGS_MODULE"] = "newsscraper.settings"
    return env


def crawl(name: str, spider: str, base_url: str, workdir: Path, **settings: str) -> Result:
    """One ``scrapy crawl`` process, measured from outside (wait4 gives its own rusage)."""
    stats_file, log_file = workdir / f"{name}.stats.json", workdir / f"{name}.log"
    stats_file.unlink(missing_ok=True)
    log_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={base_url}"]
    merged = {**MEASURE, **settings, "STATS_FILE": str(stats_file), "LOG_FILE": str(log_file)}
    for key, value in merged.items():
        command += ["-s", f"{key}={value}"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=workdir, env=scrapy_env())
    descendants = Descendants(process.pid)
    descendants.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:  # interrupted: take the crawl down too
        process.terminate()
        process.wait()
        raise
    finally:
        descendants.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0 or not stats_file.exists():
        raise SystemExit(f"{name}: scrapy exited {process.returncode}; see {log_file}")
    stats = json.loads(stats_file.read_text())["stats"]
    return Result(
        name,
        stats.get("item_scraped_count", 0),
        seconds,
        usage.ru_utime + usage.ru_stime - descendants.reaped,
        usage.ru_maxrss / 1024,
        stats.get("downloader/request_count", 0),
        sum(descendants.cpu.values()),
        sum(descendants.peak_kb.values()) / 1024,
    )


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the local server, dropped afterwards."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(
            "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def served_replica(articles: int, seed: int) -> Iterator[Nginx]:
    """The replica of ``articles`` stories, built for its port if needed, behind nginx."""
    root = default_root(articles, seed)
    previous = str(built_for(root).get("base_url", ""))
    port = free_port(int(previous.rsplit(":", 1)[-1]) if previous else 0)
    print(f"replica: {articles} articles in {root}", flush=True)
    seconds = ensure_replica(root, articles, f"http://127.0.0.1:{port}", seed)
    if seconds:
        print(f"  built in {seconds:.1f} s", flush=True)
    with Nginx(root, port) as server:
        yield server


def print_table(results: list[Result]) -> None:
    print(
        f"\n{'run':<13} {'articles':>8} {'requests':>8} {'wall s':>7} {'articles/s':>10} "
        f"{'CPU s/1k':>8} {'peak RSS MB':>11}  {'workers: CPU s/1k':>17} {'peak RSS MB':>11}"
    )
    for r in results:
        print(
            f"{r.name:<13} {r.articles:>8} {r.requests:>8} {r.seconds:>7.1f} {r.rate:>10.1f} "
            f"{r.cpu_per_1k:>8.2f} {r.peak_mb:>11.0f}  {r.child_cpu_per_1k:>17.2f} "
            f"{r.child_peak_mb:>11.0f}"
        )
    by_name = {r.name: r for r in results}
    for top, bottom, target in (
        ("sqlite", "bare", 0.8),
        ("sqlite-inproc", "bare", 0.8),
        ("sqlite", "trafilatura", None),
    ):
        if top in by_name and bottom in by_name and by_name[bottom].articles:
            ratio = by_name[top].rate / by_name[bottom].rate
            aim = f" (target >= {target})" if target else ""
            print(f"ratio {top}/{bottom} (articles/s): {ratio:.2f}{aim}")
    if "sqlite" in by_name and "incremental" in by_name:
        first, second = by_name["sqlite"].seconds, by_name["incremental"].seconds
        print(
            f"incremental re-crawl: {second:.1f} s vs first crawl {first:.1f} s "
            f"({second / first:.2f} of it; target < 0.1)"
        )


def benchmark(articles: int, seed: int, runs: list[str], workdir: Path) -> list[Result]:
    results = []
    sqlite_url = f"sqlite:///{workdir / 'bench.db'}"
    with served_replica(articles, seed) as server:
        for name in runs:
            print(f"crawling: {name}...", flush=True)
            if name in ("bare", "trafilatura"):
                result = crawl(
                    name,
                    f"bench_{name}",
                    server.base_url,
                    workdir,
                    SPIDER_MODULES="benchmarks.spiders",
                    DATABASE_URL="",
                )
            elif name == "postgres":
                with postgres_database() as url:
                    result = crawl(
                        name, "portugalcolonial", server.base_url, workdir, DATABASE_URL=url
                    )
            elif name == "sqlite-inproc":
                result = crawl(
                    name,
                    "portugalcolonial",
                    server.base_url,
                    workdir,
                    DATABASE_URL=f"sqlite:///{workdir / 'inproc.db'}",
                    EXTRACTION_PROCESSES="0",
                )
            else:  # sqlite, then incremental into the same file
                result = crawl(
                    name, "portugalcolonial", server.base_url, workdir, DATABASE_URL=sqlite_url
                )
            results.append(result)
    return results


def memory(sizes: list[int], seed: int, workdir: Path) -> None:
    results = []
    for size in sizes:
        with served_replica(size, seed) as server:
            print(f"crawling: portugalcolonial on {size}...", flush=True)
            db = f"sqlite:///{workdir / f'memory-{size}.db'}"
            results.append(
                crawl(f"mem-{size}", "portugalcolonial", server.base_url, workdir, DATABASE_URL=db)
            )
    print_table(results)
    first, last = results[0].peak_mb, results[-1].peak_mb
    print(
        f"peak RSS {sizes[0]} -> {sizes[-1]} articles: {first:.0f} -> {last:.0f} MB "
        f"({(last / first - 1) * 100:+.0f}%; targets < 300 MB and < +20%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=10_000, help="replica size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--runs", default=",".join(RUNS), help=f"comma list, in order, of: {','.join(RUNS)}"
    )
    parser.add_argument(
        "--memory",
        metavar="SIZES",
        nargs="?",
        const="10000,100000",
        help="peak RSS of portugalcolonial on each replica size "
        "(default 10000,100000) instead of the comparison",
    )
    parser.add_argument(
        "--extraction",
        type=int,
        default=2000,
        metavar="PAGES",
        help="pages for the extraction comparison (0: skip it)",
    )
    parser.add_argument("--workdir", type=Path, help="keep logs, stats and databases here")
    parser.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="one more Scrapy setting for every run (e.g. CONCURRENT_ITEMS=16)",
    )
    args = parser.parse_args()
    for item in args.set:
        name, _, value = item.partition("=")
        MEASURE[name] = value
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    if unknown := set(runs) - set(RUNS):
        parser.error(f"unknown runs: {', '.join(sorted(unknown))}")
    exit_on_signals()  # nginx stopped and the PostgreSQL database dropped on kill too
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print("machine: " + machine())
        print("settings: " + " ".join(f"-s {k}={v}" for k, v in MEASURE.items()))
        if args.memory:
            memory([int(s) for s in args.memory.split(",")], args.seed, workdir)
        else:
            print_table(benchmark(args.articles, args.seed, runs, workdir))
            if args.extraction:
                root = default_root(args.articles, args.seed)
                pages = extraction.load_pages(
                    root, str(built_for(root)["base_url"]), args.extraction
                )
                print(f"\nextraction alone, {len(pages)} pages of the same replica:")
                extraction.compare(pages)


if __name__ == "__main__":
    main()
