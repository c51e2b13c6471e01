"""Turning items into rows and rows back into records.

Kept apart from the SQL so the rules (what a row holds, what counts as a
change worth a version row) read in one place and are easy to test.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newsscraper.items import ARTICLE_FIELDS, BOOL_FIELDS, LIST_FIELDS
from newsscraper.storage.schema import TRACKED_FIELDS
from newsscraper.storage.types import iso_text, parse_iso

#: Item fields holding ISO 8601 text; each also gets a ``<name>_utc`` column.
TIMESTAMP_FIELDS: tuple[str, ...] = ("published_at", "modified_at")
_TEXT_TIMESTAMPS = frozenset({*TIMESTAMP_FIELDS, "scraped_at"})

#: Columns of a version row copied from the article as it was before a change.
VERSION_FIELDS: tuple[str, ...] = (
    "canonical_url",
    *TRACKED_FIELDS,
    "modified_at_utc",
    "fingerprint",
    "scraped_at",
)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _int(value: Any) -> int | None:
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


def _image(value: Any) -> dict[str, str | None]:
    if isinstance(value, Mapping):
        return {key: _text(value.get(key)) for key in ("url", "caption", "credit")}
    return {"url": _text(value), "caption": None, "credit": None}


def article_row(item: Mapping[str, Any], now: datetime) -> dict[str, Any] | None:
    """The ``articles`` row for *item*, or None when it has no URL to key on."""
    key = _text(item.get("canonical_url") or item.get("url"))
    if not key:
        return None
    row: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = item.get(name)
        if name == "images":
            row[name] = [_image(image) for image in value or []]
        elif name in LIST_FIELDS:
            row[name] = [str(entry) for entry in value or []]
        elif name == "word_count":
            row[name] = _int(value)
        elif name in BOOL_FIELDS:
            row[name] = bool(value)
        elif name in _TEXT_TIMESTAMPS:
            row[name] = iso_text(value)
        else:
            row[name] = _text(value)
    row["canonical_url"] = key
    for name in TIMESTAMP_FIELDS:
        row[f"{name}_utc"] = parse_iso(row[name])
    row["first_seen"] = row["last_seen"] = now
    return row


def has_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether a re-crawl altered what readers see (and so earns a version row).

    modified_at compares as an instant when both sides parse, so the same time
    written with another offset is not a change.
    """
    for name in TRACKED_FIELDS:
        if name == "modified_at" and old["modified_at_utc"] and new["modified_at_utc"]:
            if old["modified_at_utc"] != new["modified_at_utc"]:
                return True
        elif (old[name] or None) != (new[name] or None):
            return True
    return False


def article_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """An exported article: the item's keys in item order, then bookkeeping."""
    record = {name: row[name] for name in ARTICLE_FIELDS}
    for name in LIST_FIELDS:
        record[name] = record[name] or []
    for name in BOOL_FIELDS:
        record[name] = bool(record[name])
    for name in ("published_at_utc", "modified_at_utc", "first_seen", "last_seen"):
        record[name] = row[name]
    return record
