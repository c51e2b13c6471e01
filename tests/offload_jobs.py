"""Jobs for the extraction pool's tests: importable by its worker processes."""

from __future__ import annotations

import os
import signal
import time


def apply(job: tuple) -> object:
    """The pool's function in these tests: each job names its own."""
    function, argument = job
    return function(argument)


def echo(job: object) -> object:
    return job


def worker_pid(job: object) -> int:
    return os.getpid()


def die(job: object) -> None:
    """A worker killed under its page (the OOM killer, a crash in C)."""
    os.kill(os.getpid(), signal.SIGKILL)


def hang(seconds: float) -> None:
    """A page that never ends (a C loop would not even let a signal in)."""
    time.sleep(seconds)


def collector(job: object) -> tuple[tuple[int, ...], int]:
    """The worker's cycle collector: its thresholds and how many objects are frozen."""
    import gc

    return gc.get_threshold(), gc.get_freeze_count()
