"""ArticlePage: (url, html) -> ArticleItem by layered rules. No I/O, no clock.

Each field is filled by the first rule that yields a value: structured data (JSON-LD,
microdata, Open Graph and meta tags), then the site's selectors, then text patterns
(the ``Foto:`` credit, the ``--XX`` signature, the furniture). ``rules`` records which
rule won for each field so a crawl can count them in stats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from newsscraper.extraction.body import ArticleBody, BodyHints
from newsscraper.extraction.dates import (
    Evidence,
    TextDate,
    iso,
    pick_published,
    read_machine_date,
    read_text_dates,
)
from newsscraper.extraction.dom import css, ld_article, ld_text, meta_tags, pruned
from newsscraper.extraction.languages import language_for
from newsscraper.extraction.photos import PhotoFinder
from newsscraper.extraction.text import (
    clean_text,
    count_words,
    fingerprint,
    parse_signature,
    strip_tracking,
)
from newsscraper.items import ArticleItem
from newsscraper.loaders import ArticleLoader
from newsscraper.sites import ArticlePath, SiteProfile

Candidates = Iterable[tuple[str, Any]]

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)


def _truncated(text: str | None) -> bool:
    return bool(text) and str(text).rstrip().endswith(("...", "\u2026"))


class ArticlePage:
    """One fetched page of a site, read as an article."""

    def __init__(self, url: str, html: str, site: SiteProfile) -> None:
        self.url = url
        self.site = site
        self.selector = Selector(text=html or "<html></html>", type="html")
        self.rules: dict[str, str] = {}
        self.loader = ArticleLoader(site_title=site.title)

    # -- structured data -------------------------------------------------------------

    @cached_property
    def ld(self) -> dict[str, Any]:
        return ld_article(self.selector)

    @cached_property
    def meta(self) -> dict[str, str]:
        return meta_tags(self.selector)

    @cached_property
    def clean(self) -> Selector:
        """The tree without furniture that has stable markup (scripts, nav, share…)."""
        return pruned(self.selector, self.site.selectors.furniture)

    def _itemprop(self, name: str) -> Iterator[str]:
        for node in css(self.selector.root, f"[itemprop={name}]"):
            value = node.get("content") or node.get("datetime")
            yield value if value else " ".join(css(node, "::text"))

    def _css_texts(self, queries: tuple[str, ...], tree: Selector | None = None) -> Candidates:
        for query in queries:
            for node in css((tree or self.clean).root, query):
                yield f"css:{query}", " ".join(css(node, "::text"))

    # -- rule machinery --------------------------------------------------------------

    def first(self, field: str, candidates: Candidates, many: bool = False) -> Any:
        """Clean each candidate with the field's processors; the first that yields wins.

        With ``many`` the winning candidate's whole list of values is returned.
        """
        for rule, raw in candidates:
            if raw in (None, "", []):
                continue
            values = self.loader.clean(field, raw)
            if values:
                self.rules[field] = rule
                return values if many else values[0]
        return [] if many else None

    # -- fields ------------------------------------------------------------------------

    @cached_property
    def path_match(self) -> ArticlePath | None:
        for url in (self.url, self.canonical_url):
            found = self.site.article(urlsplit(url).path)
            if found:
                return found
        return None

    @cached_property
    def canonical_url(self) -> str:
        candidates = (
            self.selector.css("link[rel~=canonical]::attr(href)").get(),
            self.meta.get("og:url"),
        )
        for candidate in candidates:
            candidate = clean_text(candidate)
            if candidate and urlsplit(urljoin(self.url, candidate)).scheme in ("http", "https"):
                return strip_tracking(urljoin(self.url, candidate))
        return strip_tracking(self.url)

    @cached_property
    def headline(self) -> str | None:
        # A headline cut short with "..." (JSON-LD's 110 characters) loses to a whole one.
        # Candidates are read lazily: the selectors after a winning og:title never run.
        seen: list[tuple[str, Any]] = []
        whole = self._not_truncated(self._headline_candidates(), seen)
        return self.first("headline", whole) or self.first("headline", seen)

    @staticmethod
    def _not_truncated(candidates: Candidates, seen: list[tuple[str, Any]]) -> Candidates:
        """The candidates not cut short; every candidate read is also kept in ``seen``."""
        for rule, raw in candidates:
            seen.append((rule, raw))
            if not _truncated(raw):
                yield rule, raw

    def _headline_candidates(self) -> Candidates:
        yield "jsonld", ld_text(self.ld.get("headline")) or ld_text(self.ld.get("name"))
        for value in self._itemprop("headline"):
            yield "microdata", value
        yield "og:title", self.meta.get("og:title")
        yield "twitter:title", self.meta.get("twitter:title")
        yield from self._css_texts(self.site.selectors.headline)
        yield "title", self.selector.css("title::text").get()

    @cached_property
    def language(self) -> str:
        candidates = (
            ("path", self.path_match.language if self.path_match else None),
            ("html:lang", self.selector.xpath("/html/@lang").get()),
            ("jsonld", ld_text(self.ld.get("inLanguage"))),
            ("og:locale", self.meta.get("og:locale")),
            ("meta:content-language", self.meta.get("content-language")),
            ("site", self.site.default_language),
        )
        return self.first("language", candidates)

    @cached_property
    def photos(self) -> PhotoFinder:
        return PhotoFinder(self)

    @cached_property
    def body(self) -> ArticleBody:
        hints = BodyHints(
            headline=self.headline,
            title=self.selector.css("title::text").get(),
            language=self.language,
            description=ld_text(self.ld.get("description"))
            or self.meta.get("og:description")
            or self.meta.get("description"),
            ld_body=ld_text(self.ld.get("articleBody")),
            body_selectors=self.site.selectors.body,
            lead_selectors=self.site.selectors.lead,
            code=self.site.code,
        )
        return ArticleBody(self.clean.root, hints, self.selector.root)

    @cached_property
    def signature(self) -> tuple[str, list[str]] | None:
        _ = self.body.paragraphs  # reading the text finds the signature that ends it
        found = self.body.signature
        if found:
            self.rules["byline"] = found[0]
            return parse_signature(found[1])
        for rule, raw in self._css_texts(self.site.selectors.signature, self.selector):
            parsed = parse_signature(raw)
            if parsed:
                self.rules["byline"] = rule
                return parsed
        return None

    def _ld_people(self) -> list[str]:
        publisher = (ld_text(self.ld.get("publisher")) or self.site.title).casefold()
        people = self.ld.get("author") or []
        names = []
        for person in people if isinstance(people, list) else [people]:
            if isinstance(person, dict) and "organization" in str(person.get("@type", "")).lower():
                continue
            name = clean_text(ld_text(person))
            if name and name.casefold() not in (publisher, self.site.title.casefold()):
                names.append(name)
        return names

    @cached_property
    def date_context(self) -> tuple[str | None, Evidence]:
        """The tag dates are read in (``en-US`` keeps its region for 03/04/2024) and what
        the page's other dates say: the offsets of its stamps, the order of day and month
        its printed dates show."""
        tag = self.selector.xpath("/html/@lang").get() or self.meta.get("og:locale")
        found = language_for(tag)
        if found is None or found.code != self.language:
            tag = self.language
        raws = [ld_text(self.ld.get(key)) for key in ("datePublished", "dateModified")]
        raws += [self.meta.get(name) for name in (*_PUBLISHED_META, *_MODIFIED_META)]
        raws += self.selector.xpath("//time/@datetime").getall()
        raws += [b.text for b in self.body.dateline_blocks() if len(b.text) < 160]
        return tag, Evidence.of(raws, tag)

    def _date(self, field: str, metas: tuple[str, ...], ld_key: str) -> tuple[str, datetime] | None:
        tz = self.site.timezone
        evidence = self.date_context[1]
        candidates: list[tuple[str, str | None]] = [
            (f"jsonld:{ld_key}", ld_text(self.ld.get(ld_key)))
        ]
        candidates += [(f"meta:{name}", self.meta.get(name)) for name in metas]
        prop = "datePublished" if field == "published_at" else "dateModified"
        candidates += [("microdata", value) for value in self._itemprop(prop)]
        for rule, raw in candidates:
            value = read_machine_date(raw, tz, evidence)[0]
            if value and raw:
                self.rules[field] = rule
                return raw.strip(), value
        if field == "published_at":
            return self._visible_date()
        return self._visible_modified()

    @cached_property
    def visible_dates(self) -> list[TextDate]:
        """Dates printed around the article (datelines, not captions or its sentences)."""
        tz, (tag, evidence) = self.site.timezone, self.date_context
        found: list[TextDate] = []
        for block in self.body.dateline_blocks():
            if len(block.text) < 160:
                found += read_text_dates(block.text, tag, tz, evidence)
        return found

    def _visible_date(self) -> tuple[str, datetime] | None:
        tz, (tag, evidence) = self.site.timezone, self.date_context
        scope = self.body.scope
        for node in scope.xpath(".//time"):
            raw = node.get("datetime")
            value = read_machine_date(raw, tz, evidence)[0]
            if value and raw:
                self.rules["published_at"] = "time[datetime]"
                return raw.strip(), value
        for query in self.site.selectors.date:
            for node in css(scope, query):
                text = " ".join(css(node, "::text"))
                date = pick_published(read_text_dates(text, tag, tz, evidence))
                if date:
                    self.rules["published_at"] = f"css:{query}"
                    return date.raw, date.value
        date = pick_published(self.visible_dates)
        if date:
            self.rules["published_at"] = f"text:{date.kind or 'unlabelled'}"
            return date.raw, date.value
        return None

    def _visible_modified(self) -> tuple[str, datetime] | None:
        """A printed "updated" date, unless it is the one taken as the publication date."""
        published = self.published
        for date in self.visible_dates:
            if date.kind == "modified" and (published is None or date.raw != published[0]):
                self.rules["modified_at"] = "text:modified"
                return date.raw, date.value
        return None

    @cached_property
    def published(self) -> tuple[str, datetime] | None:
        return self._date("published_at", _PUBLISHED_META, "datePublished")

    @cached_property
    def modified(self) -> tuple[str, datetime] | None:
        return self._date("modified_at", _MODIFIED_META, "dateModified")

    def _keywords(self) -> Candidates:
        yield "meta:keywords", self.meta.get("keywords")
        ld_keywords = self.ld.get("keywords")
        yield "jsonld", ",".join(ld_keywords) if isinstance(ld_keywords, list) else ld_keywords
        yield "meta:news_keywords", self.meta.get("news_keywords")
        tags = self.selector.xpath("//meta[@property='article:tag']/@content").getall()
        yield "article:tag", ",".join(tags)

    # -- the item ----------------------------------------------------------------------

    def to_item(self) -> ArticleItem:
        loader = self.loader
        match = self.path_match
        add: Callable[[str, Any], None] = loader.add_value
        add("url", self.url)
        add("canonical_url", self.canonical_url)
        add("site", self.site.name)
        add("article_id", match.article_id if match else None)
        add("section", match.section if match else None)
        add("language", self.language)
        add("headline", self.headline)
        paragraphs = self.body.paragraphs
        if self.body.rule:
            self.rules["body"] = self.body.rule
        add("lead", paragraphs[0] if paragraphs else None)
        add("body", paragraphs)
        signature = self.signature
        if signature:
            add("byline", signature[0])
            loader.add_value("authors", signature[1])
        else:
            loader.add_value("authors", self._ld_people())
        photo = self.photos.lead
        if photo:
            add("photo_url", photo["url"])
            add("photo_caption", photo["caption"])
            add("photo_credit", photo["credit"])
        add("images", self.photos.images)
        if self.published:
            add("published_raw", self.published[0])
            add("published_at", iso(self.published[1]))
        if self.modified:
            add("modified_at", iso(self.modified[1]))
        add("keywords", self.first("keywords", self._keywords(), many=True))
        item = loader.load()
        item["word_count"] = count_words(item["body"])
        item["fingerprint"] = fingerprint(item["headline"], item["body"]) if item["body"] else None
        return item
