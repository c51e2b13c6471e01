"""The headline: the first candidate that yields one, without any site name around it.

Candidates come in the page object's order (JSON-LD, microdata, Open Graph, Twitter,
the site's selectors, the page's ``<h1>``, ``<title>``). From each, the site's name is
removed wherever the page tells it: the profile's title, ``og:site_name``, JSON-LD's
publisher, ``application-name``, the text of the link to the home page; a segment
that names the host (``Wochenblatt`` on wochenblatt.de); and a segment the printed
headline (``<h1>``) does not carry. A headline cut short (``…``) loses to a whole one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsscraper.extraction.text import (
    TITLE_SEPARATORS,
    clean_text,
    normalise_for_fingerprint,
    strip_site_name,
)

Candidate = tuple[str, str | None]

#: Longer than any headline: such a candidate is skipped.
HEADLINE_MAX_CHARS = 600

#: Separators between a headline and a site name when they are spaced (`` - ``): a
#: hyphen or colon without spaces belongs to the headline (``EU-Gipfel``, ``Kim: Ja``).
_SPACED = tuple(f" {sep} " for sep in TITLE_SEPARATORS if sep != ":")


def truncated(text: str | None) -> bool:
    """Cut short by the CMS (JSON-LD's 110 characters, a teaser's ``...``)."""
    return bool(text) and str(text).rstrip().endswith(("...", "\u2026"))


def _segments(text: str) -> list[str]:
    """The text split at spaced separators, each part stripped.

    >>> _segments("Kim sagt zu – Wochenblatt | Politik")
    ['Kim sagt zu', 'Wochenblatt', 'Politik']
    """
    parts = [text]
    for separator in _SPACED:
        parts = [piece.strip() for part in parts for piece in part.split(separator)]
    return [part for part in parts if part]


def _key(text: str) -> str:
    return normalise_for_fingerprint(text)


def names_host(segment: str, host: str) -> bool:
    """A title segment that is the site's domain name written out.

    >>> names_host("Wochenblatt", "www.wochenblatt.de"), names_host("DER SPIEGEL", "spiegel.de")
    (True, True)
    >>> names_host("Politik", "www.wochenblatt.de"), names_host("Kim sagt zu", "kim.de")
    (False, False)
    """
    words = _key(segment).split()
    if not words or len(words) > 4:
        return False
    labels = [label for label in host.lower().split(".") if label not in ("www", "m", "amp")]
    name = max(labels[:-1] or labels, key=len, default="").replace("-", "")
    joined = "".join(words)
    return len(name) >= 4 and (joined == name or (name in joined and len(joined) <= len(name) + 4))


def without_site_name(
    value: str | None, site_names: Sequence[str], host: str = "", printed: Sequence[str] = ()
) -> str | None:
    """A headline candidate without the site's name before or after it.

    >>> without_site_name("Kim sagt zu – Wochenblatt", [], "www.wochenblatt.de")
    'Kim sagt zu'
    >>> without_site_name("Portugal Colonial - Kim", ["Portugal Colonial"])
    'Kim'
    >>> without_site_name("Storm closes the harbour | Herald", [], "", ["Storm closes the harbour"])
    'Storm closes the harbour'
    >>> without_site_name("Staatsmedien: Kim sagt zu", ["Portugal Colonial"], "x.pt")
    'Staatsmedien: Kim sagt zu'
    >>> without_site_name("Politik | Kim sagt zu", [], "", ["Politik"])
    'Politik | Kim sagt zu'
    """
    text = clean_text(value)
    for name in site_names:
        if text:
            text = strip_site_name(text, name)
    if not text:
        return None
    parts = _segments(text)
    printed_keys = {_key(headline) for headline in printed if headline}
    if len(parts) < 2 or _key(text) in printed_keys:
        return text
    for size in range(len(parts) - 1, 0, -1):
        # the printed headline is a run of segments at the start or the end, and it is
        # longer than what it leaves out ("Politik | Kim sagt zu" is not headed "Politik")
        for run, rest in ((parts[:size], parts[size:]), (parts[-size:], parts[:-size])):
            kept = " ".join(run)
            if _key(kept) in printed_keys and len(kept) > len(" ".join(rest)):
                return _rejoin(text, run)
    if names_host(parts[-1], host):
        return _rejoin(text, parts[:-1])
    if names_host(parts[0], host):
        return _rejoin(text, parts[1:])
    return text


def _rejoin(text: str, run: list[str]) -> str:
    """The run of segments as the text printed it (its own separators kept)."""
    start = text.index(run[0])
    end = text.index(run[-1], start) + len(run[-1])
    return text[start:end]


def pick_headline(
    candidates: Iterable[Candidate],
    site_names: Sequence[str],
    host: str = "",
    printed: Sequence[str] = (),
) -> tuple[str | None, str | None]:
    """(headline, rule): the first candidate that is whole, else the first at all.

    Candidates are read lazily: those after a winner are never computed.

    >>> pick_headline([("jsonld", "Kim sagt..."), ("og:title", "PC - Kim sagt zu")], ["PC"])
    ('Kim sagt zu', 'og:title')
    >>> pick_headline([("jsonld", "Kim sagt...")], [])
    ('Kim sagt...', 'jsonld')
    >>> pick_headline([("title", "  ")], [])
    (None, None)
    """
    cut: list[tuple[str, str]] = []
    for rule, raw in candidates:
        if raw and len(raw) > HEADLINE_MAX_CHARS:
            continue  # a text, not a headline (and never read segment by segment)
        text = without_site_name(raw, site_names, host, printed)
        if not text:
            continue
        if not truncated(text):
            return text, rule
        cut.append((text, rule))
    return cut[0] if cut else (None, None)


def site_names(*names: str | None) -> list[str]:
    """The site's names the page gives, longest first, each once.

    >>> site_names("Portugal Colonial", None, "portugal colonial", "PC")
    ['Portugal Colonial', 'PC']
    """
    seen: dict[str, str] = {}
    for name in names:
        text = clean_text(name)
        if text and len(text) <= 80:
            seen.setdefault(text.casefold(), text)
    return sorted(seen.values(), key=len, reverse=True)
