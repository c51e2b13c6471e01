"""Exit statuses of newsscraper's commands: one table, read by the README.

A script, cron or systemd acts on these; each failure has its own number and one line
on stderr that names it. When several apply, the most serious wins (the lowest
non-zero number in ``SEVERITY``).
"""

from __future__ import annotations

#: The crawl finished (or stopped for a reason Scrapy's own settings asked for, such
#: as ``closespider_itemcount``) and its data passed the monitors.
OK = 0
#: newsscraper itself failed: the crawl could not start, or crashed.
INTERNAL_ERROR = 1
#: A bad argument, setting, database or Redis URL: nothing was fetched.
CONFIG_ERROR = 2
#: The crawl ran, but its data failed the monitors (empty fields, errors, drops).
MONITORS_FAILED = 3
#: Nothing could be fetched: the site is unreachable (DNS, refused, TLS, timeouts).
SITE_UNREACHABLE = 4
#: Articles were extracted but are not in the database: they wait in the spool.
NOT_STORED = 5
#: Stopped by hand (Ctrl-C, SIGTERM) or shut down uncleanly before the crawl ended.
INTERRUPTED = 130

#: Most serious first: losing data outranks everything a rerun would fix by itself.
SEVERITY: tuple[int, ...] = (
    CONFIG_ERROR,
    NOT_STORED,
    INTERNAL_ERROR,
    INTERRUPTED,
    SITE_UNREACHABLE,
    MONITORS_FAILED,
)


def worst(*codes: int) -> int:
    """The status to exit with when several apply.

    >>> worst(OK, MONITORS_FAILED, NOT_STORED)
    5
    >>> worst(OK, OK)
    0
    """
    found = [code for code in codes if code != OK]
    return min(found, key=SEVERITY.index) if found else OK
