"""Timestamps and JSON values that mean the same thing on SQLite and PostgreSQL.

Items carry ISO 8601 text with the site's own UTC offset. We keep that text
verbatim (so a reader gets "+01:00" back whatever the backend) and store the
same instant normalized to UTC in a ``UTCDateTime`` column for range filters:
``timestamptz`` on PostgreSQL, fixed-width sortable text on SQLite.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


def parse_iso(value: Any) -> datetime | None:
    """Parse ISO 8601 text (or a datetime) into an aware UTC datetime.

    Naive values are taken as UTC; unparsable ones give None rather than an
    exception, because one odd date must not lose a whole batch.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def iso_text(value: Any) -> str | None:
    """The text to keep for a timestamp field: verbatim if text, ISO otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """An instant, always handed back as an aware UTC datetime.

    SQLite has no time zone type, so the UTC value is stored naive there; the
    fixed-width text SQLAlchemy writes sorts and compares chronologically.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        parsed = parse_iso(value)
        if parsed is not None and dialect.name == "sqlite":
            return parsed.replace(tzinfo=None)
        return parsed

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class UTCStamp(UTCDateTime):
    """An instant newsscraper itself records (``first_seen``, ``last_seen``): on SQLite
    written with its ``+00:00``, so that a person reading the file with ``sqlite3`` is
    not left to guess the zone. Rows written before without it still read back.
    Not for columns compared in SQL (the old and new text would not sort together).
    """

    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            from sqlalchemy.dialects import sqlite  # noqa: PLC0415

            return dialect.type_descriptor(
                sqlite.DATETIME(
                    storage_format=(
                        "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:"
                        "%(second)02d.%(microsecond)06d+00:00"
                    ),
                    regexp=r"(\d+)-(\d+)-(\d+)[ T](\d+):(\d+):(\d+)(?:\.(\d+))?",
                )
            )
        return dialect.type_descriptor(self.impl)


def json_safe(value: Any) -> Any:
    """Reduce *value* to what JSON can hold (stats contain datetimes, floats)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    return str(value)
