"""Where the database is and how to connect to it.

One function decides the URL (environment first, then settings) and one builds
the engine, so the pipeline, the middleware, the extension and the export
command cannot disagree about which database they talk to or how SQLite is
tuned for several concurrent writers.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from newsscraper.redaction import password_of, redact

ENV_VAR = "NEWSSCRAPER_DATABASE_URL"
DEFAULT_URL = "sqlite:///newsscraper.db"

#: Seconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT = 30.0
#: Bounds on every wait for PostgreSQL, so a frozen or unreachable server makes a
#: write fail (and go to the spool) instead of hanging the crawl: connecting, one
#: statement on the server, unacknowledged data on the wire, a free pool slot.
CONNECT_TIMEOUT = 10
STATEMENT_TIMEOUT = 120.0
TCP_USER_TIMEOUT = 30.0
POOL_TIMEOUT = 30.0

#: (backend, driver) pairs we test; anything else is refused up front rather
#: than failing later with an obscure import error.
_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
_ALIASES = {"postgres": "postgresql"}


#: Scrapy's priority of ``-s NAME=VALUE``: settings given for this run, not defaults.
_CMDLINE = 40


class StorageError(Exception):
    """A storage problem worth one readable line (bad URL, unreachable DB)."""


def database_url(settings: Mapping[str, Any] | Any) -> str | None:
    """Return the normalized database URL, or None when storage is switched off.

    In order: the environment (``NEWSSCRAPER_DATABASE_URL``), ``DATABASE_URL``
    given on the command line (``-s``), the user's file
    (``~/.config/newsscraper/database_url``, which must be readable by its owner
    only), ``DATABASE_URL`` in settings.py. The environment and the file keep a
    password out of ``ps``, logs and scrapyd's job list; a scrapyd job refuses one
    given with ``-s``. An empty value anywhere means "no database".
    """
    raw = os.environ.get(ENV_VAR)
    if raw is None:
        raw = _from_settings_or_file(settings)
    if raw is None or not str(raw).strip():
        return None
    return normalize_url(str(raw).strip())


def credentials_file() -> Path:
    """``$XDG_CONFIG_HOME/newsscraper/database_url`` (default under ``~/.config``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "newsscraper" / "database_url"


def _from_settings_or_file(settings: Mapping[str, Any] | Any) -> str | None:
    if _explicit(settings, "DATABASE_URL"):
        raw = settings.get("DATABASE_URL")
        if "scrapyd" in sys.modules and password_of(str(raw or "")):
            # scrapyd prints a job's -s arguments in its log and listjobs.json.
            raise StorageError(
                f"DATABASE_URL {redact(raw)!r}: a scrapyd job must not get a password with -s; "
                f"put the URL in {ENV_VAR} in scrapyd's environment or in "
                f"{credentials_file()} (mode 600)"
            )
        return None if raw is None else str(raw)
    path = credentials_file()
    if path.is_file():
        mode = path.stat().st_mode
        if mode & 0o077:
            raise StorageError(
                f"{path} is readable by others (mode {oct(mode & 0o777)[2:]}): chmod 600 {path}"
            )
        return path.read_text(encoding="utf-8").strip()
    raw = settings.get("DATABASE_URL", DEFAULT_URL)
    return None if raw is None else str(raw)


def _explicit(settings: Mapping[str, Any] | Any, name: str) -> bool:
    """Given for this run (``-s``, or a plain mapping that has it), not a default."""
    getter = getattr(settings, "getpriority", None)
    if getter is None:
        return name in settings
    return int(getter(name) or 0) >= _CMDLINE


def check_settings(settings: Any) -> None:
    """One ``StorageError`` line for the first malformed setting, before anything starts.

    Every setting whose default (Scrapy's or ours) is a number or a flag must parse
    as one; the database and Redis URLs must be well formed; the spool's timings not
    negative.
    """
    from scrapy.settings import default_settings  # noqa: PLC0415 - only for commands

    from newsscraper import settings as ours  # noqa: PLC0415

    getters = {bool: settings.getbool, int: settings.getint, float: settings.getfloat}
    names = {n for n in [*dir(default_settings), *dir(ours)] if n.isupper()}
    for name in sorted(names):
        default = getattr(ours, name, getattr(default_settings, name, None))
        getter = getters.get(type(default))
        if getter is None or settings.get(name) is None:
            continue
        try:
            value = getter(name)
        except (ValueError, TypeError):
            kind = {bool: "True or False", int: "a whole number", float: "a number"}
            raise StorageError(
                f"{name}={redact(settings.get(name))!r}: expected {kind[type(default)]}"
            ) from None
        if name.startswith("DATABASE_") and value < (1 if name == "DATABASE_BATCH_SIZE" else 0):
            raise StorageError(f"{name}={value!r}: must not be below {int(name.endswith('SIZE'))}")
    database_url(settings)
    from newsscraper.distributed import RedisConfigError, redis_url, validate_url  # noqa: PLC0415

    try:
        redis = redis_url(settings)
        if redis is not None:
            validate_url(redis)  # its form only: the add-on pings the server later
    except RedisConfigError as exc:
        raise StorageError(str(exc)) from None


def normalize_url(raw: str) -> str:
    """Validate *raw* and pin the driver (``postgresql://`` means psycopg 3).

    Every message names the URL redacted, and never quotes the parser: it may
    repeat the password of a malformed URL.
    """
    shown = redact(raw)
    try:
        url = make_url(raw)
        url.port  # noqa: B018 - a port that is not a number raises here or above
    except (ArgumentError, ValueError, TypeError):
        raise StorageError(
            f"DATABASE_URL {shown!r}: not a database URL "
            "(expected sqlite:///path or postgresql+psycopg://user@host:5432/db)"
        ) from None
    backend = _ALIASES.get(url.get_backend_name(), url.get_backend_name())
    driver = url.get_driver_name() if "+" in url.drivername else _DRIVERS.get(backend)
    if backend not in _DRIVERS or driver != _DRIVERS[backend]:
        raise StorageError(
            f"DATABASE_URL {shown!r}: unsupported driver {url.drivername!r} "
            "(use sqlite:///path or postgresql+psycopg://user@host/db)"
        )
    url = url.set(drivername=f"{backend}+{driver}")
    return url.render_as_string(hide_password=False)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL once (it persists); retry while another opener holds it.

    Changing the journal mode answers SQLITE_BUSY at once, without waiting on the
    busy timeout, when several connections open a new file at the same moment.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def create_engine(url: str) -> Engine:
    """Build an engine; SQLite gets WAL, a busy timeout and real transactions.

    pysqlite's own transaction handling does not BEGIN before DDL and begins
    lazily with a SHARED lock, which makes two writers deadlock on upgrade. We
    take over: autocommit at the driver level and an explicit BEGIN, or BEGIN
    IMMEDIATE for connections marked ``write_lock=True``, so migrations are
    atomic and concurrent writers queue on the busy timeout instead of failing.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(
            parsed,
            json_serializer=_dumps,
            pool_pre_ping=True,
            pool_timeout=POOL_TIMEOUT,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT,
                "options": f"-c statement_timeout={int(STATEMENT_TIMEOUT * 1000)}",
                "keepalives": 1,
                "keepalives_idle": 10,
                "keepalives_interval": 5,
                "keepalives_count": 3,
                "tcp_user_timeout": int(TCP_USER_TIMEOUT * 1000),
            },
        )
    engine = sa.create_engine(
        parsed,
        json_serializer=_dumps,
        connect_args={"timeout": BUSY_TIMEOUT, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if parsed.database not in (None, "", ":memory:"):
            _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("write_lock", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
