"""Stories: copies of one news story across sites and languages share a ``story_id``.

An agency story reaches the network translated, under other ids, hours apart. No text
survives translation, so a copy is recognised by what does:

- the photo: its file name, and the photographer and agency of its credit;
- the figures of the text (``1.340``, ``1,340``, ``1 340`` and ``١٣٤٠`` are one figure);
- the names in Latin script (capitalised words not at the start of a sentence);
- the publication time, which bounds the search: copies appear within ``WINDOW``.

Each stored article gets a row in ``story_members`` (its signature) and one row per
signature key in ``story_keys`` (``p:`` photo file, ``n:`` figure, ``w:`` name), indexed
on (key, minute). A new article's candidates are the members published within the window
that share two keys with it, or its photo file; a batch reads them with two indexed queries
per stretch of 48 hours it covers (a count, to leave out keys too common to find anything
by, ``STOP_KEY``; then the postings), links in memory and writes back in bulk. Each
candidate is scored (``score``) and the article joins every story it links to; stories it
bridges are merged. Because every pair within the window is compared once, when the later
of the two arrives, the stories are the connected components of the link graph whatever
the order of arrival (short of stop keys), and a story's id is taken from its earliest
member (publication time, then canonical URL): the same articles give the same story ids
in any crawl order.

Links are made in the transaction that inserts the articles. On PostgreSQL writers take
one advisory lock first (``serialize``) so two crawls writing at once see each other's
members and cannot split a story; SQLite's BEGIN IMMEDIATE already serializes them.
"""

from __future__ import annotations

import hashlib
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
class _Linker:
    """Links one transaction's new articles in a constant number of statements.

    ``load`` reads, in one query, every stored key the batch shares within the window,
    then the signatures of those members and the heads of their stories; ``add`` links
    each article in memory (the batch's own articles included); ``finish`` writes the
    members, their keys, merged stories and story ids in bulk.
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
    _group_stops: list[set[str]] = field(default_factory=list)
    _groups_loaded: int = 0

    def plan(self, signatures: Sequence[Signature]) -> list[list[Signature]]:
        """The batch's stretches of at most WINDOW minutes, in time order, and the keys
        too common to find candidates by around each (``stop``, known for the whole
        batch before any article is linked)."""
        timed = sorted(
            (sig for sig in signatures if sig.minute is not None and sig.lookup_keys),
            key=lambda sig: sig.minute or 0,
        )
        groups: list[list[Signature]] = []
        for sig in timed:  # one lookup per stretch of at most WINDOW minutes
            if groups and (sig.minute or 0) - (groups[-1][0].minute or 0) <= WINDOW:
                groups[-1].append(sig)
            else:
                groups.append([sig])
        self._group_stops = [self._count_keys(group) for group in groups]
        return groups

    def _window(self, group: list[Signature]) -> Any:
        low, high = group[0].minute or 0, group[-1].minute or 0
        return story_keys.c.minute.between(low - WINDOW, high + WINDOW)

    def _count_keys(self, group: list[Signature]) -> set[str]:
        keys = sorted({key for sig in group for key in sig.lookup_keys})
        k = story_keys.c
        stop: set[str] = set()
        for chunk in _chunks(keys):
            counts = sa.select(k.key, sa.func.count()).where(k.key.in_(chunk), self._window(group))
            for key, count in self.conn.execute(counts.group_by(k.key)):
                if count > STOP_KEY:
                    stop.add(key)
        self.stop |= stop
        return stop

    def load_group(self, group: list[Signature]) -> None:
        """Postings and members around one stretch (the ``plan``'s next one).

        What lies more than WINDOW minutes before the stretch is dropped first: no
        article of this stretch or a later one can link to it (the batch is linked in
        time order). So a batch holds the members of about two windows, not of every
        window it touches, however many stretches it spans and however full the archive
        is around them."""
        stop = self._group_stops[self._groups_loaded]
        self._groups_loaded += 1
        self._forget_before((group[0].minute or 0) - WINDOW)
        keys = sorted({key for sig in group for key in sig.lookup_keys})
        k = story_keys.c
        useful = [key for key in keys if key not in stop]
        seen = {(key, row_id) for key in useful for row_id, _ in self.postings.get(key, ())}
        for chunk in _chunks(useful):
            stmt = sa.select(k.key, k.article_row_id, k.minute)
            for key, row_id, minute in self.conn.execute(
                stmt.where(k.key.in_(chunk), self._window(group))
            ):
                if (key, row_id) not in seen:
                    self.postings.setdefault(key, []).append((row_id, minute))
        self._load_members()

    def _forget_before(self, minute: int) -> None:
        for key, found in list(self.postings.items()):
            kept = [posting for posting in found if posting[1] >= minute]
            if not kept:
                del self.postings[key]
            elif len(kept) < len(found):
                self.postings[key] = kept
        for row_id, member in list(self.members.items()):
            if member.signature.minute is not None and member.signature.minute < minute:
                del self.members[row_id]

    def _load_members(self) -> None:
        needed = sorted(
            {
                row_id
                for found in self.postings.values()
                for row_id, _ in found
                if row_id not in self.members
            }
        )
        m = story_members.c
        columns = (m.article_row_id, m.story_id, m.minute, m.photo, m.language)
        stories: set[str] = set()
        for chunk in _chunks(needed):
            stmt = sa.select(*columns, m.credit, m.figures, m.names)
            for row_id, story, minute, photo, language, credit, figs, words in self.conn.execute(
                stmt.where(m.article_row_id.in_(chunk))
            ):
                sig = Signature(
                    minute, photo, language, _split(credit), _split(figs), _split(words)
                )
                self.members[row_id] = _Member(story, sig)
                stories.add(story)
        # A story met in an earlier stretch has its head already, perhaps renamed since.
        stories -= self.stored_stories
        self.stored_stories |= stories
        for chunk in _chunks(sorted(stories)):
            stmt = sa.select(m.story_id, m.published_at_utc, m.canonical_url)
            for story, published, url in self.conn.execute(stmt.where(m.story_id.in_(chunk))):
                head = (_head_key(published, url), url)
                if story not in self.heads or head < self.heads[story]:
                    self.heads[story] = head

    def resolve(self, story: str) -> str:
        while story in self.renamed:
            story = self.renamed[story]
        return story

    def add(self, row_id: int, row: Mapping[str, Any], sig: Signature) -> None:
        published = parse_iso(row.get("published_at_utc"))
        url = str(row["canonical_url"])
        linked = self._linked_stories(sig)
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

    def _linked_stories(self, sig: Signature) -> set[str]:
        if sig.minute is None:
            return set()
        shared: dict[int, int] = {}
        same_photo: set[int] = set()
        photo_counts = f"p:{sig.photo}" not in self.stop
        for key in sig.lookup_keys:
            for row_id, minute in self.postings.get(key, ()):
                if abs(minute - sig.minute) <= WINDOW:
                    shared[row_id] = shared.get(row_id, 0) + 1
                    if key[0] == "p":
                        same_photo.add(row_id)
        photo_counts = photo_counts and len(same_photo) <= STOP_KEY
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
    # Each stretch is read just before its first article is linked (both in time
    # order), so what lies a window behind the stretch can be dropped by then.
    groups = linker.plan([sig for _, _, sig in pairs])
    groups.reverse()
    for row_id, row, sig in pairs:
        while groups and sig.minute is not None and (groups[-1][0].minute or 0) <= sig.minute:
            linker.load_group(groups.pop())
        linker.add(row_id, row, sig)
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
