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
import time
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

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


class StorageError(Exception):
    """A storage problem worth one readable line (bad URL, unreachable DB)."""


def database_url(settings: Mapping[str, Any] | Any) -> str | None:
    """Return the normalized database URL, or None when storage is switched off.

    The environment wins so a deployment can point at PostgreSQL (and keep the
    password out of settings.py); an empty value anywhere means "no database".
    """
    raw = os.environ.get(ENV_VAR)
    if raw is None:
        raw = settings.get("DATABASE_URL", DEFAULT_URL)
    if raw is None or not str(raw).strip():
        return None
    return normalize_url(str(raw).strip())


def normalize_url(raw: str) -> str:
    """Validate *raw* and pin the driver (``postgresql://`` means psycopg 3)."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise StorageError(
            f"DATABASE_URL {raw!r}: not a database URL "
            "(expected sqlite:///path or postgresql+psycopg://user@host/db)"
        ) from None
    backend = _ALIASES.get(url.get_backend_name(), url.get_backend_name())
    driver = url.get_driver_name() if "+" in url.drivername else _DRIVERS.get(backend)
    if backend not in _DRIVERS or driver != _DRIVERS[backend]:
        shown = url.render_as_string(hide_password=True)
        raise StorageError(
            f"DATABASE_URL {shown!r}: unsupported driver {url.drivername!r} "
            "(use sqlite:///path or postgresql+psycopg://user@host/db)"
        )
    url = url.set(drivername=f"{backend}+{driver}")
    return url.render_as_string(hide_password=False)


def error_line(exc: BaseException) -> str:
    """First line of a driver's message (the DBAPI error under SQLAlchemy's):
    enough to act on, no traceback, no SQL."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def redact(url: str | URL) -> str:
    """The URL as it may appear in logs and error messages."""
    return make_url(url).render_as_string(hide_password=True)


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
