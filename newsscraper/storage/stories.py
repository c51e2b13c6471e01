"""Stories: copies of one news story across sites and languages share a ``story_id``.

An agency story reaches the network translated, under other ids, hours apart. No text
survives translation, so a copy is recognised by what does:

- the photo: its file name, and the photographer and agency of its credit;
- the figures of the text (``1.340``, ``1,340``, ``1 340`` and ``١٣٤٠`` are one figure);
- the names in Latin script (capitalised words not at the start of a sentence);
- the publication time, which bounds the search: copies appear within ``WINDOW``.

Each stored article gets a row in ``story_members`` (its signature) and one row per
signature key in ``story_keys`` (``p:`` photo file, ``n:`` figure, ``w:`` name), indexed
on (key, minute, member). A new article's candidates are the members published within the window
that share two keys with it, or its photo file; a batch asks for them in two statements
whatever span of time it covers (a count per stretch of 48 hours, to leave out keys too
common to find anything by, ``STOP_KEY``; then, per article, the members sharing two keys
or the photo file, counted by the database), scores them as they are read, links in
memory and writes back in bulk. Each candidate is scored (``score``) and the article
joins every story it links to; stories it bridges are merged. Because every pair within
the window is compared once, when the later of the two arrives, the stories are the
connected components of the link graph whatever the order of arrival (short of stop
keys), and a story's id is taken from its earliest member (publication time, then
canonical URL): the same articles give the same story ids in any crawl order.

Links are made in the transaction that inserts the articles. On PostgreSQL writers take
one advisory lock first (``serialize``) so two crawls writing at once see each other's
members and cannot split a story; SQLite's BEGIN IMMEDIATE already serializes them.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from newsscraper.storage.exporters import Columns
from newsscraper.storage.models import ArticleFilters
from newsscraper.storage.schema import article_aliases, articles, story_keys, story_members
from newsscraper.storage.types import parse_iso

#: Copies of a story are published within this many minutes of each other.
WINDOW = 48 * 60
#: A pair links when its score reaches this (see ``score``).
THRESHOLD = 0.7
#: Below this Dice coefficient of their figures two texts that both have figures are
#: two stories.
MIN_FIGURES = 0.5
#: A key held by more members than this around a batch is too common to find
#: candidates by (a weekday, a capital, a round figure); a photo file that common is a
#: placeholder (logo, default image) and no evidence at all.
STOP_KEY = 100
#: Added to the figure weights under the Dice coefficient, so that two texts sharing
#: their only two small figures are not certain (found when 600 stories in three days
#: chained through such pairs).
_FIGURE_PRIOR = 2.0
#: Serializes story assignment among PostgreSQL writers (any constant; not the migrator's).
_PG_LOCK_KEY = 7_362_910_422

# Digits of any script; a separator joins groups only where it is one (a space or an
# apostrophe only before exactly three digits). Linear: groups and separators are disjoint.
_FIGURE = re.compile(r"\d+(?:[.,\u066b\u066c]\d+|[ \u00a0\u202f\u2009'\u2019]\d{3}(?!\d))*")
#: Chinese, Japanese and Korean units of ten thousand and a hundred million.
_CJK_UNITS = {"万": 10**4, "萬": 10**4, "만": 10**4, "亿": 10**8, "億": 10**8, "억": 10**8}
_WORD = re.compile(r"[^\W\d_]+")
#: What ends a sentence or opens a quotation: the next word is capitalised anyway.
_SENTENCE_BREAK = re.compile("[.!?:;\n\"'«»“”„‘’()\\[\\]]")


@dataclass(frozen=True)
class Signature:
    """What of an article survives translation, reduced to comparable keys."""

    minute: int | None
    photo: str | None
    language: str | None = None
    credit: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @cached_property
    def figure_total(self) -> float:
        return sum(figure_weight(f) for f in self.figures)

    @cached_property
    def lookup_keys(self) -> frozenset[str]:
        """The keys a candidate must share: figures worth 1 or more, names, photo file."""
        found = {f"n:{n}" for n in self.figures if figure_weight(n) >= 1}
        found |= {f"w:{n}" for n in self.names}
        if self.photo:
            found.add(f"p:{self.photo}")
        return frozenset(found)


def figures(text: str, published: datetime | None = None) -> set[str]:
    """Figures of *text* as ASCII digit strings without separators or leading zeros.

    Separators are dropped, not read, so ``3,5`` (de) and ``3.5`` (en) are one figure.
    The day, month and year of publication say nothing about the story and are left out.

    >>> sorted(figures("1.340 km, 1 340 km, ١٣٤٠ km; 3,5 % und 3.5 %; 07:41 Uhr"))
    ['1340', '35', '41', '7']
    >>> sorted(figures("am 30. November 2024 um 12 Uhr", datetime(2024, 11, 30)))
    ['12']
    >>> sorted(figures("费用达125万欧元，约2.5亿人"))
    ['1250000', '250000000']
    """
    skip = set()
    if published is not None:
        skip = {str(published.year), str(published.month)}
        skip |= {str(day) for day in (published.day - 1, published.day, published.day + 1)}
    found = set()
    for match in _FIGURE.finditer(text):
        digits = "".join(str(unicodedata.digit(ch)) for ch in match.group() if ch.isdigit())
        scale = _CJK_UNITS.get(text[match.end() : match.end() + 1])
        if scale:  # 125万 is 1,250,000; CJK texts write decimals with a point
            whole, _, fraction = match.group().replace(",", "").partition(".")
            digits = str(
                int(whole or "0") * scale + int(fraction or "0") * scale // 10 ** len(fraction)
            )
        value = digits.lstrip("0") or "0"
        if value not in skip:
            found.add(value)
    return found


def figure_weight(figure: str) -> float:
    """How much a shared figure says: single digits nothing (often spelled out), years
    and round numbers ("about 100") little, other numbers more the longer they are.

    >>> [figure_weight(f) for f in ("7", "2024", "100", "50", "29", "135", "2737")]
    [0.0, 0.5, 0.5, 0.5, 1.0, 2.0, 2.0]
    """
    if len(figure) < 2:
        return 0.0
    if len(figure) == 4 and figure[:2] in ("19", "20"):
        return 0.5
    if figure.strip("0") == figure[0]:
        return 0.5
    return 1.0 if len(figure) == 2 else 2.0


def _is_latin(word: str) -> bool:
    # Basic Latin to Latin Extended-B; Greek starts at U+0370, Cyrillic at U+0400.
    return word.isascii() or all(ch < "\u0250" for ch in word)


def _plain(word: str) -> str:
    if word.isascii():  # NFKD leaves ASCII alone, and casefold is lower there
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def names(text: str) -> set[str]:
    """Capitalised Latin-script words not opening a sentence, without case or accents.

    >>> sorted(names("Die Stadt Potsdam. Noosha Aubel sagte, Σκόλτς und Olaf Scholz..."))
    ['aubel', 'olaf', 'potsdam', 'scholz', 'stadt']
    """
    found = set()
    for fragment in _SENTENCE_BREAK.split(text):
        for word in _WORD.findall(fragment)[1:]:
            if word[0].isupper() and (len(word) >= 3 or word.isupper()) and _is_latin(word):
                found.add(word)
    return {_plain(word) for word in found}


def photo_name(url: str | None) -> str | None:
    """The photo's file name, the part a network keeps when it reuses a photo."""
    if not url:
        return None
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return name or None


def credit_tokens(credit: str | None) -> frozenset[str]:
    """Words of a photo credit (photographer, agency), any case or accents."""
    if not credit:
        return frozenset()
    return frozenset(_plain(w) for w in _WORD.findall(credit) if len(w) >= 2)


def signature(row: Mapping[str, Any]) -> Signature:
    """The signature of an article row (the item's fields, ``published_at_utc`` parsed)."""
    published = parse_iso(row.get("published_at_utc") or row.get("published_at"))
    text = "\n".join(
        str(row.get(name) or "") for name in ("headline", "photo_caption", "lead", "body")
    )
    minute = None if published is None else int(published.timestamp() // 60)
    credit = credit_tokens(row.get("photo_credit"))  # the agency is the photo's, not the story's
    return Signature(
        minute=minute,
        photo=photo_name(row.get("photo_url")),
        language=row.get("language"),
        credit=credit,
        figures=frozenset(figures(text, published)),
        names=frozenset(names(text)) - credit,
    )


def score(a: Signature, b: Signature, *, photo_counts: bool = True) -> float:
    """How sure we are that *a* and *b* are one story; they link at ``THRESHOLD``.

    Figures weigh most: translations keep them and unrelated stories share few. They
    count as the weighted Dice coefficient of the two sets (near 1 when the same, lower
    for every figure only one side has, and lower when there are few); when both texts
    have figures worth 2 or more, a
    coefficient below ``MIN_FIGURES`` vetoes the link whatever else agrees: the same
    archive photo of the same minister in the same city does not make two stories one.
    Names count half, as the share of the smaller set found in the other, and only
    between languages (within one, common nouns are capitalised too, in German every
    one). The same photo file adds 0.3 and the same photographer and agency 0.1. With no
    shared figure or name the score is 0, so a photo or an agency alone never links.
    """
    shared_figures = a.figures & b.figures
    shared_names = a.names & b.names if a.language != b.language else set()
    weights = (a.figure_total, b.figure_total)
    shared = sum(figure_weight(f) for f in shared_figures)
    total = 2 * shared / (sum(weights) + _FIGURE_PRIOR) if shared else 0.0
    if min(weights) >= 2 and total < MIN_FIGURES:
        return 0.0
    if not shared and not shared_names:
        return 0.0
    if shared_names:
        total += 0.5 * len(shared_names) / (min(len(a.names), len(b.names)) + 1)
    if photo_counts and a.photo and a.photo == b.photo:
        total += 0.3
    if len(a.credit & b.credit) >= 2:
        total += 0.1
    return total


def story_id_for(canonical_url: str) -> str:
    """A story's id: derived from its earliest member's canonical URL, so the same in
    any database and any crawl order."""
    return "s" + hashlib.blake2b(canonical_url.encode("utf-8"), digest_size=8).hexdigest()


def _head_key(published: datetime | None, url: str) -> tuple[int, float, str]:
    # Members without a publication time sort after those with one.
    if published is None:
        return (1, 0.0, url)
    return (0, published.timestamp(), url)


def serialize(conn: sa.Connection) -> None:
    """Take the story lock for this transaction (PostgreSQL; SQLite needs none)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))


_Head = tuple[tuple[int, float, str], str]


@dataclass
class _Member:
    story: str
    signature: Signature


@dataclass
class _Candidate:
    """A stored member that shares keys with a batch article (``_Linker.read``)."""

    row_id: int
    shared: int
    photo: bool


@dataclass
class _Linker:
    """Links one transaction's new articles in a constant number of statements.

    ``read`` asks the archive, in a few statements whatever the batch spans, which
    stored members each article shares two keys (or its photo file) with, scores them
    as their signatures stream by and keeps only the stories they link to, with those
    stories' heads; ``add`` links each article (against the batch's own articles in
    memory); ``finish`` writes the members, their keys, merged stories and story ids in
    bulk.
    """

    conn: sa.Connection
    assigned: dict[int, str] = field(default_factory=dict)
    members: dict[int, _Member] = field(default_factory=dict)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    heads: dict[str, _Head] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    stored_stories: set[str] = field(default_factory=set)
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    stop: set[str] = field(default_factory=set)
    #: Per batch article (its index in link order): stored stories it links to.
    stored_links: dict[int, set[str]] = field(default_factory=dict)
    #: Per batch article: whether its photo file still counts (``score``'s photo_counts).
    photo_counts: dict[int, bool] = field(default_factory=dict)

    def read(self, signatures: Sequence[Signature]) -> None:
        """What the archive holds for *signatures* (the batch, in link order).

        The batch is cut into stretches of at most WINDOW minutes (``plan``); a key held
        by more than ``STOP_KEY`` stored members around a stretch is not looked up for
        it. Such a key still counts for an article where an earlier stretch of the batch
        looked it up and the two windows overlap: the batch reads as if its stretches
        were read one after the other, each keeping what the previous ones found.
        """
        groups = plan(signatures)
        group_stops = self._count_keys(signatures, groups)
        candidates = self._candidates(signatures, _key_ranges(signatures, groups, group_stops))
        self._score(signatures, candidates)
        self._load_heads()

    def _count_keys(
        self, signatures: Sequence[Signature], groups: list[list[int]]
    ) -> list[set[str]]:
        """Per stretch, the keys too common around it to look up (``STOP_KEY``)."""
        rows = []
        for g, group in enumerate(groups):
            low, high = _span(signatures, group)
            keys = sorted({key for i in group for key in signatures[i].lookup_keys})
            rows.extend((g, key, low - WINDOW, high + WINDOW, 0) for key in keys)
        stops: list[set[str]] = [set() for _ in groups]
        for chunk in _chunks(rows, _VALUES_SIZES[-1]):
            for g, key in _query_ranges(self.conn, "stop", chunk):
                stops[g].add(key)
        for stop in stops:
            self.stop |= stop
        return stops

    def _candidates(
        self, signatures: Sequence[Signature], ranges: list[tuple[int, str, int, int]]
    ) -> dict[int, list[_Candidate]]:
        """Per article, the stored members sharing two keys or the photo file with it."""
        counted: dict[tuple[int, int], list[int]] = {}
        for chunk, whole in _article_chunks(ranges, _VALUES_SIZES[-1]):
            rows = [(i, key, lo, hi, int(key[0] == "p")) for i, key, lo, hi in chunk]
            # An article cut in pieces has its counts added up before they are judged.
            kind = "candidates" if whole else "shared"
            for i, row_id, shared, has_photo in _query_ranges(self.conn, kind, rows):
                both = counted.setdefault((i, row_id), [0, 0])
                both[0] += shared
                both[1] |= has_photo
        found: dict[int, list[_Candidate]] = {}
        for (i, row_id), (shared, has_photo) in counted.items():
            if shared >= 2 or has_photo:
                found.setdefault(i, []).append(_Candidate(row_id, shared, bool(has_photo)))
        return found

    def _score(
        self, signatures: Sequence[Signature], candidates: dict[int, list[_Candidate]]
    ) -> None:
        """Score each article against its stored candidates as their signatures stream
        by; only the stories linked to are kept, not the signatures."""
        batch_photos = _earlier_same_photo(signatures)
        wanted: dict[int, list[int]] = {}
        for i, sig in enumerate(signatures):
            stored_photos = sum(c.photo for c in candidates.get(i, ()))
            counts = f"p:{sig.photo}" not in self.stop
            counts = counts and stored_photos + batch_photos.get(i, 0) <= STOP_KEY
            self.photo_counts[i] = counts
            for c in candidates.get(i, ()):
                if c.shared >= 2 or (counts and c.photo):
                    wanted.setdefault(c.row_id, []).append(i)
        m = story_members.c
        columns = (m.article_row_id, m.story_id, m.minute, m.photo, m.language)
        for chunk in _chunks(sorted(wanted)):
            stmt = sa.select(*columns, m.credit, m.figures, m.names)
            for row_id, story, minute, photo, language, credit, figs, words in self.conn.execute(
                stmt.where(m.article_row_id.in_(chunk))
            ):
                stored = Signature(
                    minute, photo, language, _split(credit), _split(figs), _split(words)
                )
                for i in wanted[row_id]:
                    if score(signatures[i], stored, photo_counts=self.photo_counts[i]) >= THRESHOLD:
                        self.stored_links.setdefault(i, set()).add(story)
                        self.stored_stories.add(story)

    def _load_heads(self) -> None:
        m = story_members.c
        for chunk in _chunks(sorted(self.stored_stories)):
            stmt = sa.select(m.story_id, m.published_at_utc, m.canonical_url)
            for story, published, url in self.conn.execute(stmt.where(m.story_id.in_(chunk))):
                head = (_head_key(published, url), url)
                if story not in self.heads or head < self.heads[story]:
                    self.heads[story] = head

    def resolve(self, story: str) -> str:
        while story in self.renamed:
            story = self.renamed[story]
        return story

    def add(self, index: int, row_id: int, row: Mapping[str, Any], sig: Signature) -> None:
        """Link the batch's article *index* (in link order) and keep it for the next."""
        published = parse_iso(row.get("published_at_utc"))
        url = str(row["canonical_url"])
        linked = {self.resolve(story) for story in self.stored_links.get(index, ())}
        linked |= self._linked_in_batch(sig, self.photo_counts.get(index, True))
        head: _Head = min(
            [self.heads[story] for story in linked] + [(_head_key(published, url), url)]
        )
        story = story_id_for(head[1])
        for old in linked - {story}:
            self.renamed[old] = story
            del self.heads[old]
        self.heads[story] = head
        self.members[row_id] = _Member(story, sig)
        self.assigned[row_id] = story
        keys = sig.lookup_keys if sig.minute is not None else frozenset()
        for key in keys:
            self.postings.setdefault(key, []).append((row_id, sig.minute))  # type: ignore[arg-type]
        self.new_rows.append(
            {
                "article_row_id": row_id,
                "canonical_url": url,
                "published_at_utc": published,
                "minute": sig.minute,
                "photo": sig.photo,
                "language": sig.language,
                "credit": " ".join(sorted(sig.credit)),
                "figures": " ".join(sorted(sig.figures)),
                "names": " ".join(sorted(sig.names)),
                "_keys": keys,
            }
        )

    def _linked_in_batch(self, sig: Signature, photo_counts: bool) -> set[str]:
        """Stories of the batch's earlier articles that *sig* links to."""
        if sig.minute is None:
            return set()
        shared: dict[int, int] = {}
        same_photo: set[int] = set()
        for key in sig.lookup_keys:
            for row_id, minute in self.postings.get(key, ()):
                if abs(minute - sig.minute) <= WINDOW:
                    shared[row_id] = shared.get(row_id, 0) + 1
                    if key[0] == "p":
                        same_photo.add(row_id)
        ids = {row_id for row_id, count in shared.items() if count >= 2}
        if photo_counts:
            ids |= same_photo
        found = set()
        for row_id in ids:
            member = self.members[row_id]
            if score(sig, member.signature, photo_counts=photo_counts) >= THRESHOLD:
                found.add(self.resolve(member.story))
        return found

    def finish(self, fingerprints: Iterable[str]) -> None:
        """Write members, keys and story ids; merged stories and aliases follow."""
        if self.new_rows:
            rows = [
                {
                    **{k: v for k, v in r.items() if k != "_keys"},
                    "story_id": self.resolve(self.assigned[r["article_row_id"]]),
                }
                for r in self.new_rows
            ]
            self.conn.execute(story_members.insert(), rows)
            keys = [
                {"key": key, "minute": r["minute"], "article_row_id": r["article_row_id"]}
                for r in self.new_rows
                for key in sorted(r["_keys"])
            ]
            if keys:
                self.conn.execute(story_keys.insert(), keys)
        merged = [
            {"_old": old, "_new": self.resolve(old)}
            for old in sorted(self.renamed)
            if old in self.stored_stories
        ]
        if merged:
            for table in (story_members, articles, article_aliases):
                self.conn.execute(
                    table.update()
                    .where(table.c.story_id == sa.bindparam("_old"))
                    .values(story_id=sa.bindparam("_new")),
                    merged,
                )
        if self.assigned:
            self.conn.execute(
                articles.update()
                .where(articles.c.id == sa.bindparam("_id"))
                .values(story_id=sa.bindparam("_story")),
                [{"_id": k, "_story": self.resolve(v)} for k, v in self.assigned.items()],
            )
        prints = sorted(set(fingerprints))
        for chunk in _chunks(prints):
            owner = (
                sa.select(articles.c.story_id)
                .where(articles.c.fingerprint == article_aliases.c.fingerprint)
                .where(articles.c.story_id.is_not(None))
                .order_by(articles.c.id)
                .limit(1)
                .scalar_subquery()
            )
            self.conn.execute(
                article_aliases.update()
                .where(article_aliases.c.fingerprint.in_(chunk))
                .where(article_aliases.c.story_id.is_(None))
                .values(story_id=owner)
            )


def plan(signatures: Sequence[Signature]) -> list[list[int]]:
    """The batch's stretches of at most WINDOW minutes, in time order, as indices of
    *signatures* (those with a publication time and a key to look up)."""
    timed = sorted(
        (i for i, sig in enumerate(signatures) if sig.minute is not None and sig.lookup_keys),
        key=lambda i: signatures[i].minute or 0,
    )
    groups: list[list[int]] = []
    for i in timed:
        if groups and (signatures[i].minute or 0) - _span(signatures, groups[-1])[0] <= WINDOW:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _span(signatures: Sequence[Signature], group: list[int]) -> tuple[int, int]:
    return signatures[group[0]].minute or 0, signatures[group[-1]].minute or 0


def _key_ranges(
    signatures: Sequence[Signature], groups: list[list[int]], stops: list[set[str]]
) -> list[tuple[int, str, int, int]]:
    """(article, key, first minute, last minute) to look up, in link order.

    An article is linked after the stretches that start no later than it are read; a
    key counts where one of them looked it up (not a stop key there), within the
    article's window, and not before the latest of them starts less WINDOW (what was
    dropped by then)."""
    windows = [
        (low - WINDOW, high + WINDOW) for low, high in (_span(signatures, g) for g in groups)
    ]
    looked = [
        {key for i in group for key in signatures[i].lookup_keys} - stop
        for group, stop in zip(groups, stops, strict=True)
    ]
    found: list[tuple[int, str, int, int]] = []
    read = 0
    for i, sig in enumerate(signatures):
        if sig.minute is None:
            continue
        while read < len(groups) and _span(signatures, groups[read])[0] <= sig.minute:
            read += 1
        if not read:
            continue
        dropped = _span(signatures, groups[read - 1])[0] - WINDOW
        low = max(sig.minute - WINDOW, dropped)
        high = sig.minute + WINDOW
        near = []  # stretches read whose window reaches this article's
        for g in range(read - 1, -1, -1):
            if windows[g][1] < low:
                break
            near.append(g)
        near.reverse()
        for key in sorted(sig.lookup_keys):
            spans = [windows[g] for g in near if key in looked[g]]
            for start, end in _merged(spans):
                if max(start, low) <= min(end, high):
                    found.append((i, key, max(start, low), min(end, high)))
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (sorted by start) as disjoint ones, so no posting counts twice."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _earlier_same_photo(signatures: Sequence[Signature]) -> dict[int, int]:
    """Per article, the batch's earlier articles with its photo file within the window."""
    seen: dict[str, list[int]] = {}
    found: dict[int, int] = {}
    for i, sig in enumerate(signatures):
        if sig.minute is None or not sig.photo:
            continue
        minutes = seen.setdefault(sig.photo, [])
        found[i] = sum(1 for minute in minutes if abs(minute - sig.minute) <= WINDOW)
        minutes.append(sig.minute)
    return found


#: A ``VALUES`` list of key ranges: (article or stretch, key, first minute, last minute).
_RANGE_COLUMNS = ("i", "key", "lo", "hi", "photo")
_RANGE_TYPES = (sa.Integer, sa.Text, sa.BigInteger, sa.BigInteger, sa.Integer)
#: Lengths of the ``VALUES`` lists compiled; a chunk is padded to the next with a row
#: that matches nothing (no key is empty, and its first minute is after its last).
_VALUES_SIZES = (16, 64, 256)
_NOTHING = (-1, "", 1, 0, 0)


def _query_ranges(
    conn: sa.Connection, kind: str, rows: list[tuple[Any, ...]]
) -> sa.CursorResult[Any]:
    """Run ``_range_query`` on *rows* (``_RANGE_COLUMNS``).

    Compiled once per length and run through the driver: SQLAlchemy takes ~100 ms to
    build or bind a statement of 5,000 parameters, the driver 2 ms."""
    size = next(size for size in _VALUES_SIZES if size >= len(rows))
    query = _range_query(kind, size, conn.dialect)
    padded = itertools.chain(rows, itertools.repeat(_NOTHING, size - len(rows)))
    flat = itertools.chain.from_iterable(padded)
    values = query.fixed | dict(zip(_range_names(size), flat, strict=True))
    if query.order is None:
        return conn.exec_driver_sql(query.sql, values)
    return conn.exec_driver_sql(query.sql, tuple(values[name] for name in query.order))


@dataclass(frozen=True)
class _RangeQuery:
    """A compiled ``_range_query``: its text, parameter order (positional drivers) and
    the parameters of its own (``STOP_KEY``...). Kept instead of SQLAlchemy's compiled
    form, which holds ~5 MiB for 5,000 parameters."""

    sql: str
    order: tuple[str, ...] | None
    fixed: dict[str, Any]


@functools.cache
def _range_names(size: int) -> list[str]:
    return [f"{name}{n}" for n in range(size) for name in _RANGE_COLUMNS]


@functools.cache
def _range_query(kind: str, size: int, dialect: sa.Dialect) -> _RangeQuery:
    """Postings within the key ranges of a ``VALUES`` list of *size* rows, counted.

    ``stop``: (stretch, key) held by more than ``STOP_KEY`` members; ``candidates``:
    (article, member, keys shared, photo file shared) sharing two keys or the photo
    file; ``shared``: the same for every member sharing a key."""
    names = _range_names(size)
    binds = [
        sa.bindparam(name, type_=kind_)
        for name, kind_ in zip(names, _RANGE_TYPES * size, strict=True)
    ]
    columns = (sa.column(n, t) for n, t in zip(_RANGE_COLUMNS, _RANGE_TYPES, strict=True))
    data = [
        tuple(binds[n : n + len(_RANGE_COLUMNS)]) for n in range(0, len(binds), len(_RANGE_COLUMNS))
    ]
    v = sa.values(*columns, name="v").data(data).cte("v")
    k = story_keys.c
    within = sa.and_(k.key == v.c.key, k.minute.between(v.c.lo, v.c.hi))
    if kind == "stop":  # a count per row, not a join grouped: no sorter over postings
        held = sa.select(sa.func.count()).select_from(story_keys).where(within)
        stmt = sa.select(v.c.i, v.c.key).where(held.scalar_subquery() > STOP_KEY)
    else:
        photo = sa.func.max(v.c.photo)
        stmt = (
            sa.select(v.c.i, k.article_row_id, sa.func.count(), photo)
            .join_from(v, story_keys, within)
            .group_by(v.c.i, k.article_row_id)
        )
        if kind == "candidates":
            stmt = stmt.having(sa.or_(sa.func.count() >= 2, photo == 1))
    compiled = stmt.compile(dialect=dialect)
    params = compiled.construct_params(dict.fromkeys(names))
    order = None if compiled.positiontup is None else tuple(compiled.positiontup)
    ranges = set(names)
    fixed = {name: value for name, value in params.items() if name not in ranges}
    return _RangeQuery(compiled.string, order, fixed)


def _article_chunks(
    ranges: list[tuple[int, str, int, int]], size: int
) -> Generator[tuple[list[tuple[int, str, int, int]], bool], None, None]:
    """*ranges* (in article order) in chunks of about *size*, each with whether it holds
    every range of its articles: an article with more than *size* is cut, and says so."""
    chunk: list[tuple[int, str, int, int]] = []
    for _, found in itertools.groupby(ranges, key=lambda r: r[0]):
        rows = list(found)
        if len(rows) > size:
            for start in range(0, len(rows), size):
                yield rows[start : start + size], False
            continue
        if len(chunk) + len(rows) > size:
            yield chunk, True
            chunk = []
        chunk.extend(rows)
    if chunk:
        yield chunk, True


def link(
    conn: sa.Connection,
    inserted: Iterable[tuple[int, Mapping[str, Any]]],
    alias_fingerprints: Iterable[str] = (),
) -> dict[int, str]:
    """Give each newly inserted article (row id, row) its story, in this transaction.

    Call after ``serialize`` and after the rows are inserted. Rows are linked in order of
    publication so a batch is treated as if its articles had arrived one by one.
    Returns row id -> story id.
    """
    linker = _Linker(conn)
    pairs = [(row_id, row, signature(row)) for row_id, row in inserted]
    pairs.sort(
        key=lambda p: _head_key(parse_iso(p[1].get("published_at_utc")), str(p[1]["canonical_url"]))
    )
    linker.read([sig for _, _, sig in pairs])
    for index, (row_id, row, sig) in enumerate(pairs):
        linker.add(index, row_id, row, sig)
    linker.finish(alias_fingerprints)
    return {row_id: linker.resolve(story) for row_id, story in linker.assigned.items()}


def backfill(engine: sa.Engine, chunk_size: int = 500) -> int:
    """Link stored articles that have no story yet (rows written before migration 6).

    Returns how many were linked. A no-op, one indexed query, on an up-to-date database.
    """
    done = 0
    columns = [articles.c.id, *(articles.c[n] for n in _SIGNATURE_COLUMNS)]
    unlinked = sa.or_(
        sa.exists().where(articles.c.story_id.is_(None)),
        sa.exists().where(article_aliases.c.story_id.is_(None)),
    )
    with engine.connect() as conn:  # no write lock for a reader when all is linked
        if not conn.execute(sa.select(unlinked)).scalar():
            return 0
    while True:
        with engine.connect() as conn:
            conn.execution_options(write_lock=True)
            with conn.begin():
                serialize(conn)
                rows = conn.execute(
                    sa.select(*columns)
                    .where(articles.c.story_id.is_(None))
                    .order_by(articles.c.published_at_utc, articles.c.id)
                    .limit(chunk_size)
                ).all()
                pairs = [(row.id, dict(row._mapping)) for row in rows]
                link(conn, pairs)
                if len(rows) < chunk_size:
                    missing = article_aliases.c.story_id.is_(None)
                    prints = conn.execute(
                        sa.select(article_aliases.c.fingerprint).where(missing)
                    ).scalars()
                    _Linker(conn).finish(p for p in prints if p)
        done += len(rows)
        if len(rows) < chunk_size:
            return done


_SIGNATURE_COLUMNS = (
    "canonical_url",
    "headline",
    "photo_caption",
    "lead",
    "body",
    "photo_url",
    "photo_credit",
    "published_at_utc",
)


def _split(text: str | None) -> frozenset[str]:
    return frozenset(text.split()) if text else frozenset()


def _chunks(values: Sequence[Any], size: int = 5000) -> Generator[Sequence[Any], None, None]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- export -------------------------------------------------------------------

#: Columns of ``scrapy export --stories``: one row per story.
STORY_COLUMNS: Columns = (
    ("story_id", "text"),
    ("articles", "int"),
    ("sites", "list"),
    ("languages", "list"),
    ("urls", "list"),
    ("first_published", "instant"),
    ("headline", "text"),
)


def iter_stories(
    engine: sa.Engine, filters: ArticleFilters | None = None, chunk_size: int = 1000
) -> Generator[list[dict[str, Any]], None, None]:
    """One record per story with a member matching *filters*, *chunk_size* at a time.

    A record lists every member (all sites and languages, not only the matching ones),
    earliest first, then the URLs of republished copies stored as aliases.
    """
    chosen = (
        sa.select(articles.c.story_id)
        .where(articles.c.story_id.is_not(None), *(filters or ArticleFilters()).clauses())
        .distinct()
    )
    a, al = articles.c, article_aliases.c
    members = sa.select(
        a.story_id,
        sa.literal(0).label("kind"),
        a.published_at_utc,
        a.canonical_url.label("url"),
        a.site,
        a.language,
        a.headline,
    ).where(a.story_id.in_(chosen))
    copies = sa.select(
        al.story_id,
        sa.literal(1).label("kind"),
        sa.null().label("published_at_utc"),
        al.url,
        al.site,
        sa.null().label("language"),
        sa.null().label("headline"),
    ).where(al.story_id.in_(chosen))
    union = sa.union_all(members, copies).subquery()
    stmt = sa.select(union).order_by(
        union.c.story_id, union.c.kind, union.c.published_at_utc.asc().nulls_last(), union.c.url
    )
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk_size).execute(stmt)
        out: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        for row in result:
            if current is None or current["story_id"] != row.story_id:
                if current is not None:
                    out.append(current)
                    if len(out) >= chunk_size:
                        yield out
                        out = []
                current = _story_record(row.story_id)
            _add_member(current, row)
        if current is not None:
            out.append(current)
        if out:
            yield out


def _story_record(story_id: str) -> dict[str, Any]:
    return {
        "story_id": story_id,
        "articles": 0,
        "sites": [],
        "languages": [],
        "urls": [],
        "first_published": None,
        "headline": None,
    }


def _add_member(record: dict[str, Any], row: Any) -> None:
    if row.kind == 0:
        record["articles"] += 1
        if record["headline"] is None:
            record["headline"] = row.headline
            record["first_published"] = _utc(row.published_at_utc)
    for name, value in (("sites", row.site), ("languages", row.language), ("urls", row.url)):
        if value is not None and value not in record[name]:
            record[name].append(value)


def _utc(value: Any) -> datetime | None:
    return parse_iso(value)
