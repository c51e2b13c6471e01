"""What the incremental middleware must know about a site, held in memory.

Loaded by one query at spider start so deciding whether to skip a request
costs a dict lookup, never a database round trip.

``SeenSet`` is the crawl's memory of what it met (request fingerprints, article ids,
URL and fingerprint digests): a Bloom filter in front of a temporary SQLite table, so it
stays the same size in memory from 10k articles to millions. A crawl killed with -9 cannot
remove those temporary files; the next ``SeenSet`` of any process removes them
(``remove_stale``).
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import os
import shutil
import sqlite3
import struct
import tempfile
import time
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsscraper.storage.types import parse_iso


@dataclass(frozen=True, slots=True)
class KnownArticle:
    """The stored copy's dates: the site's modified_at and our last visit."""

    modified_at: datetime | None
    last_seen: datetime | None

    @property
    def current_as_of(self) -> datetime | None:
        """Latest instant our copy is known to reflect."""
        dates = [d for d in (self.modified_at, self.last_seen) if d is not None]
        return max(dates) if dates else None


def digest(value: str) -> bytes:
    """16 bytes standing for a URL or fingerprint: 100k of them fit in a few MB."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=16).digest()


class KnownSet:
    """Articles already stored for one site, by article id and canonical URL.

    ``fingerprints`` maps each stored story's fingerprint digest to the digest of
    the canonical URL it is stored under, so a republished copy (same story, other
    URL) can be told from a re-crawl of the stored article itself. All three live in
    ``SeenSet``s, so a site with a million stored articles costs the same memory as
    one with ten thousand.
    """

    def __init__(self) -> None:
        self.by_id = SeenSet()
        self.by_url = SeenSet()
        self.fingerprints = SeenSet()
        #: How many of the URLs are republished copies (article_aliases rows).
        self.aliases = 0

    def add(
        self,
        article_id: str | None,
        canonical_url: str | None,
        modified_at: datetime | None,
        last_seen: datetime | None,
        fingerprint: str | None = None,
        *,
        alias: bool = False,
    ) -> None:
        self.aliases += alias and canonical_url not in self.by_url
        if fingerprint and canonical_url:
            self.fingerprints.set(digest(fingerprint), digest(canonical_url))
        known = KnownArticle(parse_iso(modified_at), parse_iso(last_seen))
        packed = _pack(known)
        if article_id:
            previous = _unpack(self.by_id.get(article_id))
            if previous is None or _newer(known, previous):
                self.by_id.set(article_id, packed)
        if canonical_url:
            self.by_url.set(canonical_url, packed)

    def get(self, article_id: str | None = None, url: str | None = None) -> KnownArticle | None:
        """The stored copy, looked up by id first, then by URL."""
        found = _unpack(self.by_id.get(str(article_id))) if article_id else None
        if found is None and url:
            found = _unpack(self.by_url.get(url))
        return found

    def is_current(
        self,
        article_id: str | None = None,
        url: str | None = None,
        lastmod: str | datetime | None = None,
    ) -> bool:
        """True when we hold the article and *lastmod* is not newer than our copy.

        An unparsable lastmod is ignored (the article counts as current): a bad
        sitemap must not force a full re-crawl.
        """
        known = self.get(article_id, url)
        if known is None:
            return False
        stamp = parse_iso(lastmod)
        as_of = known.current_as_of
        return stamp is None or as_of is None or stamp <= as_of

    def __len__(self) -> int:
        return len(self.by_url)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and article_id in self.by_id


_DATES = struct.Struct("<dd")


def _pack(known: KnownArticle) -> bytes:
    """The two dates as UTC timestamps (NaN for none): 16 bytes."""
    return _DATES.pack(
        *(
            d.timestamp() if d is not None else math.nan
            for d in (known.modified_at, known.last_seen)
        )
    )


def _unpack(packed: bytes | None) -> KnownArticle | None:
    if packed is None:
        return None
    modified, seen = (
        None if math.isnan(t) else datetime.fromtimestamp(t, UTC) for t in _DATES.unpack(packed)
    )
    return KnownArticle(modified, seen)


def _newer(candidate: KnownArticle, current: KnownArticle) -> bool:
    a, b = candidate.current_as_of, current.current_as_of
    return a is not None and (b is None or a > b)


#: SQLite's page cache per SeenSet, and keys written per transaction.
_CACHE_KIB = 1024
_COMMIT_EVERY = 10_000

#: A SeenSet's temporary directory: ``newsscraper-seen-<pid>-<random>`` in the temp dir,
#: holding ``seen.db`` and ``owner.lock``, which its process keeps ``flock``ed while it lives.
_PREFIX = "newsscraper-seen-"
_LOCK = "owner.lock"
#: A directory with no lock file is removed only when older than this: it was left by a
#: version without lock files, or by a process killed between mkdir and lock.
_UNLOCKED_AGE = 3600.0
#: How many stale directories this process's first SeenSet removed (None: not swept yet).
_swept: int | None = None


def remove_stale(directory: str | os.PathLike[str] | None = None) -> int:
    """Remove the SeenSet directories of processes that are gone; how many were removed.

    A SeenSet's owner holds an exclusive ``flock`` on its ``owner.lock`` for its whole
    life, and the kernel drops it when the process dies, however it dies (kill -9, OOM).
    So a directory whose lock can be taken is stale. Locks, not process ids: an id is
    reused, and a crawl in another PID namespace (a container sharing /tmp) has ids that
    mean nothing here. The lock file is locked before it gets its name, so no live
    directory ever shows an unlocked ``owner.lock``.
    """
    base = Path(directory if directory is not None else tempfile.gettempdir())
    removed = 0
    try:
        candidates = [p for p in base.iterdir() if p.name.startswith(_PREFIX)]
    except OSError:
        return 0
    for path in candidates:
        if path.is_symlink() or not path.is_dir():
            continue
        try:
            handle = os.open(path / _LOCK, os.O_RDWR)
        except FileNotFoundError:
            try:
                old = time.time() - path.stat().st_mtime > _UNLOCKED_AGE
            except OSError:
                continue
            if old:
                shutil.rmtree(path, ignore_errors=True)
                removed += not path.exists()
            continue
        except OSError:
            continue  # not ours to judge (another user's, unreadable)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)  # its owner lives
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(handle)
        removed += not path.exists()
    return removed


def _sweep_once() -> None:
    """``remove_stale`` in the temp dir, once per process (at its first SeenSet, often
    before logging is set up: the crawl record reports it, see ``stale_removed``)."""
    global _swept
    if _swept is None:
        _swept = 0  # before the sweep: a second thread's SeenSet does not sweep again
        _swept = remove_stale()


def stale_removed() -> int:
    """How many directories of dead processes this process's first SeenSet removed."""
    return _swept or 0


def _locked(folder: Path) -> int:
    """Create ``folder/owner.lock`` already locked: locked under a temporary name, then
    renamed, so ``remove_stale`` never sees it unlocked. The descriptor is the lock."""
    spare = folder / f".{_LOCK}.{os.getpid()}"
    handle = os.open(spare, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(spare, folder / _LOCK)
    except OSError:
        os.close(handle)
        raise
    return handle


class BloomFilter:
    """A fixed-size Bloom filter over byte strings: "surely not seen" or "maybe seen".

    Sized once for ``capacity`` keys at ``error_rate`` false positives; past the capacity
    it keeps working, with more false positives, in the same memory.
    """

    def __init__(self, capacity: int = 1_000_000, error_rate: float = 0.01) -> None:
        bits = math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2)
        self.size = max(64, bits)
        self.hashes = max(1, round(self.size / capacity * math.log(2)))
        self.bits = bytearray((self.size + 7) // 8)

    def _positions(self, key: bytes) -> Iterator[int]:
        value = int.from_bytes(hashlib.blake2b(key, digest_size=16).digest(), "little")
        first, step = value & 0xFFFFFFFFFFFFFFFF, (value >> 64) | 1
        for i in range(self.hashes):
            yield (first + i * step) % self.size

    def add(self, key: bytes) -> bool:
        """Add ``key``; True when it was surely not there before."""
        new = False
        for position in self._positions(key):
            byte, bit = position >> 3, 1 << (position & 7)
            if not self.bits[byte] & bit:
                new = True
                self.bits[byte] |= bit
        return new

    def __contains__(self, key: bytes) -> bool:
        return all(self.bits[p >> 3] & (1 << (p & 7)) for p in self._positions(key))


class SeenSet:
    """A set of keys that stays small in memory however many it holds.

    A Bloom filter (1.2 MB for a million keys at 1%) answers "surely new" for new keys,
    which is nearly every key of a crawl; its "maybe" is checked exactly in a SQLite
    table in a temporary file, so a false positive costs one lookup and never loses
    an article. Values (``get``/``set``) ride in the same table. Not for concurrent use:
    one thread at a time (the known set is filled in a worker, then read in the reactor).
    """

    def __init__(self, capacity: int = 1_000_000, error_rate: float = 0.01) -> None:
        self.bloom = BloomFilter(capacity, error_rate)
        _sweep_once()
        self._dir = tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-")
        # Held while this object lives; released at close, at garbage collection, or by
        # the kernel when the process dies.
        self._unlock = weakref.finalize(self, os.close, _locked(Path(self._dir.name)))
        # Filled in a worker thread (the known set), then used from the reactor thread:
        # one at a time, never both at once.
        self._db = sqlite3.connect(
            Path(self._dir.name) / "seen.db", isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        self._db.execute("CREATE TABLE seen (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID")
        # One long transaction, committed now and then: a commit per key cost 0.5 ms.
        self._db.execute("BEGIN")
        self._pending = 0
        self._count = 0
        self.lookups = 0  # exact lookups after a Bloom "maybe"
        self.false_positives = 0  # of those, keys that were not there

    @staticmethod
    def _key(key: str | bytes) -> bytes:
        return key.encode("utf-8") if isinstance(key, str) else key

    def _stored(self, key: bytes) -> tuple[bool, bytes | None]:
        self.lookups += 1
        row = self._db.execute("SELECT value FROM seen WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.false_positives += 1
            return False, None
        return True, row[0]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, (str, bytes)):
            return False
        raw = self._key(key)
        return raw in self.bloom and self._stored(raw)[0]

    def get(self, key: str | bytes, default: bytes | None = None) -> bytes | None:
        raw = self._key(key)
        if raw not in self.bloom:
            return default
        found, value = self._stored(raw)
        return value if found else default

    def set(self, key: str | bytes, value: bytes | None = None) -> None:
        raw = self._key(key)
        if self.bloom.add(raw) or not self._stored(raw)[0]:
            self._count += 1
        self._db.execute("INSERT OR REPLACE INTO seen VALUES (?, ?)", (raw, value))
        self._pending += 1
        if self._pending >= _COMMIT_EVERY:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0

    def add(self, key: str | bytes) -> None:
        self.set(key)

    def update(self, keys: Iterable[str | bytes]) -> None:
        for key in keys:
            self.add(key)

    def __len__(self) -> int:
        return self._count

    @property
    def directory(self) -> Path:
        """Where the table lives (removed by ``close``, or by ``remove_stale``)."""
        return Path(self._dir.name)

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()
        self._unlock()
