"""Authors: the people who wrote the article, or the organisation when no person is named.

Sources, in the page object's order: the agency signature (``A.Seabra--PC``, read in
``text``), JSON-LD ``author``, meta tags (``author``, ``article:author``,
``parsely-author``…), ``rel=author`` links and microdata ``itemprop=author``, then a
byline line printed in the page's language ("By …", "Von …", "Por …", "Av …"). The
first source that names a person wins; organisations (JSON-LD ``Organization``, or a
name that is the publisher's) count only when no source names anyone.

Names are split where a byline joins them (``,``, ``&``, ``/``, "and", "und", "og"…)
and lose the role printed beside them ("Redakteur", "Correspondent"). Every word comes
from ``extraction.languages``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsscraper.extraction.dom import ld_text, ld_types
from newsscraper.extraction.languages import LANGUAGES, words
from newsscraper.extraction.text import NAME_JOINERS, clean_text

#: Meta tags that name the author, most specific first.
AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
)
_ORGANISATION_TYPES = {"organization", "newsmediaorganization", "corporation", "newsagency"}
_NAME_MAX_WORDS = 6
_NAME_MAX_CHARS = 60
_BYLINE_MAX_CHARS = 160
#: Where a byline line stops naming people: a date, a place, a separator.
_BYLINE_ENDS = (" | ", " - ", " \u2013 ", " \u2014 ", "\u2022", "\u00b7", " @ ", "(")
_PIECE_SEPARATORS = (",", ";", "&", "/", "+")


@dataclass(frozen=True)
class People:
    """What one source names: people, and organisations (used only if no one names a
    person)."""

    rule: str
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    #: The line as printed, for a byline read from the page's text.
    printed: str | None = None


def _folded_words(attribute: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in words(attribute))


_ROLES = _folded_words("author_roles")
_PREFIXES_BY_LANGUAGE = {
    code: tuple(sorted(language.byline_prefixes, key=len, reverse=True))
    for code, language in LANGUAGES.items()
}
_ALL_PREFIXES = tuple(sorted(set(words("byline_prefixes")), key=len, reverse=True))


#: Lower-case words inside a person's name, in many languages ("Ursula von der Leyen").
NAME_PARTICLES = frozenset(
    [
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "den",
        "af",
        "zu",
        "bin",
        "al",
        "y",
    ],
)


def looks_like_name(text: str, strict: bool = True) -> bool:
    """A person's or an organisation's name, not a sentence, a date or a link.

    ``strict`` (for names read from running text) also wants every word capitalised
    but the particles of names; structured data may say ``dpa``.

    >>> looks_like_name("Jane Doe"), looks_like_name("Α. Παπαδόπουλος"), looks_like_name("AFP")
    (True, True, True)
    >>> looks_like_name("Ursula von der Leyen"), looks_like_name("dpa")
    (True, False)
    >>> looks_like_name("dpa", strict=False)
    True
    >>> looks_like_name("30. November 2024"), looks_like_name("https://x.pt/autor/jane")
    (False, False)
    >>> looks_like_name("Lisboa passaram muitos turistas")
    False
    """
    text = text.strip()
    if not text or len(text) > _NAME_MAX_CHARS or "@" in text or "://" in text:
        return False
    parts = text.split()
    if len(parts) > _NAME_MAX_WORDS or any(c.isdigit() for c in text) or not text[0].isalpha():
        return False
    if not strict:
        return True
    return all(not part[0].islower() or part in NAME_PARTICLES for part in parts)


def _without_roles(piece: str) -> str | None:
    """A name without the role printed around it; None if the piece is a role.

    The name follows its role ("Redakteurin Anna Müller"); a role after a name, or
    where it is held, is no name ("Senior Correspondent", "correspondente em Bruxelas").

    >>> _without_roles("Redakteurin Anna Müller"), _without_roles("Senior Correspondent")
    ('Anna Müller', None)
    >>> _without_roles("Jane Doe (Correspondent)"), _without_roles("correspondente em Bruxelas")
    ('Jane Doe', None)
    """
    text = _without_suffix(piece.split("(")[0].strip())
    parts = text.split()
    roles = [i for i, word in enumerate(parts) if word.casefold().strip(".,:") in _ROLES]
    if not roles:
        return text or None
    kept = parts[roles[-1] + 1 :]
    if not kept or any(word[:1].islower() and word not in NAME_PARTICLES for word in kept):
        return None
    return " ".join(kept)


#: Words printed after an author's name ("기자", "記者"), longest first
_SUFFIXES = tuple(sorted(set(words("byline_suffixes")), key=len, reverse=True))


def _without_suffix(name: str) -> str:
    """A name without the word for "reporter" printed after it, with or without a
    space (Korean and Japanese bylines and author tags: "신현주 기자", "松岡大地記者").

    >>> _without_suffix("신현주 기자"), _without_suffix("松岡大地記者"), _without_suffix("기자")
    ('신현주', '松岡大地', '')
    """
    if name in _SUFFIXES:  # the word alone is a role, no name
        return ""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)].rstrip()
    return name


def split_names(text: str | None, strict: bool = True) -> list[str]:
    """The names a byline or author field joins, each without its role; [] when a
    piece is no name (the text was not a list of names).

    >>> split_names("Jane Doe and John Roe")
    ['Jane Doe', 'John Roe']
    >>> split_names("Anna Müller und Jan Weber & Ana Pérez")
    ['Anna Müller', 'Jan Weber', 'Ana Pérez']
    >>> split_names("Anna Müller, Redakteurin; Jan Weber")
    ['Anna Müller', 'Jan Weber']
    >>> split_names("Maria Silva e João Costa, correspondente em Bruxelas")
    ['Maria Silva', 'João Costa']
    >>> split_names("causa da chuva, o jogo foi adiado")
    []
    """
    value = clean_text(text)
    if not value:
        return []
    for separator in _PIECE_SEPARATORS:
        value = value.replace(separator, " , ")
    pieces: list[list[str]] = [[]]
    after_comma = [False]
    for word in value.split():
        if word == "," or word.casefold() in NAME_JOINERS:
            pieces.append([])
            after_comma.append(word == ",")
        else:
            pieces[-1].append(word)
    names: list[str] = []
    for index, piece in enumerate(pieces):
        name = _without_roles(" ".join(piece)) if piece else None
        if name is None:
            continue  # a role ("Redakteurin")
        if strict and _is_place(name):
            break  # where the author works ("in Berlin"); what follows is no name
        if strict and _is_town(name, names, after_comma[index], index == len(pieces) - 1):
            break
        if not looks_like_name(name, strict):
            return []
        names.append(name)
    return names


def _is_town(name: str, before: list[str], after_comma: bool, last: bool) -> bool:
    """ "Von Anna Sleegers, Frankfurt": one word after a comma, ending a byline that
    named a person in full, is where the person writes from.

    >>> split_names("Anna Sleegers, Frankfurt"), split_names("Anna Sleegers, Jan Weber")
    (['Anna Sleegers'], ['Anna Sleegers', 'Jan Weber'])
    """
    return last and after_comma and " " not in name and bool(before) and " " in before[-1]


def _is_place(text: str) -> bool:
    """Where a byline's author works: a few lower-case words, then a capitalised name.

    >>> _is_place("in Berlin"), _is_place("em Bruxelas"), _is_place("the rain came back")
    (True, True, False)
    """
    words = text.split()
    first_capital = next((i for i, w in enumerate(words) if not w[:1].islower()), None)
    return 0 < (first_capital or 0) <= 2 and len(words) <= 4


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _ld_name(entry: Any) -> str | None:
    """A JSON-LD person's name: ``name``, else ``givenName`` and ``familyName``."""
    if not isinstance(entry, dict):
        return ld_text(entry)
    if entry.get("name"):
        return ld_text(entry["name"])
    parts = (ld_text(entry.get("givenName")), ld_text(entry.get("familyName")))
    return " ".join(part for part in parts if part) or None


def from_json_ld(author: Any, publishers: Sequence[str]) -> People:
    """JSON-LD ``author``: people, and the organisations (typed so, or the publisher).

    >>> ld = [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "AFP"}]
    >>> from_json_ld(ld, ["Herald"])
    People(rule='jsonld', people=['Jane Doe'], organisations=['AFP'], printed=None)
    >>> from_json_ld({"@type": "Organization", "name": "Reuters"}, []).organisations
    ['Reuters']
    >>> from_json_ld("Herald", ["Herald"]).people, from_json_ld("Herald", ["Herald"]).organisations
    ([], ['Herald'])
    >>> person = {"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"}
    >>> from_json_ld(person, []).people
    ['Anna Giulia Fink']
    """
    publisher_keys = {name.casefold() for name in publishers}
    people: list[str] = []
    organisations: list[str] = []
    for entry in author if isinstance(author, list) else [author]:
        raw = _ld_name(entry)
        names = split_names(raw, strict=False) if raw and "://" not in raw else []
        kinds = ld_types(entry) if isinstance(entry, dict) else set()
        for name in names:
            if kinds & _ORGANISATION_TYPES or name.casefold() in publisher_keys:
                organisations.append(name)
            else:
                people.append(name)
    return People("jsonld", _unique(people), _unique(organisations))


#: Meta tags whose values read "Surname, Given name" (Dublin Core, Highwire).
_SURNAME_FIRST = frozenset({"dc.creator", "dcterms.creator", "citation_author"})


def _is_domain(word: str) -> bool:
    """``mdr.de``, ``www.dw.com``: a site's address, not a person.

    >>> _is_domain("mdr.de"), _is_domain("(www.dw.com)"), _is_domain("Dr."), _is_domain("J.Smith")
    (True, True, False, False)
    """
    word = word.strip("()[],;")
    head, dot, tld = word.rpartition(".")
    return bool(head and dot) and tld.isalpha() and tld.islower() and 2 <= len(tld) <= 6


def _meta_names(key: str, value: str, publishers: set[str]) -> People:
    line = byline_line(value)
    text = line[1] if line else value
    pieces = [piece.strip() for piece in text.split(",")]
    if key in _SURNAME_FIRST and len(pieces) == 2 and all(" " not in p for p in pieces):
        text = f"{pieces[1]} {pieces[0]}"  # "You, Xiaoying" is Xiaoying You
    names = split_names(text, strict=False)
    if any(name.casefold() in publishers or _is_domain(name) for name in names) or any(
        _is_domain(word) for word in text.split()
    ):
        # "hessenschau.de, Frankfurt, Germany", "Deutsche Welle (www.dw.com)": the site
        return People(f"meta:{key}", [], names[:1])
    return People(f"meta:{key}", names)


def from_meta(values: Mapping[str, Sequence[str]], publishers: Sequence[str]) -> People:
    """The first author meta tag (all its values) that names anyone; the ``byl`` tag
    reads "By …". A value that names the site is an organisation.

    >>> from_meta({"author": ["Jane Doe, John Roe"]}, []).people
    ['Jane Doe', 'John Roe']
    >>> from_meta({"article:author": ["https://x.com/jane"], "byl": ["By Jane Doe"]}, []).people
    ['Jane Doe']
    >>> from_meta({"dc.creator": ["You, Xiaoying", "Lenharo, Mariana"]}, []).people
    ['Xiaoying You', 'Mariana Lenharo']
    >>> from_meta({"author": ["hessenschau.de, Frankfurt, Germany"]}, []).organisations
    ['hessenschau.de']
    """
    publisher_keys = {name.casefold() for name in publishers}
    for key in AUTHOR_META:
        people: list[str] = []
        organisations: list[str] = []
        for raw in values.get(key, ()):
            value = clean_text(raw)
            if value and "://" not in value:
                found = _meta_names(key, value, publisher_keys)
                people += found.people
                organisations += found.organisations
        if people or organisations:
            return People(f"meta:{key}", _unique(people), _unique(organisations))
    return People("meta")


def from_links(texts: Iterable[str], rule: str, publishers: Sequence[str]) -> People:
    """Names printed in ``rel=author`` links or ``itemprop=author`` elements."""
    names: list[str] = []
    for text in texts:
        line = byline_line(text)
        names += split_names(line[1] if line else text)
    return _sorted(rule, names, publishers)


def _sorted(rule: str, names: list[str], publishers: Sequence[str]) -> People:
    publisher_keys = {name.casefold() for name in publishers}
    people = [name for name in names if name.casefold() not in publisher_keys]
    organisations = [name for name in names if name.casefold() in publisher_keys]
    return People(rule, _unique(people), _unique(organisations))


def byline_line(text: str | None, language: str | None = None) -> tuple[str, str] | None:
    """(line as printed, the names part) for a line that opens with a byline word.

    >>> byline_line("Von Anna Müller und Jan Weber | 30.11.2024")
    ('Von Anna Müller und Jan Weber | 30.11.2024', 'Anna Müller und Jan Weber')
    >>> byline_line("By: Jane Doe", "en")
    ('By: Jane Doe', 'Jane Doe')
    >>> byline_line("Porto recebe cimeira") is None, byline_line("Von") is None
    (True, True)
    """
    line = clean_text(text)
    if not line or len(line) > _BYLINE_MAX_CHARS:
        return None
    prefixes = _PREFIXES_BY_LANGUAGE.get(language or "", ()) + _ALL_PREFIXES
    folded = line.casefold()
    for prefix in prefixes:
        size = len(prefix)
        if folded[:size] != prefix.casefold() or folded[size : size + 1] not in (" ", ":"):
            continue
        rest = line[size:].lstrip(" :")
        for end in _BYLINE_ENDS:
            rest = rest.split(end)[0]
        rest = rest.strip(" ,;")
        return (line, rest) if rest else None
    return None


def from_byline_lines(lines: Iterable[str], language: str | None) -> People:
    """The first printed byline line that names people ("Von Anna Müller").

    >>> from_byline_lines(["Kim sagt zu", "Von Anna Müller und Jan Weber"], "de")
    People(rule='text:byline', people=['Anna Müller', 'Jan Weber'], organisations=[], \
printed='Von Anna Müller und Jan Weber')
    """
    for text in lines:
        found = byline_line(text, language)
        names = split_names(found[1]) if found else []
        if found and names:
            return People("text:byline", names, printed=found[0])
    return People("text:byline")


def pick_authors(sources: Iterable[People]) -> tuple[list[str], str | None, str | None]:
    """(names, rule, byline as printed): the first source naming a person, else the
    first naming an organisation. Sources are read lazily.

    >>> pick_authors([People("jsonld", [], ["AFP"]), People("meta:author", ["Jane Doe"])])
    (['Jane Doe'], 'meta:author', None)
    >>> pick_authors([People("jsonld", [], ["AFP"]), People("meta:author")])
    (['AFP'], 'jsonld', None)
    """
    fallback: tuple[list[str], str | None, str | None] = ([], None, None)
    for source in sources:
        if source.people:
            return source.people, source.rule, source.printed
        if source.organisations and fallback[1] is None:
            fallback = (source.organisations, source.rule, source.printed)
    return fallback
