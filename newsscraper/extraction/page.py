"""ArticlePage: (url, html) -> ArticleItem by layered rules. No I/O, no clock.

Each field is filled by the first rule that yields a value: structured data (JSON-LD,
microdata, Open Graph and meta tags), then the site's selectors, then text patterns
(the ``Foto:`` credit, the ``--XX`` signature, the furniture). ``rules`` records which
rule won for each field so a crawl can count them in stats.

The page object is the only one that reads the page and the only one that writes
``rules``: each helper (``headline``, ``authors``, ``photos``, ``dates``, ``text``)
takes what it needs as arguments and returns a value and the rule that gave it.
``to_item`` asks for the fields in explicit steps; each property computes what it
depends on itself, so no field depends on another having been read first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from newsscraper.extraction import authors as people
from newsscraper.extraction import photos
from newsscraper.extraction.body import ArticleBody, BodyHints
from newsscraper.extraction.dates import (
    Evidence,
    TextDate,
    iso,
    pick_published,
    read_machine_date,
    read_text_dates,
)
from newsscraper.extraction.dom import (
    Pruning,
    canonical_link,
    css,
    element_text,
    first_title,
    json_ld,
    ld_article,
    ld_text,
    meta_tags,
    parse_html,
    prune,
)
from newsscraper.extraction.headline import pick_headline, site_names
from newsscraper.extraction.languages import language_for
from newsscraper.extraction.memo import cached_property
from newsscraper.extraction.text import (
    clean_text,
    count_words,
    fingerprint,
    parse_signature,
    strip_tracking,
)
from newsscraper.items import ArticleItem
from newsscraper.loaders import ArticleLoader
from newsscraper.sites import GENERIC, ArticlePath, SiteProfile, get_site

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


#: The root ``<html>`` element's ``lang`` (compiled once: ``Selector.xpath`` compiles the
#: expression and wraps each result in a Selector, every call)
_HTML_LANG = etree.XPath("/html/@lang", smart_strings=False)
#: ``//*[@itemprop]`` from the root element (the same elements, in document order):
#: a step to the attribute and back costs less than a predicate per element
_ITEMPROP_NODES = etree.XPath("descendant-or-self::*/@itemprop/..")


def _xml_words(value: str) -> list[str]:
    """An attribute's words as CSS ``~=`` splits them (XML white space only, not NBSP)."""
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ").split(" ")


class ArticlePage:
    """One fetched page of a site, read as an article."""

    def __init__(self, url: str, html: str, site: SiteProfile) -> None:
        self.url = url
        self.site = site
        self.selector = parse_html(html or "<html></html>")
        self.rules: dict[str, str] = {}
        self.loader = ArticleLoader()
        self._pruning: Pruning | None = None

    def _printed(self, within: Iterable[Any] | None = None) -> AbstractContextManager[None]:
        """Inside it, the tree is the page as printed, furniture and all: what reads
        ``selector`` after ``clean`` pruned it (in place) reads it in one of these.
        ``within``: the elements read (their subtrees), where not the whole tree; the
        tree is left pruned when no furniture was removed from under any of them."""
        pruning = self._pruning
        if pruning is None or within is not None and not any(map(pruning.holds, within)):
            return nullcontext()
        return pruning.printed()

    # -- structured data -------------------------------------------------------------

    @cached_property
    def ld(self) -> dict[str, Any]:
        return ld_article(self.selector, self._ld_nodes)

    @cached_property
    def _ld_nodes(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page, parsed once."""
        with self._printed():
            return json_ld(self.selector)

    @cached_property
    def _title(self) -> str | None:
        with self._printed():
            return first_title(self.selector.root)

    @cached_property
    def _html_lang(self) -> str | None:
        with self._printed():
            return next(iter(_HTML_LANG(self.selector.root)), None)

    @cached_property
    def meta(self) -> dict[str, str]:
        return meta_tags(self._meta_nodes)

    @cached_property
    def _meta_nodes(self) -> list[Any]:
        """The page's ``<meta>`` elements, in document order (read before the pruning:
        their attributes are all that is read of them)."""
        with self._printed():
            return list(self.selector.root.iter("meta"))

    @cached_property
    def clean(self) -> Selector:
        """The tree without furniture that has stable markup (scripts, nav, share…).

        The page's own tree, pruned in place (a copy cost a third of the parse): from
        then on, what wants the page as printed reads it inside ``_printed``."""
        selectors = self.site.selectors
        # gathered from the page as printed, whatever furniture holds them (their
        # attributes are all that is read of them)
        _ = self._meta_nodes, self._times
        self._pruning = prune(self.selector.root, selectors.furniture, selectors.furniture_words)
        return self.selector

    @cached_property
    def _itemprop_nodes(self) -> list[Any]:
        """Every element with an ``itemprop``, in document order: one XPath per page, not
        one per property asked for."""
        with self._printed():
            return _ITEMPROP_NODES(self.selector.root)

    @cached_property
    def _times(self) -> list[Any]:
        """The page's ``<time>`` elements (``//time``), in document order."""
        with self._printed():
            return list(self.selector.root.iter("time"))

    def _itemprop(self, name: str) -> Iterator[str]:
        """What ``[itemprop=name]`` matches (the whole value, as CSS compares it).
        Read when first asked for (a generator), all at once (the tree as printed)."""
        nodes = [node for node in self._itemprop_nodes if node.get("itemprop") == name]
        with self._printed(nodes):
            values = [
                # the text as printed: inline parts joined as they are (a kicker, a hidden
                # ": ", the title: no space before the colon), blocks on lines of their own
                node.get("content") or node.get("datetime") or element_text(node)
                for node in nodes
            ]
        yield from values

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
        with self._printed():
            link = canonical_link(self.selector.root)
        candidates = (link, self.meta.get("og:url"))
        for candidate in candidates:
            candidate = clean_text(candidate)
            if not candidate:
                continue
            absolute = urljoin(self.url, candidate)  # once: urllib's joining is slow
            if urlsplit(absolute).scheme in ("http", "https"):
                return strip_tracking(absolute)
        return strip_tracking(self.url)

    @cached_property
    def site_names(self) -> list[str]:
        """The site's names as this page prints them (to strip from the headline, and
        to tell the publisher from an author)."""
        publisher = self.ld.get("publisher")
        return site_names(
            self.site.title,
            self.meta.get("og:site_name"),
            ld_text(publisher.get("name") if isinstance(publisher, dict) else publisher),
            self.meta.get("application-name"),
            *self._home_link_texts(),
        )

    def _home_link_texts(self) -> Iterator[str]:
        """Text and logo ``alt`` of links to the home page (the site's name, mostly)."""
        parts = urlsplit(self.url)
        root = f"{parts.scheme}://{parts.netloc}"
        homes = ("/", root, root + "/")
        found = []
        with self._printed():
            for link in self.selector.root.iter("a"):
                if (link.get("href") or "").strip() in homes:
                    found.append(clean_text(link.text_content()) or "")
                    found.extend(img.get("alt") or "" for img in link.iter("img"))
        yield from found

    @cached_property
    def printed_headlines(self) -> list[str]:
        """What the page prints in its ``<h1>`` elements (the headline, or a logo)."""
        with self._printed():
            texts = [clean_text(element_text(node)) for node in self.selector.root.iter("h1")]
        return [text for text in texts if text][:5]

    @cached_property
    def headline(self) -> str | None:
        # A headline cut short with "..." (JSON-LD's 110 characters) loses to a whole one.
        # Candidates are read lazily: the selectors after a winning og:title never run.
        value, rule = pick_headline(
            self._headline_candidates(),
            self.site_names,
            urlsplit(self.url).hostname or "",
            self.printed_headlines,
        )
        if rule:
            self.rules["headline"] = rule
        return value

    def _headline_candidates(self) -> Candidates:
        yield "jsonld", ld_text(self.ld.get("headline")) or ld_text(self.ld.get("name"))
        for value in self._itemprop("headline"):
            yield "microdata", value
        yield "og:title", self.meta.get("og:title")
        yield "twitter:title", self.meta.get("twitter:title")
        yield from self._css_texts(self.site.selectors.headline)
        for text in self.printed_headlines[:1]:
            yield "h1", text
        yield "title", self._title

    @cached_property
    def language(self) -> str:
        candidates = (
            ("path", self.path_match.language if self.path_match else None),
            ("html:lang", self._html_lang),
            ("jsonld", ld_text(self.ld.get("inLanguage"))),
            ("og:locale", self.meta.get("og:locale")),
            ("meta:content-language", self.meta.get("content-language")),
            ("site", self.site.default_language),
        )
        return self.first("language", candidates)

    @cached_property
    def body(self) -> ArticleBody:
        hints = BodyHints(
            headline=self.headline,
            title=self._title,
            language=self.language,
            description=ld_text(self.ld.get("description"))
            or self.meta.get("og:description")
            or self.meta.get("description"),
            ld_body=ld_text(self.ld.get("articleBody")),
            body_selectors=self.site.selectors.body,
            lead_selectors=self.site.selectors.lead,
            code=self.site.code,
        )
        root = self.clean.root
        # the pruning's own method, not the page's: the body holds no reference back
        printed = self._pruning.printed if self._pruning is not None else nullcontext
        return ArticleBody(root, hints, self.selector.root, printed)

    @cached_property
    def text(self) -> tuple[list[str], tuple[str, str] | None]:
        """(the article's paragraphs, (rule, signature as printed) or None): one step,
        since reading the text is what finds the signature that ends it."""
        paragraphs = self.body.paragraphs
        if self.body.rule:
            self.rules["body"] = self.body.rule
        return paragraphs, self.body.signature

    @cached_property
    def signature(self) -> tuple[str, list[str]] | None:
        """The agency signature: (as printed, its authors)."""
        found = self.text[1]
        if found:
            self.rules["byline"] = found[0]
            return parse_signature(found[1])
        queries = self.site.selectors.signature
        with self._printed(None if queries else ()):
            printed = list(self._css_texts(queries, self.selector))
        for rule, raw in printed:
            parsed = parse_signature(raw)
            if parsed:
                self.rules["byline"] = rule
                return parsed
        return None

    @cached_property
    def byline_and_authors(self) -> tuple[str | None, list[str]]:
        """(byline as printed, authors): the signature, else the first source that names
        a person (JSON-LD, meta, rel=author, microdata, a byline line), else the first
        that names an organisation."""
        if self.signature:
            self.rules["authors"] = "signature"
            return self.signature
        names, rule, printed = people.pick_authors(self._author_sources())
        if rule:
            self.rules["authors"] = rule
        if printed:
            self.rules["byline"] = "text:byline"
        return printed, names

    def _author_sources(self) -> Iterator[people.People]:
        publishers = self.site_names
        yield people.from_json_ld(self._ld_resolved(self.ld.get("author")), publishers)
        yield people.from_meta(self._meta_values(people.AUTHOR_META), publishers)
        scope = self.body.scope  # links of other articles' authors are not this one's
        rel = (n.text_content() for n in css(scope, "a[rel~=author]"))
        yield people.from_links(rel, "rel=author", publishers)
        yield people.from_links(self._itemprop_names("author"), "microdata", publishers)
        yield people.from_byline_lines(self._byline_lines(), self.language)

    @cached_property
    def _ld_by_id(self) -> dict[str, dict[str, Any]]:
        """JSON-LD nodes by ``@id``, for references (``{"@id": "…#/schema/person/…"}``)."""
        return {str(node["@id"]): node for node in self._ld_nodes if node.get("@id")}

    def _ld_resolved(self, value: Any) -> Any:
        """A JSON-LD value with references to other nodes of the page replaced by them."""
        if isinstance(value, list):
            return [self._ld_resolved(item) for item in value]
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self._ld_by_id.get(str(value["@id"]), value)
        return value

    def _meta_values(self, names: Iterable[str]) -> dict[str, list[str]]:
        """Every value of each meta tag (some repeat: one ``citation_author`` per author)."""
        wanted = set(names)
        found: dict[str, list[str]] = {}
        for node in self._meta_nodes:
            key = (node.get("name") or node.get("property") or "").strip().lower()
            if key in wanted and node.get("content"):
                found.setdefault(key, []).append(node.get("content"))
        return found

    def _itemprop_names(self, name: str) -> Iterator[str]:
        """Read when first asked for (a generator), all at once (the tree as printed)."""
        nodes = [n for n in self._itemprop_nodes if name in _xml_words(n.get("itemprop"))]
        values = []
        with self._printed(nodes):
            for node in nodes:
                named = css(node, "[itemprop~=name]")
                values.append(node.get("content") or element_text(named[0] if named else node))
        yield from values

    def _byline_lines(self) -> Iterator[str]:
        """Short lines where a byline is printed: the site's byline boxes, then the
        article's short blocks in reading order."""
        for query in self.site.selectors.signature:
            for node in css(self.clean.root, query):
                yield element_text(node)
        for block in self.body.byline_blocks(self.body.scope):
            if len(block.text) <= 160:
                yield block.text

    @cached_property
    def photo_inputs(self) -> photos.PhotoInputs:
        own = self.path_match
        site = self.site

        def links_elsewhere(href: str) -> bool:
            linked = site.article(urlsplit(href).path)
            return linked is not None and not (own and linked.article_id == own.article_id)

        return photos.PhotoInputs(
            url=self.url,
            scope=self.body.scope,
            container=self.body.container,
            og_image=self.meta.get("og:image"),
            og_image_alt=self.meta.get("og:image:alt"),
            ld_image=self.ld.get("image"),
            caption_queries=site.selectors.caption,
            credit_queries=site.selectors.credit,
            links_elsewhere=links_elsewhere,
        )

    @cached_property
    def found_photos(self) -> list[photos.Photo]:
        """The article's photos as their markup describes them."""
        found, rule = photos.article_photos(self.photo_inputs)
        if rule:
            self.rules["photo_url"] = rule
        return found

    @cached_property
    def images(self) -> list[photos.Photo]:
        """The article's photos, the lead one as completed from the text."""
        found, lead = self.found_photos, self.lead_photo
        if found and lead and found[0]["url"] == lead["url"]:
            return [lead, *found[1:]]
        return found

    @cached_property
    def lead_photo(self) -> photos.Photo | None:
        photo, rule = photos.lead_photo(self.found_photos, self.photo_inputs)
        if rule:
            self.rules["photo_url"] = rule
        if photo and not photo.get("credit"):
            texts = (block.text for block in self.body.blocks(self.body.scope))
            printed, credit_rule = photos.printed_credit(texts)
            if printed and credit_rule:
                photo["caption"] = photo.get("caption") or printed[0]
                photo["credit"] = printed[1]
                self.rules["photo_credit"] = credit_rule
        return photo

    @cached_property
    def date_context(self) -> tuple[str | None, Evidence]:
        """The tag dates are read in (``en-US`` keeps its region for 03/04/2024) and what
        the page's other dates say: the offsets of its stamps, the order of day and month
        its printed dates show."""
        tag = self._html_lang or self.meta.get("og:locale")
        found = language_for(tag)
        if found is None or found.code != self.language:
            tag = self.language
        raws = [ld_text(self.ld.get(key)) for key in ("datePublished", "dateModified")]
        raws += [self.meta.get(name) for name in (*_PUBLISHED_META, *_MODIFIED_META)]
        raws += [t.get("datetime") for t in self._times if t.get("datetime") is not None]
        raws += [b.text for b in self.body.dateline_blocks() if len(b.text) < 160]
        return tag, Evidence.of(raws, tag)

    def _date(self, field: str, metas: tuple[str, ...], ld_key: str) -> tuple[str, datetime] | None:
        tz = self.site.timezone
        evidence = self.date_context[1]
        prop = "datePublished" if field == "published_at" else "dateModified"
        candidates: Iterator[tuple[str, str | None]] = itertools.chain(
            [(f"jsonld:{ld_key}", ld_text(self.ld.get(ld_key)))],
            ((f"meta:{name}", self.meta.get(name)) for name in metas),
            (("microdata", value) for value in self._itemprop(prop)),  # read if need be
        )
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
        tags = [
            node.get("content")
            for node in self._meta_nodes
            if node.get("property") == "article:tag" and node.get("content") is not None
        ]
        yield "article:tag", ",".join(tags)

    def counts(self) -> dict[str, int]:
        """The page's counters beyond one rule per field: the boilerplate boxes each body
        rule left out (``body/pruned/tag:nav``), once the body has been read."""
        if "body" not in self.__dict__:  # nothing read, nothing to count
            return {}
        return {f"body/pruned/{rule}": n for rule, n in sorted(self.body.pruned.items())}

    # -- the item ----------------------------------------------------------------------

    def to_item(self) -> ArticleItem:
        """The item, field by field (each step computes what it needs)."""
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
        paragraphs, _ = self.text
        add("lead", paragraphs[0] if paragraphs else None)
        add("body", paragraphs)
        byline, authors = self.byline_and_authors
        add("byline", byline)
        add("authors", authors)
        photo = self.lead_photo
        if photo:
            add("photo_url", photo["url"])
            add("photo_caption", photo["caption"])
            add("photo_credit", photo["credit"])
        add("images", self.images)
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


# -- reading a page: the one path of the crawl and of ``newsscraper.extract`` ----------

#: More HTML than any article page holds (the largest real ones, with inline scripts and
#: styles, are ~2-3 MB): such a page is skipped unread, so one huge page cannot hold up
#: the crawl's reactor thread.
MAX_HTML_CHARS = 5_000_000


class PageTooBig(ValueError):
    """The HTML is larger than an article page can be (``MAX_HTML_CHARS``)."""


@dataclass(frozen=True)
class Extraction:
    """What a page yields: the item, for each field the rule that filled it, and the
    counters a page adds more than once (``body/pruned/word:share``: 3 boxes left out of
    the body by that rule). The crawl counts both as ``extract/<key>`` stats."""

    item: ArticleItem
    rules: Mapping[str, str]
    counts: Mapping[str, int] = dataclass_field(default_factory=dict)


def open_page(url: str, html: str, site: SiteProfile) -> ArticlePage:
    """One page's object (with the profile's own page class, if it has one), parsed and
    not yet read: the crawl reads the page's links from the same tree. Raises PageTooBig
    for a page too big to be an article."""
    if len(html) > MAX_HTML_CHARS:
        raise PageTooBig(
            f"{url}: {len(html):,} characters of HTML, more than an article page "
            f"({MAX_HTML_CHARS:,})"
        )
    return site.page_class()(url, html, site)


def extraction_of(page: ArticlePage) -> Extraction:
    """What an opened page yields: its item, each field's rule and its counters."""
    item = page.to_item()
    return Extraction(item, dict(page.rules), page.counts())


def read_page(url: str, html: str, site: SiteProfile) -> Extraction:
    """Read one page as an article. Raises PageTooBig for a page too big to be one."""
    return extraction_of(open_page(url, html, site))


def resolve_site(site: SiteProfile | str | None) -> SiteProfile:
    """A profile, a site's (or spider's) name, or None for the generic profile."""
    if site is None:
        return GENERIC
    if isinstance(site, SiteProfile):
        return site
    if isinstance(site, str):
        return get_site(site)
    raise TypeError(f"site must be a SiteProfile, a site name or None, not {type(site).__name__}")


def _decoded(html: str | bytes, url: str) -> str:
    """Bytes decoded as the crawl decodes a response with no charset header: BOM, the
    page's own declaration, then detection (Scrapy's HtmlResponse)."""
    if isinstance(html, str):
        return html
    if not isinstance(html, (bytes, bytearray)):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    from scrapy.http import HtmlResponse  # only bytes need it

    return HtmlResponse(url, body=bytes(html)).text


def extract(html: str | bytes, url: str, site: SiteProfile | str | None = None) -> dict[str, Any]:
    """The article a page holds, as the crawl stores it (without ``scraped_at``).

    ``site`` is a profile, a site's name (``"portugalcolonial"``), or None for the
    generic profile, which assumes nothing of any CMS. Raises PageTooBig for a page too
    big to be an article, LookupError for an unknown site name.

    >>> html = "<html lang=en><title>Rain at last</title><body><h1>Rain at last</h1>"
    >>> html += "<p>" + "After a dry summer the rain came back on Monday. " * 4 + "</p>"
    >>> article = extract(html, "https://bugle.example/news/rain.html")
    >>> article["headline"], article["language"], article["word_count"]
    ('Rain at last', 'en', 40)
    """
    if not isinstance(url, str) or not url:
        raise TypeError("url must be the page's absolute URL")
    return dict(read_page(url, _decoded(html, url), resolve_site(site)).item)
