"""``scrapy export``: the article database to a JSON Lines, CSV or Parquet file.

Streams chunk by chunk (memory stays flat whatever the size), writes to a
temporary file beside the target and renames it at the end, so a failed or
interrupted export never leaves a half-written file under the real name.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Generator, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from sqlalchemy.exc import SQLAlchemyError

from newsscraper.storage import (
    ArticleFilters,
    ArticleStore,
    StorageError,
    database_url,
    normalize_url,
)
from newsscraper.storage.exporters import (
    ARTICLE_COLUMNS,
    FORMATS,
    VERSION_COLUMNS,
    Columns,
    format_for,
    open_writer,
)
from newsscraper.storage.stories import STORY_COLUMNS, iter_stories


class ExportError(Exception):
    """A failure worth one line on stderr; ``status`` is the exit code."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _arrow_error() -> type[Exception]:
    """pyarrow's error class, imported only when an exception is being matched: every
    ``scrapy`` command imports this module, and pyarrow costs each crawl 45 MB."""
    import pyarrow as pa  # noqa: PLC0415

    return pa.ArrowException


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-o FILE [options]"

    def short_desc(self) -> str:
        return "Export stored articles to JSON Lines, CSV or Parquet"

    def long_desc(self) -> str:
        return (
            "Export stored articles to FILE. The format comes from --format or the "
            "extension (.jsonl/.jl, .csv, .parquet). --since/--until filter on "
            "published_at: a date means the whole day (UTC), so --until 2024-11-30 "
            "includes that day; a time without offset is UTC. --include-versions also "
            "writes earlier versions of the exported articles to NAME.versions.EXT. "
            "CSV is UTF-8 with BOM, lists joined by '; ', images as their URLs. Parquet "
            "keeps types: timestamps in UTC plus NAME_text with the original offset. "
            "--stories writes one row per story (a story with a member matching the "
            "filters): story_id, articles, sites, languages, urls, first_published, headline."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        group = parser.add_argument_group("Export Options")
        group.add_argument("-o", "--output", metavar="FILE", help="file to write")
        group.add_argument("--format", metavar="FMT", help="jsonl, csv or parquet")
        group.add_argument("--since", metavar="DATE", help="published on/after (ISO)")
        group.add_argument("--until", metavar="DATE", help="published before/on (ISO)")
        group.add_argument("--site", help="only this site (spider name)")
        group.add_argument("--lang", help="only this language code")
        group.add_argument("--section", help="only this section")
        group.add_argument(
            "--include-versions",
            action="store_true",
            help="also write NAME.versions.EXT with earlier versions",
        )
        group.add_argument(
            "--stories",
            action="store_true",
            help="one row per story instead: its sites, languages and article URLs",
        )
        group.add_argument(
            "--database-url",
            metavar="URL",
            help="database to read (default: NEWSSCRAPER_DATABASE_URL, then DATABASE_URL)",
        )
        group.add_argument("--chunk-size", default="1000", help=argparse.SUPPRESS)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self._export(args, opts)
        except ExportError as exc:
            self._fail(str(exc), exc.status)
        except StorageError as exc:
            self._fail(str(exc), 1)
        except KeyboardInterrupt:
            self._fail("interrupted, nothing written", 130)

    def _fail(self, message: str, status: int) -> None:
        print(f"scrapy export: error: {' '.join(message.split())}", file=sys.stderr)
        self.exitcode = status

    def _export(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise ExportError(f"unexpected argument {args[0]!r}", 2)
        if not opts.output:
            raise ExportError("missing -o FILE", 2)
        target = Path(opts.output)
        fmt = format_for(target, opts.format)
        if fmt is None:
            raise ExportError(
                f"unknown format for {opts.output!r}: use --format {'|'.join(FORMATS)}", 2
            )
        chunk_size = int(opts.chunk_size) if str(opts.chunk_size).isdigit() else 0
        if chunk_size < 1:
            raise ExportError(f"--chunk-size {opts.chunk_size!r}: not a positive number", 2)
        filters = ArticleFilters(
            since=_bound(opts.since, "--since", end=False),
            until=_bound(opts.until, "--until", end=True),
            site=opts.site,
            language=opts.lang,
            section=opts.section,
        )
        assert self.settings is not None
        try:
            url = (
                normalize_url(opts.database_url)
                if opts.database_url
                else (database_url(self.settings))
            )
        except StorageError as exc:
            raise ExportError(str(exc), 2) from None
        if not url:
            raise ExportError("no database configured (DATABASE_URL is empty)", 2)
        if opts.stories and opts.include_versions:
            raise ExportError("--stories and --include-versions do not mix", 2)
        paths = [target]
        if opts.include_versions:
            paths.append(_versions_path(target, fmt))
        if opts.stories:
            with ArticleStore(url).open(create=False) as store, _staging(paths) as staged:
                chunks = iter_stories(store.engine, filters, chunk_size)
                rows = _write(staged[0], fmt, STORY_COLUMNS, chunks, None)
            print(f"wrote {rows} stories to {target} ({target.stat().st_size} bytes)")
            return
        with ArticleStore(url).open(create=False) as store, _staging(paths) as staged:
            total = store.count_articles(filters) if sys.stderr.isatty() else None
            counts = [
                _write(
                    staged[0], fmt, ARTICLE_COLUMNS, store.iter_articles(filters, chunk_size), total
                )
            ]
            if opts.include_versions:
                counts.append(
                    _write(
                        staged[1],
                        fmt,
                        VERSION_COLUMNS,
                        store.iter_versions(filters, chunk_size),
                        None,
                    )
                )
        for path, rows, kind in zip(paths, counts, ("articles", "versions"), strict=False):
            print(f"wrote {rows} {kind} to {path} ({path.stat().st_size} bytes)")


def _bound(value: str | None, option: str, *, end: bool) -> datetime | None:
    """Parse an ISO date or datetime; a bare date covers its whole UTC day."""
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            day = date.fromisoformat(value.strip())
            return datetime.combine(day + timedelta(days=1 if end else 0), time(), UTC)
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ExportError(f"{option} {value!r}: not an ISO date (YYYY-MM-DD)", 2) from None
    return parsed.replace(tzinfo=parsed.tzinfo or UTC).astimezone(UTC)


def _versions_path(target: Path, fmt: str) -> Path:
    if target.suffix:
        return target.with_name(f"{target.stem}.versions{target.suffix}")
    return target.with_name(f"{target.name}.versions.{fmt}")


@contextlib.contextmanager
def _staging(paths: list[Path]) -> Iterator[list[Path]]:
    """Temp files beside *paths*, renamed onto them only if the block succeeds."""
    staged: list[Path] = []
    try:
        for path in paths:
            try:
                handle, name = tempfile.mkstemp(
                    dir=path.parent, prefix=f".{path.name}.", suffix=".part"
                )
            except OSError as exc:
                raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
            os.close(handle)
            staged.append(Path(name))
            os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; match open()
        yield staged
        for tmp, path in zip(staged, paths, strict=True):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise ExportError(f"cannot write {paths[0].parent}: {exc.strerror or exc}") from None
    except SQLAlchemyError as exc:
        raise ExportError(f"database error: {_first_line(exc)}") from None
    except _arrow_error() as exc:
        raise ExportError(f"cannot write parquet: {_first_line(exc)}") from None
    finally:
        for tmp in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _write(
    path: Path,
    fmt: str,
    columns: Columns,
    chunks: Generator[list[dict[str, Any]], None, None],
    total: int | None,
) -> int:
    """Stream *chunks* into *path*; return the number of rows written."""
    rows = 0
    with contextlib.closing(chunks):
        writer = open_writer(fmt, path, columns)
        try:
            for chunk in chunks:
                writer.write(chunk)
                rows += len(chunk)
                _progress(rows, total)
        finally:
            writer.close()
            if total is not None:
                print(file=sys.stderr)
    return rows


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _progress(rows: int, total: int | None) -> None:
    """A one-line progress bar, drawn only when stderr is a terminal."""
    if total is None:
        return
    share = rows / total if total else 1.0
    bar = "#" * int(share * 30)
    print(f"\r[{bar:<30}] {rows}/{total} articles", end="", file=sys.stderr, flush=True)
