"""The spool: what the database did not take, kept on local disk until it does.

When a batch of articles (or a crawl's closing record) cannot be written because the
database is down, read-only or full, it is appended to the spool instead: one JSON
line, flushed and fsynced before the crawl goes on, so a crash right after loses
nothing. The crawl retries the spool with backoff while it runs; the next run against
the same database replays it before anything else; ``scrapy spool`` shows and
replays it by hand.

One spool per database, not per crawl, so any later run finds it: beside a SQLite
file (``news.db`` -> ``news.db.spool.jsonl``), else under the user's state directory
(``~/.local/state/newsscraper/spool/<host>-<port>-<database>-<hash>.jsonl``);
``SPOOL_DIR`` moves it. The spool beside a SQLite file shares its disk: when that disk is
full (or read-only) the spool overflows into the state directory
(``…/spool/<file>-<hash>.overflow.spool.jsonl``), and once it has, later entries go there
too, so replaying the spool, then its overflow, keeps the order. Lines, all appended and
never rewritten:

- ``{"kind": "articles", "id": …, "crawl_id": …, "items": [...]}``: a batch;
- ``{"kind": "crawl", "id": …, "crawl_id": …, "spider": …, "reason": …, …}``: a
  crawls row to open or close;
- ``{"kind": "done", "id": …}``: that entry reached the database.

Replaying a batch that did reach the database before a crash is harmless (the store
upserts by canonical URL), so an entry is marked done only after its write commits.
When nothing is left the file is removed. Writers of one spool (two crawls, a crawl
and ``scrapy spool``) take an exclusive ``flock`` on it for each append or replay.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import make_url

from newsscraper.errors import first_line
from newsscraper.storage.types import json_safe

logger = logging.getLogger(__name__)

SUFFIX = ".spool.jsonl"


def state_dir() -> Path:
    """``$XDG_STATE_HOME/newsscraper`` (default ``~/.local/state/newsscraper``)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "newsscraper"


def spool_path(url: str, directory: str | os.PathLike[str] | None = None) -> Path:
    """Where the spool of the database at ``url`` lives (see the module docstring).

    >>> spool_path("sqlite:////var/lib/news/news.db")
    PosixPath('/var/lib/news/news.db.spool.jsonl')
    >>> spool_path("sqlite:////var/lib/news/news.db", "/tmp/s").as_posix()
    '/tmp/s/news.db.spool.jsonl'
    >>> spool_path("postgresql+psycopg://u:pw@db.internal/news", "/tmp/s").name
    'db.internal-5432-news-e9486147.spool.jsonl'
    >>> spool_path("postgresql+psycopg://u@db.internal/news", "/tmp/s").name  # no password
    'db.internal-5432-news-e9486147.spool.jsonl'
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = Path(parsed.database or "memory").resolve()
        folder = Path(directory) if directory else database.parent
        return folder / (database.name + SUFFIX)
    # The password is not part of a database's identity, and must not be in a file name.
    identity = (
        f"{parsed.drivername}://{parsed.username}@{parsed.host}:{parsed.port}/{parsed.database}"
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:8]
    name = f"{parsed.host or 'local'}-{parsed.port or 5432}-{parsed.database or ''}-{digest}"
    folder = Path(directory) if directory else state_dir() / "spool"
    return folder / (_safe(name) + SUFFIX)


def overflow_path(url: str) -> Path | None:
    """Where the spool beside a SQLite file overflows when that file's disk takes no
    more; None for a server database (its spool is in the state directory already).

    >>> overflow_path("sqlite:////var/lib/news/news.db").name
    'news.db-15506ad2.overflow.spool.jsonl'
    >>> overflow_path("postgresql+psycopg://u@db.internal/news") is None
    True
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = Path(parsed.database or "memory").resolve()
    digest = hashlib.sha256(str(database).encode()).hexdigest()[:8]
    return state_dir() / "spool" / (_safe(f"{database.name}-{digest}") + ".overflow" + SUFFIX)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name)


@dataclass
class Entry:
    """One spooled thing not yet in the database."""

    id: str
    kind: str
    data: dict[str, Any]

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.data.get("items") or []) if self.kind == "articles" else []


@dataclass
class Pending:
    """What a spool holds, counted as it is read: entries are never all in memory at
    once (a spool of a long outage can hold more articles than the crawl process)."""

    entries: int = 0
    articles: int = 0
    crawls: int = 0
    damaged: int = 0  # lines cut short by a crash mid-append (never acknowledged)
    oldest: str | None = None  # when the oldest entry was spooled

    def add(self, entry: Entry) -> None:
        self.entries += 1
        self.articles += len(entry.data.get("items") or []) if entry.kind == "articles" else 0
        self.crawls += entry.kind == "crawl"
        if self.oldest is None:
            self.oldest = entry.data.get("spooled_at")

    def merge(self, other: Pending) -> None:
        self.entries += other.entries
        self.articles += other.articles
        self.crawls += other.crawls
        self.damaged += other.damaged
        if self.oldest is None:
            self.oldest = other.oldest


@dataclass
class Replayed:
    """The outcome of one replay."""

    articles: int = 0
    crawls: int = 0
    left: Pending = field(default_factory=Pending)
    error: str | None = None


class SpoolError(OSError):
    """The spool itself cannot be written (disk full, no permission)."""


class Spool:
    """An append-only, fsynced JSON Lines file of entries awaiting the database."""

    def __init__(
        self, path: str | os.PathLike[str], overflow: str | os.PathLike[str] | None = None
    ) -> None:
        self.path = Path(path)
        #: Where entries go when ``path`` cannot be written (see the module docstring).
        self.overflow = Path(overflow) if overflow is not None else None

    @classmethod
    def for_database(cls, url: str, directory: str | os.PathLike[str] | None = None) -> Spool:
        """The spool of the database at ``url``; beside a SQLite file (no ``directory``
        given) with an overflow in the state directory."""
        overflow = None if directory else overflow_path(url)
        return cls(spool_path(url, directory or None), overflow)

    @property
    def where(self) -> str:
        """The spool's file, and its overflow when that holds anything: for messages."""
        if self.overflow is not None and self.overflow.exists():
            return f"{self.path} and {self.overflow}"
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists() or (self.overflow is not None and self.overflow.exists())

    def _files(self) -> list[Spool]:
        """The spool, then its overflow: one file each, in replay order."""
        files = [Spool(self.path)]
        if self.overflow is not None:
            files.append(Spool(self.overflow))
        return files

    # -- writing ------------------------------------------------------------

    def add_articles(self, items: list[Mapping[str, Any]], crawl_id: int | None) -> None:
        """Append a batch; when this returns, it is on disk."""
        self._append({"kind": "articles", "crawl_id": crawl_id, "items": list(items)})

    def add_crawl(self, record: Mapping[str, Any]) -> None:
        """Append a crawls row (``crawl_id`` None: the row was never opened)."""
        self._append({"kind": "crawl", **record})

    def _append(self, entry: dict[str, Any]) -> None:
        entry = {"id": uuid.uuid4().hex, "spooled_at": datetime.now(UTC).isoformat(), **entry}
        line = json.dumps(json_safe(entry), ensure_ascii=False, default=str) + "\n"
        overflow = self.overflow
        if overflow is None or not overflow.exists():
            try:
                self._write(line)
                return
            except SpoolError as exc:
                if overflow is None:
                    raise
                logger.warning("%s: spooling to %s instead", exc.strerror, overflow)
        Spool(overflow)._write(line)

    def _write(self, line: str) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked() as handle:
                _write_synced(handle, line)
        except OSError as exc:
            why = exc.strerror or str(exc)  # str(exc) would repeat "[Errno N]"
            raise SpoolError(exc.errno, f"cannot write the spool {self.path}: {why}") from exc

    # -- reading ------------------------------------------------------------

    def pending(self) -> Pending:
        """Entries not yet marked done (no lock: a snapshot for display and counts)."""
        tally = Pending()
        for part in self._files():
            if part.path.exists():
                with part.path.open("rb") as reader:
                    for entry in _unfinished(reader, tally):
                        tally.add(entry)
        return tally

    # -- replaying ----------------------------------------------------------

    def replay(
        self,
        write_articles: Callable[[list[dict[str, Any]], int | None], object],
        write_crawl: Callable[[dict[str, Any]], object],
    ) -> Replayed:
        """Write every pending entry, oldest first, marking each done once written.

        Stops at the first entry the database refuses (it is most likely still down;
        the rest would fail the same way): that entry and the later ones stay. The
        file is read one entry at a time, so a replay holds one batch, not the spool.
        """
        if self.overflow is not None:
            done = Replayed()
            for index, part in enumerate(files := self._files()):
                step = part.replay(write_articles, write_crawl)
                done.articles += step.articles
                done.crawls += step.crawls
                if step.error:
                    done.error = step.error
                    done.left = step.left
                    for later in files[index + 1 :]:
                        done.left.merge(later.pending())
                    break
            return done
        done = Replayed()
        if not self.path.exists():
            return done
        with self._locked() as handle, self.path.open("rb") as reader:
            # The done marks go to the end of the file through ``handle``; ``reader``
            # reaches them last and skips them.
            entries = _unfinished(reader, done.left)
            for entry in entries:
                try:
                    if entry.kind == "articles":
                        write_articles(entry.items, entry.data.get("crawl_id"))
                    else:
                        write_crawl(entry.data)
                except Exception as exc:  # noqa: BLE001 - any database error: keep the rest
                    done.error = first_line(exc)
                    done.left.add(entry)
                    for later in entries:
                        done.left.add(later)
                    return done
                _write_synced(handle, json.dumps({"kind": "done", "id": entry.id}) + "\n")
                done.articles += len(entry.items)
                done.crawls += entry.kind == "crawl"
            # Everything is in the database: the file has served its purpose.
            self.path.unlink(missing_ok=True)
        done.left = Pending()
        return done

    @contextmanager
    def _locked(self) -> Iterator[IO[bytes]]:
        """The spool opened for appending under an exclusive lock.

        A replay removes the file once empty; a writer that waited for the lock on
        the removed file opens the new one instead of appending into the void.
        """
        while True:
            handle = self.path.open("a+b")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                if os.fstat(handle.fileno()).st_nlink > 0:
                    break
            except BaseException:
                handle.close()
                raise
            handle.close()
        try:
            yield handle
        finally:
            handle.close()  # releases the lock


def replay_into(spool: Spool, store: Any) -> Replayed:
    """Replay ``spool`` into an open ``ArticleStore``, logging what happened."""
    where = spool.where
    done = spool.replay(store.write_batch, store.restore_crawl)
    if done.articles or done.crawls:
        logger.info(
            "Stored %d spooled articles and %d crawl records from %s",
            done.articles,
            done.crawls,
            where,
        )
    if done.error:
        logger.warning(
            "Spool %s not replayed (%s): %d articles wait",
            spool.where,
            done.error,
            done.left.articles,
        )
    return done


def _write_synced(handle: IO[bytes], line: str) -> None:
    end = handle.seek(0, os.SEEK_END)
    if end:
        # A line cut short by a crash must not swallow the next one.
        handle.seek(end - 1)
        if handle.read(1) != b"\n":
            line = "\n" + line
    handle.write(line.encode("utf-8"))
    handle.flush()
    os.fsync(handle.fileno())


#: Longer lines are never done marks (``{"kind": "done", "id": <32 hex>}``, ~60 bytes):
#: the first pass parses only short lines, not the batches.
_SHORT = 256


def _lines(reader: IO[bytes]) -> Iterator[bytes]:
    reader.seek(0)
    for raw in reader:
        line = raw.rstrip(b"\r\n")
        if line:
            yield line


def _unfinished(reader: IO[bytes], tally: Pending) -> Iterator[Entry]:
    """The entries of a spool file not marked done, oldest first, one at a time; lines
    cut short by a crash are counted in ``tally.damaged``.

    Two passes over the file: the done marks first (short lines only), then the entries.
    """
    finished: set[str] = set()
    for line in _lines(reader):
        if len(line) < _SHORT:
            data = _loads(line)
            if data is not None and data["kind"] == "done":
                finished.add(data["id"])
    for line in _lines(reader):
        data = _loads(line)
        if data is None:
            tally.damaged += 1
        elif data["kind"] != "done" and data["id"] not in finished:
            yield Entry(data["id"], data["kind"], data)


def _loads(line: bytes) -> dict[str, Any] | None:
    """One spool line, or None when it is not a whole entry."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if (
        isinstance(data, dict)
        and isinstance(data.get("kind"), str)
        and isinstance(data.get("id"), str)
    ):
        return data
    return None
