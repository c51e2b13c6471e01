"""Temporary files of a crawl killed with -9: the next run removes them.

Every ``SeenSet`` (dupefilter, requested ids, dedupe digests, the known set) keeps its
table in a directory of the temp dir. A crawl that closes removes its own; one killed
with -9 cannot, and each killed crawl used to leave seven directories in /tmp for good.
Here real processes hold SeenSets (TMPDIR points at the test's own directory): one is
killed with -9, one stays alive, and a third process's first SeenSet must remove the
dead one's directories and only those.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsscraper.storage.known import remove_stale
from tests.crawling import REPO

_HOLD = """
import sys, time
from newsscraper.storage.known import SeenSet
held = [SeenSet(capacity=1000) for _ in range(int(sys.argv[1]))]
for seen in held:
    seen.add("https://news.example/a/1")
print(" ".join(str(seen.directory) for seen in held), flush=True)
time.sleep(float(sys.argv[2]))
"""


def start(tmp: Path, sets: int, hold: float) -> tuple[subprocess.Popen[str], list[Path]]:
    """A process holding ``sets`` SeenSets for ``hold`` seconds, and their directories."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(sets), str(hold)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    return process, [Path(p) for p in line.split()]


@pytest.fixture
def tmp(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tmp"
    folder.mkdir()
    yield folder


def test_the_next_seenset_removes_what_a_killed_process_left_and_nothing_alive(
    tmp: Path,
) -> None:
    killed, left = start(tmp, 3, 60)
    alive, living = start(tmp, 2, 60)
    try:
        killed.kill()
        killed.wait(timeout=30)
        assert all(d.is_dir() for d in left), "kill -9 leaves the directories behind"

        # A third process: its first SeenSet sweeps the temp dir, then it closes normally.
        third, own = start(tmp, 1, 0)
        assert third.wait(timeout=30) == 0
        assert not any(d.exists() for d in left), "the dead process's directories stay"
        assert all((d / "seen.db").is_file() for d in living), "a live crawl lost its table"
        assert not own[0].exists(), "a closed SeenSet removes its own directory"
    finally:
        for process in (killed, alive):
            process.kill()
            process.wait(timeout=30)
    # Now the second one is dead as well.
    assert remove_stale(tmp) == 2
    assert sorted(os.listdir(tmp)) == []


def test_directories_without_a_lock_are_removed_only_when_old(tmp: Path) -> None:
    """Left by a version without lock files (or a kill between mkdir and lock): an hour
    old, it is stale; younger, it may be a SeenSet being made this instant."""
    old = tmp / "newsscraper-seen-123-old"
    young = tmp / "newsscraper-seen-124-young"
    other = tmp / "someone-else"
    for folder in (old, young, other):
        folder.mkdir()
        (folder / "seen.db").write_bytes(b"x")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    assert remove_stale(tmp) == 1
    assert not old.exists() and young.is_dir() and other.is_dir()
