"""``scrapy export``: the article database to a JSON Lines, CSV or Parquet file.

Streams chunk by chunk (memory stays flat whatever the size), writes to a
temporary file beside the target and renames it at the end, so a failed or
interrupted export never leaves a half-written file under the real name.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from sqlalchemy.exc import SQLAlchemyError

from newsscraper.arguments import (
    ArgumentError,
    check_language,
    check_site,
    known_sites,
    parse_range,
    parse_sections,
    resolve_sections,
    stored_names,
)
from newsscraper.errors import fail, first_line
from newsscraper.files import staged
from newsscraper.sites import get_site
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
            "extension (.jsonl/.jl, .csv, .parquet). --site, --lang, --sections, --since "
            "and --until are the crawl's arguments, checked alike: an unknown site, "
            "language or section is refused with the known ones, sections in any case. "
            "--since/--until filter on published_at: a date means the whole day (UTC), "
            "so --until 2024-11-30 includes that day; a time without offset is UTC. "
            "--include-versions also "
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
        group.add_argument("--lang", help="only this language code (or all)")
        group.add_argument(
            "--sections",
            "--section",
            dest="sections",
            metavar="NAMES",
            help="only these sections, comma list, any case (as crawl -a sections=)",
        )
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
        fail("export", message)
        self.exitcode = status

    def _export(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise ExportError(f"unexpected argument {args[0]!r}", 2)
        if not opts.output:
            raise ExportError("missing -o FILE", 2)
        target = Path(opts.output)
        fmt = _format(target, opts.format)
        chunk_size = int(opts.chunk_size) if str(opts.chunk_size).isdigit() else 0
        if chunk_size < 1:
            raise ExportError(f"--chunk-size {opts.chunk_size!r}: not a positive number", 2)
        try:
            since, until = parse_range(opts.since, opts.until, "UTC")
        except ArgumentError as exc:
            raise ExportError(str(exc), 2) from None
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
        with ArticleStore(url).open(create=False) as store:
            filters = _filters(store, opts, since, until)
            if opts.stories:
                with _staging(paths) as staged:
                    chunks = iter_stories(store.engine, filters, chunk_size)
                    rows = _write(staged[0], fmt, STORY_COLUMNS, chunks, None)
                print(f"wrote {rows} stories to {target} ({target.stat().st_size} bytes)")
                return
            with _staging(paths) as staged:
                total = store.count_articles(filters) if sys.stderr.isatty() else None
                counts = [
                    _write(
                        staged[0],
                        fmt,
                        ARTICLE_COLUMNS,
                        store.iter_articles(filters, chunk_size),
                        total,
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


def _format(target: Path, explicit: str | None) -> str:
    """The output format; the error names what is wrong: the option or the extension."""
    fmt = format_for(target, explicit)
    if fmt is not None:
        return fmt
    known = ", ".join(FORMATS)
    if explicit:
        raise ExportError(f"--format {explicit!r}: unknown format; known: {known}", 2)
    raise ExportError(
        f"cannot tell the format of {str(target)!r} from its extension: "
        f"give --format ({known}) or end the name in .jsonl, .csv or .parquet",
        2,
    )


def _filters(
    store: ArticleStore, opts: argparse.Namespace, since: Any, until: Any
) -> ArticleFilters:
    """The filters, each name checked the way ``crawl`` checks it and against what the
    database holds: an unknown site, language or section is refused with the known ones."""
    try:
        site = None
        if opts.site is not None:
            site = check_site(opts.site, stored_names(store, "site"))
        languages = list(stored_names(store, "language", site))
        for name in [site] if site else known_sites():
            with contextlib.suppress(LookupError):
                languages += get_site(name).languages
        language = None
        if opts.lang is not None:
            language = check_language(opts.lang, sorted(set(languages)))
        sections: tuple[str, ...] = ()
        if opts.sections is not None:
            sections = resolve_sections(
                parse_sections(opts.sections), stored_names(store, "section", site)
            )
    except ArgumentError as exc:
        raise ExportError(str(exc), 2) from None
    return ArticleFilters(since=since, until=until, site=site, language=language, sections=sections)


def _versions_path(target: Path, fmt: str) -> Path:
    if target.suffix:
        return target.with_name(f"{target.stem}.versions{target.suffix}")
    return target.with_name(f"{target.name}.versions.{fmt}")


@contextlib.contextmanager
def _staging(paths: list[Path]) -> Iterator[list[Path]]:
    """Temp files beside *paths*, renamed onto them only if the block succeeds."""
    try:
        with contextlib.ExitStack() as stack:
            staged_paths = []
            for path in paths:
                try:
                    staged_paths.append(stack.enter_context(staged(path)))
                except OSError as exc:
                    raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
            yield staged_paths
    except OSError as exc:
        raise ExportError(f"cannot write {paths[0]}: {exc.strerror or exc}") from None
    except SQLAlchemyError as exc:
        raise ExportError(f"database error: {first_line(exc)}") from None
    except _arrow_error() as exc:
        raise ExportError(f"cannot write parquet: {first_line(exc)}") from None


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


def _progress(rows: int, total: int | None) -> None:
    """A one-line progress bar, drawn only when stderr is a terminal."""
    if total is None:
        return
    share = rows / total if total else 1.0
    bar = "#" * int(share * 30)
    print(f"\r[{bar:<30}] {rows}/{total} articles", end="", file=sys.stderr, flush=True)
