"""The article text: which element holds it, which of its blocks are the article.

Order of rules: the site's body selectors (microdata first), then a text-density
guess; the container then grows to take in a lead printed outside it. Blocks are kept
unless a text pattern says furniture (ticker, text-size control, share links), the
headline printed again, the photo caption, a dateline, or a link list. The article
ends at the signature (``A.Seabra--PC``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from newsscraper.extraction.dates import is_dateline
from newsscraper.extraction.dom import (
    Block,
    ancestors,
    common_ancestor,
    css,
    hint,
    ld_text,
    text_blocks,
)
from newsscraper.extraction.tables import ERROR_PAGE_PATTERNS, fold
from newsscraper.extraction.text import (
    clean_text,
    count_words,
    has_credit,
    is_furniture,
    normalise_for_fingerprint,
    parse_signature,
    split_trailing_signature,
)

if TYPE_CHECKING:
    from newsscraper.extraction.page import ArticlePage

_MIN_BODY_CHARS = 150
_SENTENCE_END = re.compile(r"[.!?:;\"'“”»«)…]$")
# \s*:?\s+ written so that the two space runs cannot split one run between them
_BYLINE_LINE = re.compile(
    r"^(?:Por|Von|By|De|Par|Di|Autor|Author)\s*+:?\s*+(?<=\s)\S", re.IGNORECASE
)
_CAPTION_HINT = re.compile(r"caption|legend|credit|copyright|bildunterschrift|foto|photo")


def _key(text: str | None) -> str:
    return normalise_for_fingerprint(text)


def _link_density(element: HtmlElement) -> float:
    total = len(clean_text(element.text_content()) or "")
    if not total:
        return 0.0
    linked = sum(len(clean_text(a.text_content()) or "") for a in element.iter("a"))
    return linked / total


class BodyExtractor:
    """Finds the article's paragraphs and signature in a page's pruned tree."""

    def __init__(self, page: ArticlePage) -> None:
        self.page = page
        self.signature: tuple[str, str] | None = None  # (rule, text as printed)
        self._blocks: dict[HtmlElement, list[Block]] = {}

    @cached_property
    def root(self) -> HtmlElement:
        body = self.page.clean.root.find(".//body")
        return body if body is not None else self.page.clean.root

    def blocks(self, element: HtmlElement) -> list[Block]:
        """``text_blocks(element)``, read once per element: the rules ask several times."""
        if element not in self._blocks:
            self._blocks[element] = text_blocks(element)
        return self._blocks[element]

    @cached_property
    def headline_key(self) -> str:
        return _key(self.page.headline)

    @cached_property
    def core(self) -> HtmlElement:
        """The element the selectors or the text density point at."""
        element = self._by_selectors()
        if element is None:
            element = self._by_density()
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
        for query in self.page.site.selectors.body:
            best, best_size = None, 0
            for node in css(self.page.clean.root, query):
                size = sum(len(b.text) for b in self.blocks(node) if not is_furniture(b.text))
                if size > best_size:
                    best, best_size = node, size
            if best is not None and best_size >= _MIN_BODY_CHARS:
                self.page.rules["body"] = f"css:{query}"
                return best
        return None

    def _by_density(self) -> HtmlElement | None:
        scores: dict[HtmlElement, float] = defaultdict(float)
        for block in self.blocks(self.root):
            if len(block.text) < 40 or is_furniture(block.text):
                continue
            owner = block.element
            holder = (
                owner.getparent() if owner.tag == "p" and owner.getparent() is not None else owner
            )
            scores[holder] += len(block.text) * (1 - _link_density(owner))
            parent = holder.getparent()
            if parent is not None:
                scores[parent] += len(block.text) / 2
        if not scores:
            return None
        self.page.rules["body"] = "density"
        return max(scores, key=lambda node: scores[node])

    def _lead_element(self) -> HtmlElement | None:
        page = self.page
        for query in page.site.selectors.lead:
            for node in css(page.clean.root, query):
                if count_words(" ".join(css(node, "::text"))) >= 8:
                    return node
        description = (
            ld_text(page.ld.get("description"))
            or page.meta.get("og:description")
            or page.meta.get("description")
        )
        start = _key(description)[:60]
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
            elif seen_headline and not self._is_noise(block):
                between.append(block)
        for block in reversed(between):
            if count_words(block.text) >= 15 and _SENTENCE_END.search(block.text):
                return block.element
        return None

    def _headline_element(self) -> HtmlElement | None:
        """Where the headline is printed above the text (any tag: h1, b, a div…)."""
        headline = self.headline_key
        if not headline:
            return None
        inside = set(self.core.iter())
        best = None
        for node in self.root.iter():
            if not isinstance(node.tag, str) or node in inside or node.tag in ("title", "a"):
                continue
            if _key(node.text_content()) == headline:
                best = node  # keep the innermost: iter() visits parents first
                if node.tag in ("h1", "h2", "h3"):
                    break
        return best

    def dateline_blocks(self) -> list[Block]:
        """Where a publication date is printed: the scope's blocks outside the text, and
        datelines inside it; never a photo caption (an archive photo has its own date)."""
        out = []
        for block in self.blocks(self.scope):
            inside = set(ancestors(block.element))
            if {n.tag for n in inside if isinstance(n.tag, str)} & {"figure", "figcaption"}:
                continue
            if has_credit(block.text) or _CAPTION_HINT.search(hint(block.element)):
                continue
            if self.container in inside and not is_dateline(block.text, self.page.language):
                continue
            out.append(block)
        return out

    # -- the text ------------------------------------------------------------------

    def _is_noise(self, block: Block) -> bool:
        text = block.text
        if is_furniture(text) or _key(text) == self.headline_key:
            return True
        tags = {node.tag for node in ancestors(block.element) if isinstance(node.tag, str)}
        if tags & {"figure", "figcaption", "aside"}:
            return True
        if len(text) < 300 and (has_credit(text) or _CAPTION_HINT.search(hint(block.element))):
            return True
        if len(text) < 300 and _link_density(block.element) > 0.6:
            return True
        if self.furniture_boxes and not self.furniture_boxes.isdisjoint(ancestors(block.element)):
            return True
        if count_words(text) > 20:  # a dateline is short: skip the date search
            return False
        return is_dateline(text, self.page.language)

    @cached_property
    def furniture_boxes(self) -> set[HtmlElement]:
        """Small boxes that a furniture line heads ("Newsletter", "Publicidade", "Leia
        também"): everything in them is furniture, whatever their classes say."""
        boxes: set[HtmlElement] = set()
        for block in self.blocks(self.root):
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
        printed = (self.page.headline, self.page.selector.css("title::text").get())
        title = " ".join(filter(None, printed))
        if any(pattern.search(fold(title)) for pattern in ERROR_PAGE_PATTERNS):
            self.page.rules["body"] = "error-page"
            return []
        kept: list[str] = []
        for block in self.blocks(self.container):
            if self._is_noise(block):
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
        kept = self._trim_head(kept)
        if not kept:
            kept = self._from_structured_data()
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
        text = ld_text(self.page.ld.get("articleBody"))
        if not text:
            return []
        self.page.rules["body"] = "jsonld:articleBody"
        chunks = [clean_text(chunk) for chunk in re.split(r"\n\s*\n|\n", text)]
        return [chunk for chunk in chunks if chunk]

    def _signature_anywhere(self) -> tuple[str, str] | None:
        code = f"--{self.page.site.code}"
        for block in text_blocks(self.page.selector.root):
            if code in block.text:
                _, signature = split_trailing_signature(block.text)
                candidate = signature or block.text
                if parse_signature(candidate):
                    return ("text:signature-page", candidate)
        return None
