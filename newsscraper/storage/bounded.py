"""Database calls with a bound on how long the crawl waits for them.

Timeouts in the driver cover an unreachable server (connect timeout) and a slow one
(statement timeout), but not a frozen one: a stopped or hung PostgreSQL still has its
kernel acknowledge every packet, so a query on an open connection waits forever, and
so would a worker thread of the reactor's pool, and the interpreter's exit that joins
it. So calls that may meet such a server run in a daemon thread of their own, and the
crawl stops waiting after ``timeout`` seconds: the caller spools what the call was
writing. If the call completes later, the spool's replay of the same batch changes
nothing (the store upserts), and a thread still stuck at exit does not hold the
process.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")


class Unanswered(TimeoutError):
    """The call did not return in time; it may still be running in its thread."""


async def run_bounded(func: Callable[..., _T], *args: Any, timeout: float) -> _T:
    """``func(*args)`` in a daemon thread; its result, its exception, or Unanswered."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(setter: Callable[[Any], None], value: Any) -> None:
        if not future.done():
            setter(value)

    def run() -> None:
        try:
            result = func(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting side
            outcome: tuple[Callable[[Any], None], Any] = (future.set_exception, exc)
        else:
            outcome = (future.set_result, result)
        with contextlib.suppress(RuntimeError):  # the loop closed while we were stuck
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name=f"bounded-{func.__name__}", daemon=True).start()
    try:
        return await asyncio.wait_for(asyncio.shield(future), timeout)
    except TimeoutError:
        raise Unanswered(f"no answer in {timeout:g} s") from None
