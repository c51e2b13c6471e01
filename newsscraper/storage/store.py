"""ArticleStore: every read and write the crawler and the exporter make.

One code path for SQLite and PostgreSQL. A batch is one transaction and a
handful of statements whatever its size: one SELECT of the rows it touches,
then bulk INSERT ... ON CONFLICT, UPDATE and version INSERT.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from newsscraper.errors import first_line
from newsscraper.storage import stories
from newsscraper.storage.config import (
    StorageError,
    create_engine,
    normalize_url,
    redact,
)
from newsscraper.storage.known import KnownSet
from newsscraper.storage.migrations import migrate
from newsscraper.storage.models import ArticleFilters, BatchResult, CrawlCounts, crawl_counts
from newsscraper.storage.records import (
    VERSION_FIELDS,
    article_record,
    article_row,
    has_changed,
)
from newsscraper.storage.schema import article_aliases, article_versions, articles, crawls
from newsscraper.storage.types import json_safe, parse_iso

_Row = dict[str, Any]
_T = TypeVar("_T")
#: Enough for any sane batch, yet under SQLite's bound-parameter limit.
_SELECT_CHUNK = 5000
#: Columns an update leaves as they are: the first visit, and the story found at insert.
_KEPT = frozenset({"first_seen", "story_id"})
#: Columns read back to classify a batch (id, keys and what a version keeps).
_EXISTING = [articles.c.id, articles.c.fingerprint, *(articles.c[n] for n in VERSION_FIELDS)]


class ArticleStore:
    """Articles, their versions and crawl records in one database.

    Construction only validates the URL; ``open()`` (or ``with``) connects and
    migrates, so building a store in ``from_crawler`` never touches the network.
    """

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self._engine: sa.Engine | None = None

    def open(self, *, create: bool = True) -> Self:
        """Connect and migrate. ``create=False`` refuses a missing SQLite file
        (a reader such as ``scrapy export`` must not invent an empty database)."""
        if self._engine is not None:
            return self
        path = make_url(self.url).database
        missing = path and path != ":memory:" and not Path(path).is_file()
        if not create and self.url.startswith("sqlite") and missing:
            raise StorageError(f"database {redact(self.url)}: no such file")
        engine = create_engine(self.url)
        try:
            migrate(engine)
            stories.backfill(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StorageError(
                f"cannot open database {redact(self.url)}: {first_line(exc)}"
            ) from exc
        except BaseException:
            engine.dispose()
            raise
        self._engine = engine
        return self

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Self:
        return self if self._engine is not None else self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            raise StorageError("ArticleStore used before open()")
        return self._engine

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(write_lock=True)
            with conn.begin():
                yield conn

    # -- articles ---------------------------------------------------------

    def write_batch(
        self, items: Iterable[Mapping[str, Any]], crawl_id: int | None = None
    ) -> BatchResult:
        """Store a batch in one transaction; return what happened to each item.

        New canonical URL: stored. Known one: a version row plus an update if
        a tracked field changed, else only ``last_seen`` moves (unchanged).

        A canonical URL repeated inside the batch: the last copy wins, the
        others count as duplicates. A new canonical URL whose fingerprint is
        already stored (under another URL, or earlier in this batch) is the
        same story republished: counted as a duplicate, not stored.
        """
        now = datetime.now(UTC)
        pending: dict[str, _Row] = {}
        result = BatchResult()
        for item in items:
            row = article_row(item, now)
            if row is None:
                result += BatchResult(rejected=1)
                continue
            if row["canonical_url"] in pending:
                result += BatchResult(duplicates=1)
            pending[row["canonical_url"]] = row
        if not pending:
            return result
        with self._writing() as conn:
            stories.serialize(conn)
            # A concurrent PostgreSQL writer can insert a key between our
            # SELECT and INSERT; ON CONFLICT skips it and the next round
            # treats it as the existing row it has become.
            for _ in range(3):
                step, pending = self._write_round(conn, pending, crawl_id, now)
                result += step
                if not pending:
                    return result
        raise StorageError(f"{len(pending)} articles kept conflicting with another writer")

    def _write_round(
        self, conn: sa.Connection, pending: dict[str, _Row], crawl_id: int | None, now: datetime
    ) -> tuple[BatchResult, dict[str, _Row]]:
        existing = self._existing(conn, pending)
        by_url = {row["canonical_url"]: row for row in existing}
        taken = {row["fingerprint"] for row in existing if row["fingerprint"]}
        inserts: list[_Row] = []
        updates: list[_Row] = []
        versions: list[_Row] = []
        unchanged: list[int] = []
        aliases: list[_Row] = []
        for key, row in pending.items():
            old = by_url.get(key)
            if old is not None and has_changed(old, row):
                versions.append(
                    {
                        **{n: old[n] for n in VERSION_FIELDS},
                        "article_row_id": old["id"],
                        "changed_at": now,
                        "crawl_id": crawl_id,
                    }
                )
                updates.append(
                    {**{k: v for k, v in row.items() if k not in _KEPT}, "_id": old["id"]}
                )
            elif old is not None:
                unchanged.append(old["id"])
            elif row["fingerprint"] and row["fingerprint"] in taken:
                aliases.append(
                    {
                        "url": key,
                        "site": row["site"],
                        "article_id": row["article_id"],
                        "fingerprint": row["fingerprint"],
                        "first_seen": now,
                    }
                )
            else:
                inserts.append(row)
                if row["fingerprint"]:
                    taken.add(row["fingerprint"])
        if versions:
            conn.execute(article_versions.insert(), versions)
        if updates:
            conn.execute(articles.update().where(articles.c.id == sa.bindparam("_id")), updates)
        for ids in _chunks(unchanged):
            conn.execute(articles.update().where(articles.c.id.in_(ids)).values(last_seen=now))
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        if aliases:
            conn.execute(
                insert(article_aliases).on_conflict_do_nothing(index_elements=["url"]), aliases
            )
        inserted: set[str] = set()
        linked: list[tuple[int, _Row]] = []
        if inserts:
            # One key order for every writer, so two never wait on each other.
            inserts.sort(key=lambda row: row["canonical_url"])
            stmt = insert(articles).on_conflict_do_nothing(index_elements=["canonical_url"])
            stmt = stmt.returning(articles.c.id, articles.c.canonical_url)
            ids = {url: row_id for row_id, url in conn.execute(stmt, inserts)}
            inserted = set(ids)
            linked = [(ids[r["canonical_url"]], r) for r in inserts if r["canonical_url"] in ids]
        stories.link(conn, linked, [a["fingerprint"] for a in aliases])
        lost = {r["canonical_url"]: r for r in inserts if r["canonical_url"] not in inserted}
        done = BatchResult(len(inserted), len(updates), len(unchanged), len(aliases))
        return done, lost

    def _existing(self, conn: sa.Connection, pending: dict[str, _Row]) -> list[_Row]:
        """Stored rows sharing a canonical URL or fingerprint with the batch.

        FOR UPDATE (a no-op on SQLite, which already holds the write lock)
        makes a concurrent PostgreSQL writer wait and then see our result.
        """
        keys = list(pending)
        prints = list({r["fingerprint"] for r in pending.values() if r["fingerprint"]})
        found: list[_Row] = []
        for start in range(0, max(len(keys), len(prints)), _SELECT_CHUNK):
            part_keys = keys[start : start + _SELECT_CHUNK]
            part_prints = prints[start : start + _SELECT_CHUNK]
            stmt = (
                sa.select(*_EXISTING)
                .where(
                    sa.or_(
                        articles.c.canonical_url.in_(part_keys),
                        articles.c.fingerprint.in_(part_prints),
                    )
                )
                .order_by(articles.c.id)
                .with_for_update()
            )
            found.extend(dict(row._mapping) for row in conn.execute(stmt))
        return found

    def known_articles(self, site: str | None) -> KnownSet:
        """Ids, canonical URLs, fingerprints and freshness of a site's articles,
        and the aliases of its republished copies: two queries, streamed."""
        known = KnownSet()
        stmt = sa.select(
            articles.c.article_id,
            articles.c.canonical_url,
            articles.c.modified_at_utc,
            articles.c.last_seen,
            articles.c.fingerprint,
        )
        aliases = sa.select(
            article_aliases.c.article_id, article_aliases.c.url, article_aliases.c.first_seen
        )
        if site is not None:
            stmt = stmt.where(articles.c.site == site)
            aliases = aliases.where(article_aliases.c.site == site)
        for chunk in self._stream(stmt, 10_000, tuple):
            for article_id, url, modified_at, last_seen, fingerprint in chunk:
                known.add(article_id, url, modified_at, last_seen, fingerprint)
        for chunk in self._stream(aliases, 10_000, tuple):
            for article_id, url, first_seen in chunk:
                known.add(article_id, url, None, first_seen, alias=True)
        return known

    def count_articles(self, filters: ArticleFilters | None = None) -> int:
        stmt = sa.select(sa.func.count()).select_from(articles)
        stmt = stmt.where(*(filters or ArticleFilters()).clauses())
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def iter_articles(
        self, filters: ArticleFilters | None = None, chunk_size: int = 1000
    ) -> Generator[list[dict[str, Any]], None, None]:
        """Matching articles in insertion order, *chunk_size* records at a time."""
        stmt = (
            sa.select(articles)
            .where(*(filters or ArticleFilters()).clauses())
            .order_by(articles.c.id)
        )
        return self._stream(stmt, chunk_size, lambda row: article_record(row._mapping))

    def iter_versions(
        self, filters: ArticleFilters | None = None, chunk_size: int = 1000
    ) -> Generator[list[dict[str, Any]], None, None]:
        """Earlier versions of the matching articles, oldest change first."""
        v = article_versions
        stmt = (
            sa.select(
                articles.c.site,
                articles.c.article_id,
                *(v.c[n] for n in VERSION_FIELDS if n != "modified_at_utc"),
                v.c.changed_at,
                v.c.crawl_id,
            )
            .join(articles, articles.c.id == v.c.article_row_id)
            .where(*(filters or ArticleFilters()).clauses())
            .order_by(v.c.id)
        )
        return self._stream(stmt, chunk_size, lambda row: dict(row._mapping))

    def _stream(
        self, stmt: sa.Select[Any], chunk_size: int, convert: Callable[[sa.Row[Any]], _T]
    ) -> Generator[list[_T], None, None]:
        """Yield converted rows in chunks; a server-side cursor on PostgreSQL."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=chunk_size).execute(stmt)
            for part in result.partitions():
                yield [convert(row) for row in part]

    # -- crawls -----------------------------------------------------------

    def start_crawl(
        self,
        spider: str,
        arguments: Mapping[str, Any] | None = None,
        stats: Mapping[str, Any] | None = None,
    ) -> int:
        """Record a crawl's start; the id ties version rows to this crawl.

        ``stats`` starts the row's stats (the crawl's host and process, by which the
        next run tells a killed crawl from one still running)."""
        with self._writing() as conn:
            result = conn.execute(
                crawls.insert().values(
                    spider=spider,
                    arguments=json_safe(dict(arguments or {})),
                    started_at=datetime.now(UTC),
                    stats=json_safe(dict(stats or {})) or None,
                )
            )
            return int(result.inserted_primary_key[0])

    def finish_crawl(
        self, crawl_id: int, reason: str, counts: CrawlCounts, stats: Mapping[str, Any]
    ) -> None:
        values = _finish_values(reason, counts, stats, datetime.now(UTC))
        with self._writing() as conn:
            conn.execute(crawls.update().where(crawls.c.id == crawl_id).values(**values))

    def restore_crawl(self, record: Mapping[str, Any]) -> int:
        """Write a crawls row that waited in the spool while the database was down.

        ``record`` holds ``crawl_id`` (None when the row could not even be opened),
        ``spider``, ``arguments``, ``started_at``, ``finished_at``, ``reason``,
        ``stats``. Returns the row's id."""
        stats = dict(record.get("stats") or {})
        finished = parse_iso(record.get("finished_at")) or datetime.now(UTC)
        values = _finish_values(str(record.get("reason")), crawl_counts(stats), stats, finished)
        crawl_id = record.get("crawl_id")
        with self._writing() as conn:
            if crawl_id is not None:
                done = conn.execute(
                    crawls.update().where(crawls.c.id == int(crawl_id)).values(**values)
                )
                if done.rowcount:
                    return int(crawl_id)
            result = conn.execute(
                crawls.insert().values(
                    spider=str(record.get("spider")),
                    arguments=json_safe(dict(record.get("arguments") or {})),
                    started_at=parse_iso(record.get("started_at")) or finished,
                    **values,
                )
            )
            return int(result.inserted_primary_key[0])

    def open_crawls(self, spider: str) -> list[dict[str, Any]]:
        """The spider's crawls rows never closed: running elsewhere, or killed."""
        stmt = (
            sa.select(crawls.c.id, crawls.c.started_at, crawls.c.stats)
            .where(crawls.c.spider == spider, crawls.c.finished_at.is_(None))
            .order_by(crawls.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(stmt)]

    def close_killed(self, crawl_id: int, why: str) -> bool:
        """Close a crawls row whose process is gone: finish reason ``killed``."""
        with self._writing() as conn:
            row = conn.execute(sa.select(crawls.c.stats).where(crawls.c.id == crawl_id)).first()
            stats = dict(row.stats or {}) if row is not None else {}
            stats.update({"finish_reason": "killed", "crawl/killed": why})
            done = conn.execute(
                crawls.update()
                .where(crawls.c.id == crawl_id, crawls.c.finished_at.is_(None))
                .values(
                    finished_at=datetime.now(UTC),
                    finish_reason="killed",
                    monitors="failed",
                    stats=json_safe(stats),
                )
            )
            return bool(done.rowcount)

    def recent_crawls(self, limit: int = 10, spider: str | None = None) -> list[dict[str, Any]]:
        """The newest *limit* crawl rows (of one *spider* when given), newest first."""
        stmt = sa.select(crawls).order_by(crawls.c.id.desc()).limit(limit)
        if spider is not None:
            stmt = stmt.where(crawls.c.spider == spider)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(stmt)]

    def get_crawl(self, crawl_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(crawls).where(crawls.c.id == crawl_id)).first()
        return None if row is None else dict(row._mapping)


def _finish_values(
    reason: str, counts: CrawlCounts, stats: Mapping[str, Any], finished_at: datetime
) -> dict[str, Any]:
    """The columns a crawl's end fills in."""
    values = {
        f"items_{f.name}"
        if f.name in {"stored", "updated", "unchanged", "dropped"}
        else f.name: getattr(counts, f.name)
        for f in fields(counts)
    }
    verdict = stats.get("monitors/passed")
    return {
        **values,
        "monitors": None if verdict is None else ("passed" if verdict else "failed"),
        "finished_at": finished_at,
        "finish_reason": reason,
        "stats": json_safe(dict(stats)),
    }


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _SELECT_CHUNK):
        yield values[start : start + _SELECT_CHUNK]
