"""File writers for ``scrapy export``: JSON Lines, CSV and Parquet.

Each writer takes records chunk by chunk and keeps nothing between chunks, so
memory stays flat whatever the size of the export. Columns are declared once
with a kind; each format decides how a kind is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from newsscraper.items import ARTICLE_FIELDS, FIELD_KINDS, Kind
from newsscraper.storage.types import iso_text, parse_iso

#: An item field's kind (items.FIELD_KINDS), plus ``instant``: a UTC datetime.
Columns = tuple[tuple[str, Kind], ...]
FORMATS = ("jsonl", "csv", "parquet")


if TYPE_CHECKING:
    import pyarrow as pa


ARTICLE_COLUMNS: Columns = tuple((name, FIELD_KINDS[name]) for name in ARTICLE_FIELDS)
VERSION_COLUMNS: Columns = (
    ("site", "text"),
    ("article_id", "text"),
    ("canonical_url", "text"),
    ("headline", "text"),
    ("body", "text"),
    ("byline", "text"),
    ("photo_url", "text"),
    ("modified_at", "timestamp"),
    ("fingerprint", "text"),
    ("scraped_at", "timestamp"),
    ("changed_at", "instant"),
    ("crawl_id", "int"),
)


class Writer(Protocol):
    def write(self, records: list[Mapping[str, Any]]) -> None: ...
    def close(self) -> None: ...


class JsonlWriter:
    """One JSON object per line, keys as in the item, timestamps as stored text."""

    def __init__(self, path: Path, columns: Columns) -> None:
        self.columns = columns
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="\n")

    def write(self, records: list[Mapping[str, Any]]) -> None:
        for record in records:
            obj = {n: _plain(record.get(n), kind) for n, kind in self.columns}
            self.file.write(json.dumps(obj, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.file.close()


class CsvWriter:
    """Spreadsheet-friendly CSV: UTF-8 with BOM, header, lists joined by "; "."""

    def __init__(self, path: Path, columns: Columns) -> None:
        self.columns = columns
        self.file: IO[str] = path.open("w", encoding="utf-8-sig", newline="")
        self.csv = csv.writer(self.file)
        self.csv.writerow([name for name, _ in columns])

    def write(self, records: list[Mapping[str, Any]]) -> None:
        self.csv.writerows(
            [_cell(record.get(n), kind) for n, kind in self.columns] for record in records
        )

    def close(self) -> None:
        self.file.close()


def _arrow_type(kind: Kind) -> pa.DataType:
    import pyarrow as pa  # noqa: PLC0415 - 45 MB: only for Parquet, not in every crawl

    utc = pa.timestamp("us", tz="UTC")
    image = pa.struct([("url", pa.string()), ("caption", pa.string()), ("credit", pa.string())])
    return {
        "text": pa.string(),
        "list": pa.list_(pa.string()),
        "images": pa.list_(image),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "timestamp": utc,
        "instant": utc,
    }[kind]


def parquet_schema(columns: Columns) -> pa.Schema:
    """Typed columns; a ``timestamp`` also keeps its original text in ``<name>_text``."""
    import pyarrow as pa  # noqa: PLC0415

    entries: list[tuple[str, pa.DataType]] = []
    for name, kind in columns:
        entries.append((name, _arrow_type(kind)))
        if kind == "timestamp":
            entries.append((f"{name}_text", pa.string()))
    return pa.schema(entries)


class ParquetWriter:
    """Parquet with real types, one row group per chunk."""

    def __init__(self, path: Path, columns: Columns) -> None:
        self.columns = columns
        import pyarrow.parquet as pq  # noqa: PLC0415

        self.schema = parquet_schema(columns)
        self.writer = pq.ParquetWriter(str(path), self.schema, compression="zstd")

    def write(self, records: list[Mapping[str, Any]]) -> None:
        data: dict[str, list[Any]] = {}
        for name, kind in self.columns:
            values = [record.get(name) for record in records]
            if kind in ("timestamp", "instant"):
                data[name] = [parse_iso(v) for v in values]
                if kind == "timestamp":
                    data[f"{name}_text"] = [iso_text(v) for v in values]
            elif kind in ("list", "images"):
                data[name] = [list(v or []) for v in values]
            else:
                data[name] = values
        import pyarrow as pa  # noqa: PLC0415

        self.writer.write_table(pa.Table.from_pydict(data, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def open_writer(fmt: str, path: Path, columns: Columns) -> Writer:
    writers: dict[str, type[JsonlWriter | CsvWriter | ParquetWriter]] = {
        "jsonl": JsonlWriter,
        "csv": CsvWriter,
        "parquet": ParquetWriter,
    }
    return writers[fmt](path, columns)


def _plain(value: Any, kind: Kind) -> Any:
    """A JSON value: timestamps as text, lists as lists, never NaN."""
    if kind in ("list", "images"):
        return list(value or [])
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _cell(value: Any, kind: Kind) -> str | int:
    if kind == "bool":
        return "true" if value else "false"
    if kind == "images":
        return "; ".join(str(image.get("url") or "") for image in value or [])
    if kind == "list":
        return "; ".join(str(entry) for entry in value or [])
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime) else value


def format_for(path: str | Path, explicit: str | None) -> str | None:
    """The format named by --format, else guessed from the file extension."""
    if explicit:
        return explicit.lower() if explicit.lower() in FORMATS else None
    suffix = Path(path).suffix.lower().lstrip(".")
    aliases = {
        "jsonl": "jsonl",
        "jl": "jsonl",
        "ndjson": "jsonl",
        "csv": "csv",
        "parquet": "parquet",
        "pq": "parquet",
    }
    return aliases.get(suffix)
