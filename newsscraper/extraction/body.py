"""The article text: which element holds it, which of its blocks are the article.

One walk over the (once parsed, once pruned) tree reads every text block with its link
text, and sums a score per element, bottom-up: a paragraph of prose adds its unlinked
length (links measured in printed characters, so that a Japanese paragraph with one topic
link is still prose), a link list or a short label subtracts. Boilerplate boxes (class or
id words such as ``share``, ``related``, ``comments``, the element part of a BEM class;
tags such as ``nav``, ``aside``; boxes a reader cannot see: ``display:none``, ``hidden``)
are left out of the sums, unless they hold the headline or most of the page's prose: a
``<form>`` around an ASP.NET page or ``<body class="font-size-is-default">`` is a
wrapper, not furniture.
Class and id rules compare whole words (split on ``-``, ``_`` and camelCase), never raw
substrings. Prose printed before the headline does not count.

The container is the element with the highest sum, among the descendants of the
``<article>``/``<main>`` that holds the headline when one does (a page with eight
``<article>`` elements prints the story in the one with the ``<h1>``). The site's body
selectors, where a profile gives them, come first. Learnt from readability (scores summed
into ancestors, link density), jusText (short and link-heavy blocks as boilerplate) and
trafilatura (boilerplate words in class names, the headline as an anchor); written here.

Blocks of the container are then kept unless a text pattern says furniture (ticker,
text-size control, share links), the headline printed again, the photo caption, a
dateline, or a link list. The article ends at the signature (``A.Seabra--PC``). A page
that prints no text (an app that renders it with JavaScript) falls back to JSON-LD
``articleBody``, then the article's HTML in a script's JSON string, then its description.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from newsscraper.extraction.dates import is_dateline
from newsscraper.extraction.dom import (
    BLOCK_TAGS,
    SKIP_TAGS,
    WALK_EVENTS,
    Block,
    ancestors,
    class_words,
    common_ancestor,
    css,
    name_parts,
    name_words,
    names_match,
    split_blocks,
    text_blocks,
    text_content,
)
from newsscraper.extraction.memo import cached_property
from newsscraper.extraction.tables import (
    ERROR_PAGE_PATTERNS,
    NEWSLETTER_NAMES,
    NEWSLETTER_NAMES_LOWER,
    NEWSLETTER_ODD_CASE,
    SENTENCE_END,
    fold,
)
from newsscraper.extraction.text import (
    clean_text,
    count_words,
    has_credit,
    is_furniture,
    more_words_than,
    parse_signature,
    split_trailing_signature,
    text_key,
)

_MIN_BODY_CHARS = 150
#: A JSON string (escapes kept), and a paragraph tag as it may be written in one
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*+)"')
_PARAGRAPH_TAGS = ("\\u003cp", "<p>", "<p ")
#: How a sentence ends in every script (``。！？`` and the Arabic and Devanagari stops too)
_SENTENCE_END = SENTENCE_END
# \s*:?\s+ written so that the two space runs cannot split one run between them
_BYLINE_LINE = re.compile(
    r"^(?:Por|Von|By|De|Par|Di|Autor|Author)\s*+:?\s*+(?<=\s)\S", re.IGNORECASE
)
#: Class words of a caption box: whole words, or the end of one (``imagecaption``)
_CAPTION_WORDS = frozenset(["foto", "photo", "fotos", "photos", "copyright", "bildunterschrift"])
_CAPTION_ENDS = ("caption", "captions", "legend", "credit", "credits")

#: Tags whose whole subtree is furniture wherever they are (never an article's wrapper
#: in practice; a wrapper that holds the headline is kept all the same).
BOILERPLATE_TAGS = frozenset(["nav", "aside", "footer", "button", "select", "textarea", "menu"])
#: Words of a class or id that name the author's box: not the article's text, but where
#: the byline is printed (``byline_blocks`` keeps them for the authors).
AUTHOR_WORDS = frozenset(["author", "authors", "autor", "autoren", "byline"])
#: Class words of text printed for screen readers only, hidden from the eye
#: (``sr-only``, ``visually-hidden``, ``screen-reader-text``, ``h-offscreen``): a
#: control's name ("Box aufklappen", "Opens in a new window"), never the article's.
SCREEN_READER_WORDS = frozenset(["sronly", "visuallyhidden", "screenreader", "offscreen"])
#: Words of a class or id that name furniture. Whole words only: ``ad`` matches
#: ``ad-slot`` and ``topAd`` but not ``header`` or ``download``.
BOILERPLATE_WORDS = frozenset(
    [
        "ad",
        "ads",
        "adslot",
        "adunit",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "sponsor",
        "sponsored",
        "promo",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "comment",
        "comments",
        "disqus",
        "footer",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "sidebar",
        "share",
        "sharing",
        "shares",
        "social",
        "socials",
        "related",
        "recommended",
        "recommendations",
        "recirculation",
        "newsletter",
        "subscribe",
        "subscription",
        "signup",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "popup",
        "modal",
        "overlay",
        "ticker",
        "outbrain",
        "taboola",
        "trending",
        "popular",
        "mostread",
        # WordPress's Query Loop block (``wp-block-query``): every block theme lists other
        # posts in it, inside the post's own content too (TechCrunch's "More TechCrunch",
        # 40 teasers); the post itself is ``wp-block-post-content``
        "query",
        "toolbar",
        # measured on both corpora, each a gain on both (benchmarks/README.md):
        # author bios, teaser boxes, tag lists, caption boxes, sign-in prompts, "latest"
        # lists, thumbnail teasers, the meta line (date, reading time, section), info
        # boxes (entry info, fact boxes), subscription offers
        "bio",
        "bios",
        "biography",
        "teaser",
        "teasers",
        "tag",
        "tags",
        "caption",
        "captions",
        "login",
        "signin",
        "register",
        "registration",
        "latest",
        "thumb",
        "thumbs",
        "thumbnail",
        "meta",
        "metadata",
        "info",
        "infobox",
        "factbox",
        "premium",
        "next",
        # measured together, a gain on both corpora (benchmarks/README.md): a lightbox
        # repeats the photos and captions; noscript and nocontent (robots-nocontent)
        # name text the site itself marks as not for readers; polls and quizzes
        "lightbox",
        "noscript",
        "nocontent",
        "poll",
        "polls",
        "survey",
        "quiz",
        "featured",  # a featured story or video inside the text, not the text
        *AUTHOR_WORDS,
        # text for screen readers only: "expand the box", "opens in a new window"
        *SCREEN_READER_WORDS,
    ]
)
#: ``display: none`` in a style attribute (no repeat can overlap another: linear)
_HIDDEN_STYLE = re.compile(r"display\s*+:\s*+none", re.IGNORECASE)
_AUTHOR_RULES = frozenset(f"word:{word}" for word in AUTHOR_WORDS)
_TEASER_RULES = frozenset(["word:teaser", "word:teasers"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
#: Elements that can hold an article's text: a paragraph, a list item or a quote cannot
CONTAINER_TAGS = frozenset(
    ["article", "main", "section", "div", "body", "td", "form", "center", "span", "font"]
)
_CELLS = frozenset(["td", "th"])
#: What the walk does not enter: hidden tags, and ``<br>`` (a line break in the text)
_WALK_SKIPPED = SKIP_TAGS | {"br"}


def _word_rule(names: str) -> str | None:
    """``word:<first boilerplate word>`` of class and id names, or None: the word parts
    of ``name_words``, then two neighbouring parts joined, read here without a cache
    (``_box_rule`` keeps the answers per class-and-id text; the texts of a corpus of many
    sites are nearly all new)."""
    if "__" in names:  # BEM: in ``sidebar-grid__content`` the element says what it is
        names = " ".join(_bem_element(name) for name in names.split())
    if names.islower():  # no capital: no hash, and the parts are lower-case as found
        if names.isascii():  # the parts as a table finds them: letters and digit runs
            parts = names.encode().translate(_LOWER_ASCII_BYTES).replace(b"0", b" 0 ")
            parts = parts.decode().split()
            found = BOILERPLATE_WORDS.intersection(parts)
            if not found and not _WORD_PREFIXES.isdisjoint(parts):
                found = BOILERPLATE_WORDS.intersection(map(str.__add__, parts, parts[1:]))
            return f"word:{min(found)}" if found else None
        parts = name_parts(names)
    else:
        if _DIGIT.search(names):  # a hash mixes digits and capitals
            names = _without_hashes(names)
        parts = list(map(str.lower, name_parts(names)))
    found = BOILERPLATE_WORDS.intersection(parts)
    if not found and len(parts) > 1:  # ``sign-in`` is ``signin``, as ``names_match`` reads
        found = BOILERPLATE_WORDS.intersection(map(str.__add__, parts, parts[1:]))
    return f"word:{min(found)}" if found else None


_DIGIT = re.compile(r"\d")
#: ``name_parts`` of lower-case ASCII names as a ``bytes.translate`` table (~20% less
#: time than the pattern on the corpora's class texts as a ``str`` table; half of that as
#: bytes, where ``str.translate`` leaves its fast path at the first character that
#: becomes more than one): letters stay, any other character parts them, and a digit
#: becomes ``0``, then a part ``0`` of its own, which no word holds and which keeps the
#: letters on either side from joining (``sign2in`` is no ``signin``): a run of digits
#: becomes several such parts, which changes no answer
_LOWER_ASCII_BYTES = bytes(
    c if chr(c).islower() else ord("0") if chr(c).isdigit() else ord(" ") for c in range(128)
).ljust(256)  # only ASCII is translated
#: The beginnings of the words: two neighbouring parts join into a word only when the
#: first is one (most class texts have none, and skip the joining)
_WORD_PREFIXES = frozenset(w[:k] for w in BOILERPLATE_WORDS for k in range(1, len(w)))


_NAME_SEGMENTS = re.compile(r"[^\s_-]++")


def _without_hashes(names: str) -> str:
    """Class and id names without their generated segments: a run of five or more
    characters between ``-``/``_`` that mixes digits, capitals and small letters, with
    no four small letters in a row, is an id or a hash (``block-id-n1AuAdJlVL``), whose
    camelCase parts are no words (``Ad``).

    >>> _without_hashes("block-id-n1AuAdJlVL topAd col-md-6 LatestNews2562")
    'block-id- topAd col-md-6 LatestNews2562'
    """
    return _NAME_SEGMENTS.sub(lambda m: "" if _hash_like(m.group()) else m.group(), names)


def _hash_like(segment: str) -> bool:
    # ``any(map(str.isdigit, …))``: the generator's test without a frame per character
    return (
        len(segment) >= 5
        and any(map(str.isdigit, segment))
        and any(map(str.isupper, segment))
        and any(map(str.islower, segment))
        and not _LOWER_RUN.search(segment)  # LatestNationalStories2562: words and a number
    )


_LOWER_RUN = re.compile(r"[a-z]{4}")


#: What CSS modules (Next.js, webpack's css-loader) append to a class name after ``__``:
#: five characters of a base64 hash (``image_caption__LYZT4``), not a lowercase word
_CSS_MODULE_HASH = re.compile(r"(?![a-z]++$)[A-Za-z0-9_-]{5}")


def _bem_element(name: str) -> str:
    """The element part of a BEM class name (``sidebar-grid__content``: ``content``);
    a CSS module's ``file_local__hash`` keeps its words (``file_local``).

    >>> _bem_element("sidebar-grid__content"), _bem_element("image_image-widget__LYZT4")
    ('content', 'image_image-widget')
    >>> _bem_element("article__title"), _bem_element("teaser")
    ('title', 'teaser')
    """
    head, _, tail = name.rpartition("__")
    return head if head and _CSS_MODULE_HASH.fullmatch(tail) else tail


def boilerplate_rule(element: HtmlElement) -> str | None:
    """Why an element looks like furniture (``tag:nav``, ``word:share``), or None.

    Only boxes are asked about their words: a link or an inline ``<span>`` is judged
    with the block that holds it (by its link density).
    """
    tag = element.tag
    rule = _TAG_RULES.get(tag)
    if rule is not None:
        return rule
    if tag not in BLOCK_TAGS:
        return None
    return _box_rule(element)


#: ``tag:nav`` for each furniture tag, built once (the walk asks for every element)
_TAG_RULES = {tag: f"tag:{tag}" for tag in BOILERPLATE_TAGS}


def _box_rule(element: HtmlElement) -> str | None:
    """``boilerplate_rule`` of a block-level element whose tag is not furniture.

    The walk asks this of every block: the attributes are read in one call (not four
    ``get``), and the words' rule is memoised per class and id text."""
    style = hidden = names = ident = None
    for name, value in element.items():
        if name == "class":
            names = value
        elif name == "id":
            ident = value
        elif name == "style":
            style = value
        elif name == "hidden":
            hidden = value
    if style and "none" in style and _HIDDEN_STYLE.search(style):
        return "style:hidden"  # a reader never sees it (a copy kept for metadata)
    if hidden is not None:
        return "attr:hidden"
    if not names and not ident:
        return None
    key = f"{names or ''} {ident or ''}"
    try:
        return _WORD_RULES[key]
    except KeyError:
        if len(_WORD_RULES) >= 8192:  # bounded, as an lru_cache would be
            _WORD_RULES.clear()
        rule = _WORD_RULES[key] = _word_rule(key)
        return rule


#: ``_word_rule`` per class-and-id text, read without the cache wrapper's call
_WORD_RULES: dict[str, str | None] = {}

#: Inline tags that a page may print a photo's caption in, beside the text it belongs
#: to (``<span class="media-caption">`` in the same ``<div>`` as the photo)
INLINE_BOX_TAGS = frozenset(["span", "small", "em", "i"])


def inline_box_rule(element: HtmlElement) -> str | None:
    """``word:caption`` for an inline element whose class names a caption
    (``media-caption``, ``caption small``, ``imageLegend``): the walk reads it as a block
    of its own, and leaves it out. ``word:screenreader`` for text printed for screen
    readers only (``sr-only``, ``visually-hidden``): the walk skips it. Other inline
    elements: None."""
    names = element.get("class")
    if not names:
        return None
    try:
        return _INLINE_RULES[names]
    except KeyError:
        if len(_INLINE_RULES) >= 8192:
            _INLINE_RULES.clear()
        if any(word.endswith(_INLINE_CAPTION_ENDS) for word in name_words(names)):
            rule = "word:caption"
        elif names_match(names, SCREEN_READER_WORDS):
            rule = _UNSEEN
        else:
            rule = None
        _INLINE_RULES[names] = rule
        return rule


_INLINE_RULES: dict[str, str | None] = {}
#: ``inline_box_rule`` of an inline element printed for screen readers only: the walk
#: skips it (its text is not the page's; a box would cut the line it sits in)
_UNSEEN = "word:screenreader"
#: An inline caption's class words end so; a credit (``copyright``) is not asked: split
#: from its caption, it would leave the caption without the credit that tells it
_INLINE_CAPTION_ENDS = ("caption", "captions", "legend")


_key = text_key  # memoised: the rules compare the same blocks' texts again and again


@dataclass(slots=True)
class WalkedBlock(Block):
    """A block with what the walk learnt of it."""

    linked: int = 0  # characters inside <a> (from the share of its words in links)
    boxes: tuple[HtmlElement, ...] = ()  # boilerplate boxes it sits in, outermost first
    before_headline: bool = False

    @property
    def link_density(self) -> float:
        return self.linked / len(self.text) if self.text else 0.0


def block_weight(block: WalkedBlock) -> float:
    """What a block adds to the score of the elements that hold it.

    Prose counts by its unlinked length, less a constant, so that a short teaser line
    costs; a link list counts against twice its length; a heading counts nothing.
    """
    size = len(block.text)
    if block.link_density > 0.33:
        return -2.0 * block.linked
    if block.element.tag in _HEADINGS:
        return 0.0
    if block.element.tag in _CELLS:
        return 0.0 if block.before_headline else size / 2  # a data table's cell
    if size < 40 and not _SENTENCE_END.search(block.text):
        return -15.0
    if block.before_headline:
        return 0.0
    return size - block.linked - 30.0


class Walk:
    """Everything the body rules need from one walk of the tree.

    ``blocks`` in reading order (as ``dom.text_blocks``, plus link length and the
    boilerplate boxes each sits in); per block-level element, the range of its blocks
    and its score; the boxes left out of the scores, with the rule that named them.
    """

    def __init__(self, root: HtmlElement, headline: HtmlElement | None) -> None:
        self.root = root
        self.blocks: list[WalkedBlock] = []
        self.spans: dict[HtmlElement, tuple[int, int]] = {}
        self.scores: dict[HtmlElement, float] = {}
        self.prose: dict[HtmlElement, int] = {}
        self.boxes: dict[HtmlElement, str] = {}
        self._box_totals: dict[HtmlElement, tuple[float, int]] = {}
        self._protected = set(ancestors(headline)) if headline is not None else set()
        self._headline = headline
        self._walk()
        self.total_prose = self.prose.get(root, 0) + sum(
            self.prose.get(box, 0) for box in self.boxes
        )
        self.dropped = {
            box for box in self.boxes if not self._wrapper(box) and not self._lead_teaser(box)
        }
        self.rules: dict[str, int] = {}
        for box in self.dropped:
            rule = self.boxes[box]
            self.rules[rule] = self.rules.get(rule, 0) + 1
        for box in set(self.boxes) - self.dropped:
            self._restore(box)

    def _lead_teaser(self, box: HtmlElement) -> bool:
        """A box named ``teaser`` that links nowhere: the lead ("Teaser" in German
        newsrooms), not another article's teaser, which links to it. (Measured: also
        asking that no paragraph precede it lost the leads printed after a standfirst.)"""
        if self.boxes[box] not in _TEASER_RULES:
            return False
        span = self.spans.get(box)
        if span is None:
            return False
        blocks = self.blocks[span[0] : span[1]]
        return bool(blocks) and not any(block.linked for block in blocks)

    def _wrapper(self, box: HtmlElement) -> bool:
        """A box that holds most of the page's prose is the page's wrapper."""
        return self.prose.get(box, 0) * 2 > self.total_prose > 0

    def _restore(self, box: HtmlElement) -> None:
        score, prose = self._box_totals[box]
        node = box.getparent()
        while node is not None:
            if node in self.scores:
                self.scores[node] += score
                self.prose[node] += prose
            if node in self.boxes and node in self.dropped:
                break
            node = node.getparent()

    def _walk(self) -> None:
        # Hot loop (every element of every page): frames are lists, not objects, and the
        # text is appended without a call. A frame is [first block, score, prose, box].
        root, headline, protected = self.root, self._headline, self._protected
        blocks, spans, scores, prose, boxes = (
            self.blocks,
            self.spans,
            self.scores,
            self.prose,
            self.boxes,
        )
        parts: list[str] = []
        linked = 0  # printed characters appended inside <a> since the last flush
        in_link = 0
        stack: list[list] = []
        # the boxes open around the text: a tuple, shared by the blocks read inside them
        open_boxes: tuple[HtmlElement, ...] = ()
        owners: list[HtmlElement] = [root]
        seen_headline = headline is None
        skipped, block_tags, tag_rules, box_rule = _WALK_SKIPPED, BLOCK_TAGS, _TAG_RULES, _box_rule
        inline_tags, inline_rule = INLINE_BOX_TAGS, inline_box_rule
        inline_blocks: set[HtmlElement] = set()  # inline captions read as blocks

        def flush(text: str, link_words: int) -> None:
            # ``text``: the parts joined, not blank (most runs between nested blocks are
            # blank: the callers skip them without a call)
            if "\0" in text:  # <br>: split_blocks cuts at two
                text = text.replace("\n", " ").replace("\0", "\n")
                chunks = split_blocks(text)
            else:  # one paragraph (most): split_blocks' answer without its calls
                one = " ".join(text.split()) if text.isascii() else clean_text(text)
                chunks = (one,) if one else ()
            # links measured in printed characters (no spaces): the raw text is mostly
            # indentation, and Japanese or Chinese prints a whole paragraph as one "word"
            # (without links the share is 0 whatever the count: not counted)
            solid = len("".join(text.split())) or 1 if link_words else 1
            owner, frame = owners[-1], stack[-1]
            tag, before = owner.tag, not seen_headline
            for chunk in chunks:
                size = len(chunk)
                share = min(size, size * link_words // solid) if link_words else 0
                blocks.append(WalkedBlock(chunk, owner, share, open_boxes, before))
                # block_weight of that block, inlined (the walk's hottest call)
                if share / size > 0.33:
                    frame[1] += -2.0 * share
                elif tag in _HEADINGS:
                    pass
                elif tag in _CELLS:
                    frame[1] += 0.0 if before else size / 2
                elif size < 40 and not _SENTENCE_END.search(chunk):
                    frame[1] += -15.0
                elif not before:
                    frame[1] += size - share - 30.0
                if size >= 80 and share * 3 <= size:
                    frame[2] += size - share

        walker = etree.iterwalk(root, events=WALK_EVENTS)
        for event, node in walker:
            if event == "start":
                tag = node.tag
                if (tag in skipped or type(tag) is not str) and node is not root:
                    if tag == "br":
                        parts.append("\0")  # a line break, kept through the cleaning
                    walker.skip_subtree()
                    continue
                # boilerplate_rule, inlined: only furniture tags and blocks are asked
                box = tag_rules.get(tag)
                framed = box is not None
                block = tag in block_tags or node is root
                # a caption printed inline: a block of its own, and a box
                inline = None if block or tag not in inline_tags else inline_rule(node)
                if inline is _UNSEEN:  # text for screen readers: not printed, not read
                    walker.skip_subtree()
                    continue
                if block or inline:
                    framed = True
                    if parts:
                        text = "".join(parts)
                        parts.clear()
                        if not text.isspace():
                            flush(text, linked)
                        linked = 0
                    owners.append(node)
                    if inline:
                        box = inline
                        inline_blocks.add(node)
                    elif box is None and tag in block_tags:
                        box = box_rule(node)
                if node is headline:
                    seen_headline = True
                if box and node in protected:
                    box = None
                if box:
                    open_boxes = (*open_boxes, node)
                # A frame sums what its blocks weigh. Only blocks and boxes need one: an
                # inline element would pass its sums up unchanged (weights are multiples
                # of 0.5, so the sums are exact in any order).
                if framed:
                    stack.append([len(blocks), 0.0, 0, box])
                if tag == "a":
                    in_link += 1
                text = node.text
                if text:
                    parts.append(text)
                    if in_link:
                        linked += len("".join(text.split()))
                continue
            if event == "end":
                tag = node.tag
                if (tag in skipped or type(tag) is not str) and node is not root:
                    pass  # skipped at its start: only its tail below
                else:
                    if tag == "a":
                        in_link -= 1
                    block = (
                        tag in block_tags
                        or node is root
                        or tag in inline_tags
                        and node in inline_blocks
                    )
                    if block:
                        if parts:
                            text = "".join(parts)
                            parts.clear()
                            if not text.isspace():
                                flush(text, linked)
                            linked = 0
                        owners.pop()
                    if block or tag in tag_rules:  # framed at its start
                        first, score, chars, box = stack.pop()
                        if block:
                            spans[node] = (first, len(blocks))
                            scores[node] = score
                            prose[node] = chars
                        if box:
                            open_boxes = open_boxes[:-1]
                            boxes[node] = box
                            self._box_totals[node] = (score, chars)
                            scores.setdefault(node, score)
                            prose.setdefault(node, chars)
                        elif stack:
                            stack[-1][1] += score
                            stack[-1][2] += chars
            if node is root:
                break
            text = node.tail  # a comment's or a closed element's tail: the parent's text
            if text:
                parts.append(text)
                if in_link:
                    linked += len("".join(text.split()))
        if parts and stack:
            text = "".join(parts)
            if not text.isspace():
                flush(text, linked)

    def kept(self, block: WalkedBlock) -> bool:
        return not block.boxes or self.dropped.isdisjoint(block.boxes)

    @cached_property
    def dropped_but_authors(self) -> set[HtmlElement]:
        return {box for box in self.dropped if self.boxes[box] not in _AUTHOR_RULES}

    def blocks_of(self, element: HtmlElement) -> list[WalkedBlock] | None:
        """The blocks under a block-level element the walk saw (None for any other)."""
        span = self.spans.get(element)
        if span is None:
            return None
        return self.blocks[span[0] : span[1]]

    def best(self, within: HtmlElement) -> HtmlElement | None:
        """The highest-scoring element under ``within`` (itself included)."""
        best, best_score = None, 0.0
        for element, score in self.scores.items():
            if score <= best_score or element.tag not in CONTAINER_TAGS:
                continue
            if not self.kept_element(element):
                continue
            if within is not self.root and within not in set(ancestors(element)):
                continue
            best, best_score = element, score
        return best

    def kept_element(self, element: HtmlElement) -> bool:
        return self.dropped.isdisjoint(ancestors(element)) if self.dropped else True


def find_headline(root: HtmlElement, headline: str | None) -> HtmlElement | None:
    """The heading that prints the headline: an ``<h1>``/``<h2>`` whose text is it,
    else the page's only ``<h1>``."""
    key = _key(headline)
    h1s = [node for node in root.iter("h1") if isinstance(node.tag, str)]
    if key:
        for node in (*h1s, *root.iter("h2")):
            if _key(text_content(node)) == key:
                return node
        for node in h1s:
            text = _key(text_content(node))
            if len(text) > 10 and (text in key or key in text):
                return node
    if len(h1s) == 1 and clean_text(h1s[0].text_content()):
        return h1s[0]
    return None


@dataclass(frozen=True)
class BodyHints:
    """What the body rules need from the rest of the page: explicit, read before."""

    headline: str | None = None
    title: str | None = None  # the <title> text, to tell an error page
    language: str | None = None
    description: str | None = None  # og:description / description / JSON-LD
    ld_body: str | None = None  # JSON-LD articleBody
    body_selectors: tuple[str, ...] = ()
    lead_selectors: tuple[str, ...] = ()
    code: str | None = None  # the site's signature code, None for any


class ArticleBody:
    """The article's paragraphs and signature, read from a page's pruned tree.

    ``rule`` names the rule that found the container (``css:…``, ``density``,
    ``article``, ``jsonld:articleBody``, ``error-page``); ``signature`` is
    ``(rule, text as printed)`` once ``paragraphs`` has been read.
    """

    def __init__(
        self,
        root: HtmlElement,
        hints: BodyHints,
        page_root: HtmlElement,
        printed: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        body = root.find(".//body")
        self.root = body if body is not None else root
        #: the page as printed, read inside ``printed()`` (where the page object pruned
        #: its one tree in place, ``page_root`` is ``root`` with the furniture put back)
        self.page_root = page_root
        self.printed = printed
        self.hints = hints
        self.rule: str | None = None
        self.signature: tuple[str, str] | None = None

    @cached_property
    def headline_key(self) -> str:
        return _key(self.hints.headline)

    @cached_property
    def heading(self) -> HtmlElement | None:
        return find_headline(self.root, self.hints.headline)

    @cached_property
    def walk(self) -> Walk:
        return Walk(self.root, self.heading)

    @property
    def pruned(self) -> dict[str, int]:
        """How many boilerplate boxes each rule left out (``word:share``: 3)."""
        return self.walk.rules

    def blocks(self, element: HtmlElement) -> list[Block]:
        """The text blocks under ``element``, without the boilerplate boxes."""
        walked = self.walk.blocks_of(element)
        if walked is None:
            return text_blocks(element)
        return [block for block in walked if self.walk.kept(block)]

    def byline_blocks(self, element: HtmlElement) -> list[Block]:
        """The blocks under ``element`` where a byline may be printed: as ``blocks``,
        with the author's boxes (``AUTHOR_WORDS``) kept."""
        walked = self.walk.blocks_of(element)
        if walked is None:
            return text_blocks(element)
        dropped = self.walk.dropped_but_authors
        return [b for b in walked if not b.boxes or dropped.isdisjoint(b.boxes)]

    @cached_property
    def core(self) -> HtmlElement:
        """The element the selectors or the scores point at."""
        element = self._by_selectors()
        if element is None:
            element = self._by_score()
        return self.root if element is None else element

    @cached_property
    def container(self) -> HtmlElement:
        """The core, grown to take in a lead printed outside it."""
        element = self.core
        lead = self._lead_element()
        if lead is not None and element not in set(ancestors(lead)):
            element = common_ancestor(element, lead)
        return element

    @cached_property
    def scope(self) -> HtmlElement:
        """The article as a whole (headline, photo, dates, text), for the other fields."""
        headline = self._headline_element()
        scope = self.container
        if headline is not None:
            scope = common_ancestor(self.container, headline)
        for node in ancestors(scope):
            if isinstance(node.tag, str) and node.tag.lower() in ("article", "main"):
                return node
            if node is self.root:
                break
        return scope

    def _by_selectors(self) -> HtmlElement | None:
        for query in self.hints.body_selectors:
            best, best_size = None, 0
            for node in css(self.root, query):
                size = sum(len(b.text) for b in self.blocks(node) if not is_furniture(b.text))
                if size > best_size:
                    best, best_size = node, size
            if best is not None and best_size >= _MIN_BODY_CHARS:
                self.rule = f"css:{query}"
                return best
        return None

    def _by_score(self) -> HtmlElement | None:
        walk = self.walk
        overall = walk.best(self.root)
        if overall is None:
            return None
        self.rule = "density"
        inner = self._sole_article(overall)
        if inner is not None:
            self.rule = "article:inner"
            return inner
        article = self._article_of_headline()
        if article is not None and article not in set(ancestors(overall)):
            inside = walk.best(article)
            if inside is not None and walk.scores[inside] * 4 >= walk.scores[overall]:
                self.rule = "article"
                return inside
        return overall

    def _sole_article(self, overall: HtmlElement) -> HtmlElement | None:
        """The one ``<article>`` inside the best-scoring element that holds most (60%) of
        its prose, unless the headline sits in another ``<article>``: the page says where
        its article is, and what the score adds around it (a paywall's notices, a device
        limit's explanations) is not its text. (Measured: at 50% Dagbladet's next
        article, longer than the page's own, was taken; the headline rule alone stops
        that, the share keeps a margin.)"""
        walk = self.walk
        total = walk.prose.get(overall, 0)
        if total <= 0:
            return None
        found = None
        for element in overall.iter("article"):
            if element is overall:
                continue
            prose = walk.prose.get(element, 0)
            if prose * 10 >= total * 6:
                if found is not None:
                    return None
                found = element
        if found is None or not walk.kept_element(found):
            return None
        if self.heading is not None:  # a headline in another <article>: that one is it
            for node in ancestors(self.heading):
                if node is found:
                    break
                if node.tag == "article":
                    return None
        inside = walk.best(found)
        return found if inside is None else inside

    def _article_of_headline(self) -> HtmlElement | None:
        """The innermost ``<article>`` or ``<main>`` that holds the headline."""
        if self.heading is None:
            return None
        for node in ancestors(self.heading):
            if node.tag in ("article", "main"):
                return node
            if node is self.root:
                break
        return None

    def _lead_element(self) -> HtmlElement | None:
        for query in self.hints.lead_selectors:
            for node in css(self.root, query):
                if count_words(" ".join(css(node, "::text"))) >= 8:
                    return node
        start = _key(self.hints.description)[:60]
        if len(start) >= 30:
            for block in self.blocks(self.root):
                if _key(block.text).startswith(start):
                    return block.element
        return self._standfirst()

    def _standfirst(self) -> HtmlElement | None:
        """A lead printed between the headline and the text in an element of its own
        (an <h2>, a bold <div>): a whole sentence or more, neither caption nor dateline."""
        headline = self._headline_element()
        if headline is None:
            return None
        between = []
        seen_headline = False
        for block in self.blocks(common_ancestor(self.core, headline)):
            inside = set(ancestors(block.element))
            if self.core in inside:
                break
            if headline in inside:
                seen_headline = True
            elif seen_headline and not self._is_noise(block, self.core):
                between.append(block)
        for block in reversed(between):
            if count_words(block.text) >= 15 and _SENTENCE_END.search(block.text):
                return block.element
        return None

    def _headline_element(self) -> HtmlElement | None:
        """Where the headline is printed above the text (any tag: h1, b, a div…)."""
        if not self.headline_key:
            return None
        inside = self.walk.spans.get(self.core)
        found = None
        for index, block in enumerate(self.walk.blocks):
            if inside and inside[0] <= index < inside[1]:
                continue
            if block.element.tag in ("title", "a") or _key(block.text) != self.headline_key:
                continue
            if block.element.tag in ("h1", "h2", "h3"):
                return block.element
            found = found if found is not None else block.element
        return found

    def _flags(self, element: HtmlElement, stop: HtmlElement | None) -> int:
        """What the element and its ancestors below ``stop`` are (``_FIGURE``,
        ``_ASIDE``, ``_CAPTION`` bits), and ``_REACHED`` when ``stop`` is one of them:
        memoised per element, so the blocks of one box share the walk up."""
        memo = self._flag_memos.setdefault(stop, {})
        chain = []
        node, flags = element, 0
        while True:
            if node is stop:
                flags = _REACHED
                break
            if node is None:
                break
            known = memo.get(node)
            if known is not None:
                flags = known
                break
            chain.append(node)
            node = node.getparent()
        own = self._own_flags
        for node in reversed(chain):
            mine = own.get(node)
            if mine is None:
                mine = _own_flags(node)
                if mine & _IMAGE and not self._small_box(node):
                    mine &= ~_IMAGE
                own[node] = mine
            flags |= mine
            memo[node] = flags
        return flags

    def _small_box(self, element: HtmlElement) -> bool:
        """Less text than a caption is long (``_IMAGE_BOX_CHARS``), read from the walk."""
        span = self.walk.spans.get(element)
        if span is None:
            return False
        size, blocks = 0, self.walk.blocks
        for index in range(*span):  # stops early: a page's wrapper may be so named
            size += len(blocks[index].text)
            if size >= _IMAGE_BOX_CHARS:
                return False
        return True

    @cached_property
    def _own_flags(self) -> dict[HtmlElement, int]:
        """Each element's own ``_own_flags``, whatever the stop."""
        return {}

    @cached_property
    def _flag_memos(self) -> dict[HtmlElement | None, dict[HtmlElement, int]]:
        return {}

    def dateline_blocks(self) -> list[Block]:
        """Where a publication date is printed: the scope's blocks outside the text, and
        datelines inside it; never a photo caption (an archive photo has its own date).
        Read once per page (the list is shared: do not change it)."""
        return self._dateline_blocks

    @cached_property
    def _dateline_blocks(self) -> list[Block]:
        out = []
        scope, container, language = self.scope, self.container, self.hints.language
        for block in self.blocks(scope):
            element = block.element
            if self._flags(element, None) & _FIGURE:
                continue
            if has_credit(block.text) or self._flags(element, scope) & _CAPTION:
                continue
            inside = self._flags(element, container) & _REACHED
            if inside and not is_dateline(block.text, language):
                continue
            out.append(block)
        return out

    # -- the text ------------------------------------------------------------------

    def _is_noise(self, block: Block, article: HtmlElement | None = None) -> bool:
        """Not the article's text; ``article`` (default: the container) bounds the
        ancestors whose tags and classes count."""
        text = block.text
        if block.element.tag == "h1":  # the page's title (or a logo), never its text
            return True
        if isinstance(block, WalkedBlock) and block.before_headline and self._prose_after_headline:
            return True  # a kicker, a date line, a breadcrumb printed above the headline
        if is_furniture(text) or _key(text) == self.headline_key:
            return True
        # only what lies inside the article counts: a page may wrap it all in an <aside>
        flags = self._flags(block.element, self.container if article is None else article)
        if flags & (_FIGURE | _ASIDE):
            return True
        if len(text) < 300 and (has_credit(text) or flags & (_CAPTION | _IMAGE)):
            return True
        if _link_heavy(block):
            return True
        if _names_newsletter(text):
            return True  # "Sign up for our newsletter", "Der BR24 Newsletter informiert Sie …"
        if "@" in text and _EMAIL.search(text) and not more_words_than(text, 39):
            return True  # "Got a story? Email webnews@…", a reporter's sign-off with address
        if self.furniture_boxes and not self.furniture_boxes.isdisjoint(ancestors(block.element)):
            return True
        if more_words_than(text, 20):  # a dateline is short: skip the date search
            return False
        if _byline(text):
            return True
        return is_dateline(text, self.hints.language)

    @cached_property
    def _prose_after_headline(self) -> bool:
        """The container prints a paragraph after the headline: what it prints before
        is not the text (a headline matched below the text must not empty it)."""
        return any(
            len(block.text) >= 80 and not getattr(block, "before_headline", False)
            for block in self.blocks(self.container)
        )

    @cached_property
    def furniture_boxes(self) -> set[HtmlElement]:
        """Small boxes that a furniture line heads ("Newsletter", "Publicidade", "Leia
        também"): everything in them is furniture, whatever their classes say."""
        boxes: set[HtmlElement] = set()
        core_blocks = self.walk.spans.get(self.core)
        for block in self.blocks(self.core) if core_blocks else self.blocks(self.root):
            if not is_furniture(block.text):
                continue
            box = block.element if len(block.element) else block.element.getparent()
            if box is None or box is self.core or self.core not in set(ancestors(box)):
                continue
            if len(clean_text(box.text_content()) or "") < 400:
                boxes.add(box)
        return boxes

    @cached_property
    def paragraphs(self) -> list[str]:
        title = " ".join(filter(None, (self.hints.headline, self.hints.title)))
        if any(pattern.search(fold(title)) for pattern in ERROR_PAGE_PATTERNS):
            self.rule = "error-page"
            return []
        kept: list[str] = []
        blocks = self.blocks(self.container)
        repeated = _repeated_labels(blocks)
        for block in blocks:
            if block.text in repeated or self._is_noise(block):
                continue
            if parse_signature(block.text):
                self.signature = ("text:signature", block.text)
                break
            text, signature = split_trailing_signature(block.text)
            if text:
                kept.append(text)
            if signature:
                self.signature = ("text:signature-inline", signature)
                break
        kept = _trim_tail(self._trim_head(kept))
        if not kept:
            kept = self._from_structured_data() or self._from_script() or self._from_description()
        if self.signature is None:
            self.signature = self._signature_anywhere()
        return kept

    def _trim_head(self, kept: list[str]) -> list[str]:
        """Drop kickers, bylines and labels printed above the lead."""
        while kept and (
            _BYLINE_LINE.match(kept[0])
            and count_words(kept[0]) <= 8
            or count_words(kept[0]) < 6
            and not _SENTENCE_END.search(kept[0])
        ):
            kept = kept[1:]
        return kept

    def _from_structured_data(self) -> list[str]:
        text = self.hints.ld_body
        if not text:
            return []
        self.rule = "jsonld:articleBody"
        chunks = [clean_text(chunk) for chunk in re.split(r"\n\s*\n|\n", text)]
        return [chunk for chunk in chunks if chunk]

    def _from_script(self) -> list[str]:
        """A page that prints its text with JavaScript (a Next.js or Nuxt app) holds the
        article's HTML in a JSON string of a script: the string with the most text in
        paragraphs, read as HTML. Only asked when the page printed no text."""
        best: list[str] = []
        with self.printed():
            scripts = [script.text or "" for script in self.page_root.iter("script")]
        for code in scripts:
            if not any(tag in code for tag in _PARAGRAPH_TAGS):
                continue
            for match in _JSON_STRING.finditer(code):
                raw = match.group(1)
                if len(raw) < 500 or not any(tag in raw for tag in _PARAGRAPH_TAGS):
                    continue
                try:
                    markup = json.loads(f'"{raw}"')
                    fragment = lxml_html.fragment_fromstring(markup, create_parent="div")
                except (ValueError, etree.ParserError):
                    continue
                texts = [b.text for b in text_blocks(fragment) if not is_furniture(b.text)]
                if sum(map(len, texts)) > sum(map(len, best)):
                    best = texts
        if best:
            self.rule = "script:html"
        return best

    def _from_description(self) -> list[str]:
        """The last resort of a page whose text is only in a script (an app's JSON):
        the summary it gives in its meta tags, rather than nothing."""
        text = clean_text(self.hints.description)
        if not text or count_words(text) < 8 and len(text) < 40:
            return []
        self.rule = "meta:description"
        return [text]

    def _signature_anywhere(self) -> tuple[str, str] | None:
        """A signature printed anywhere on the page: the site's code anywhere in the
        page; any code (the generic profile) in the blocks the walk read."""
        if self.hints.code:
            code = f"--{self.hints.code}"
            with self.printed():
                printed = etree.tostring(self.page_root, method="text", encoding="unicode")
                if code not in printed:
                    return None
                blocks: list[Block] = text_blocks(self.page_root)
        else:
            code, blocks = "--", list(self.walk.blocks)
        for block in blocks:
            if code not in block.text:
                continue
            _, signature = split_trailing_signature(block.text)
            candidate = signature or block.text
            if parse_signature(candidate):
                return ("text:signature-page", candidate)
        return None


def _names_newsletter(text: str) -> bool:
    """A newsletter named in a text of 39 words or fewer: ``NEWSLETTER_NAMES`` searched
    in the lower-cased text (case-sensitive: cheaper than the case-blind search), then the
    word count (which stops at the 40th word)."""
    if text.isascii() or not NEWSLETTER_ODD_CASE.search(text):
        found = NEWSLETTER_NAMES_LOWER.search(text.lower()) is not None
    else:
        found = NEWSLETTER_NAMES.search(text) is not None
    return found and not more_words_than(text, 39)


#: An e-mail address; it starts only where a run of its characters starts, so each run
#: is read once (linear)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++\.\w")


def _byline(text: str) -> bool:
    """A byline line ("Von Anna Sleegers, Frankfurt", "By Reuters"): a byline word, at
    most eight words, no sentence (a short sentence may start with "De")."""
    return bool(
        _BYLINE_LINE.match(text) and not more_words_than(text, 8) and not _SENTENCE_END.search(text)
    )


def _trim_tail(kept: list[str]) -> list[str]:
    """Drop up to three labels printed after the last paragraph ("Comments", "Latest
    stories", "Subjects"): short lines, no sentence, after a sentence. A list that ends
    the text (short items one after another) stays: what precedes it is no sentence."""
    labels = 0
    for text in reversed(kept):
        if count_words(text) >= 6 or _SENTENCE_END.search(text):
            break
        labels += 1
    if 0 < labels <= 3 and len(kept) > labels and _SENTENCE_END.search(kept[-labels - 1]):
        return kept[:-labels]
    return kept


def _repeated_labels(blocks: list[Block]) -> set[str]:
    """Labels printed twice or more in the article ("Article content", "Advertisement",
    "Enlarge image"): one to three words on their own, no heading, list item or
    sentence. Measured: dropping every such label alone cost the scrapinghub corpus
    recall (its texts keep short lines); the repeated ones gain on both corpora."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for block in blocks:
        if _label(block):
            (repeated if block.text in seen else seen).add(block.text)
    return repeated


def _label(block: Block) -> bool:
    if block.element.tag in _HEADINGS or block.element.tag in ("li", "td", "th", "dd", "dt"):
        return False
    return not more_words_than(block.text, 3) and not _SENTENCE_END.search(block.text)


#: Bits of ``ArticleBody._flags``: a figure or its caption, an aside, a caption box
#: (class words ``_CAPTION_WORDS``, or ending in ``_CAPTION_ENDS``), the stop element
#: itself reached going up, and a photo's box that holds little text (``_IMAGE_WORDS``).
_FIGURE, _ASIDE, _CAPTION, _REACHED, _IMAGE = 1, 2, 4, 8, 16
#: Class words of a photo's box; what it prints, when it holds little text, is the
#: photo's caption and credit (a recipe or a slideshow in a box so named holds more)
_IMAGE_WORDS = frozenset(["image", "images", "img", "picture", "pic"])
_IMAGE_BOX_CHARS = 400


def _own_flags(element: HtmlElement) -> int:
    tag = element.tag
    flags = _FIGURE if tag in ("figure", "figcaption") else _ASIDE if tag == "aside" else 0
    words = class_words(element)
    if not words:
        return flags
    if not words.isdisjoint(_CAPTION_WORDS) or any(w.endswith(_CAPTION_ENDS) for w in words):
        flags |= _CAPTION
    if not words.isdisjoint(_IMAGE_WORDS):
        flags |= _IMAGE
    return flags


def _link_heavy(block: Block) -> bool:
    """A link, or a line made mostly of links: a teaser, a tag list, a menu."""
    if isinstance(block, WalkedBlock):
        density = block.link_density
    else:
        total = len(block.text)
        anchors = block.element.iter("a")
        density = sum(len(clean_text(a.text_content()) or "") for a in anchors) / max(1, total)
    if density <= 0.6:
        return False
    if len(block.text) >= 300:
        return density > 0.8
    # a sentence of a dozen words or more with a link in it is prose, unless the link
    # is most of it (measured: 0.6-0.7 was text on both corpora, 0.7-0.8 mostly not)
    if density <= 0.7 and _SENTENCE_END.search(block.text):
        return not more_words_than(block.text, 11)
    return True
