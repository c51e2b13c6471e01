"""The shortcuts that make extraction cheap give the same answers as the long way.

Each shortcut (skipping subtrees while pruning, per-name caches of class words, the
prefilters of the credit and date patterns, word counts that stop early) is checked
against a plain reference written here, on generated inputs: a shortcut that changed
a single answer would fail these, whatever the corpora say.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import re
import unicodedata
import weakref

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from parsel import Selector

from newsscraper.extraction import body, dom, text
from newsscraper.extraction.dates import _DATE, read_text_dates
from newsscraper.extraction.page import extraction_of, open_page, read_page, resolve_site
from newsscraper.sites import COMMON_FURNITURE, COMMON_FURNITURE_WORDS

# -- references: the long way ---------------------------------------------------------


def reference_compound_words(names: str) -> frozenset[str]:
    parts = [part.lower() for part in dom._WORD_PART.findall(names)]
    return frozenset(parts) | {a + b for a, b in zip(parts, parts[1:], strict=False)}


def reference_pruned(selector: Selector, queries: tuple[str, ...], words: frozenset[str]) -> str:
    """Copy, match every query and every element's words on the whole tree, then drop
    each match in order unless it is a wrapper."""
    root = copy.deepcopy(selector.root)
    total = len(dom._text(root))
    matched = []
    for query in queries:
        matched.extend(dom.css(root, query))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        names, ident = element.get("class"), element.get("id")
        if (names or ident) and not reference_compound_words(
            f"{names or ''} {ident or ''}"
        ).isdisjoint(words):
            matched.append(element)
    for element in matched:
        if element.getparent() is None or reference_wrapper(element, total):
            continue
        dom._drop_keep_tail(element)
    return etree.tostring(root, encoding="unicode")


def reference_wrapper(element: etree._Element, total: int) -> bool:
    if element.tag == "h1" or next(element.iter("h1"), None) is not None:
        return True
    return len(element) > 0 and len(dom._text(element)) * 2 > total


def reference_credit(value: str) -> bool:
    start = max(0, len(value) - text._CREDIT_TAIL)
    for pattern in text._CREDIT_PATTERNS:
        match = pattern.search(value, start)
        if match and len(match.group("credit")) <= text._CREDIT_MAX:
            return True
    return False


# -- generated pages ------------------------------------------------------------------

_TAGS = [
    "div",
    "section",
    "p",
    "span",
    "nav",
    "form",
    "footer",
    "svg",
    "aside",
    "ul",
    "li",
    "header",
]
_CLASSES = [
    "",
    "share",
    "share-box",
    "main",
    "text-size",
    "textSize",
    "jp-relatedposts",
    "advert",
    "m-advertisement-off-canvas--pusher",
    "font-size-is-default",
    "story body",
    "SOCIAL links",
    "media-caption",
    "imageLegend small",
]
_WORDS = ["Rain", "came", "back", "on", "Monday", "and", "the", "harvest", "was", "saved."]


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS if depth else ["div", "form", "section"]))
    klass = draw(st.sampled_from(_CLASSES))
    ident = draw(st.sampled_from(["", "", "topAd", "comments", "content"]))
    attrs = (f' class="{klass}"' if klass else "") + (f' id="{ident}"' if ident else "")
    words = " ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=30)))
    children = []
    if depth < 3:
        children = draw(st.lists(trees(depth + 1), max_size=3))
    if depth == 2 and draw(st.booleans()):
        children.append("<h1>Rain at last</h1>")
    tail = " ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=5)))
    return f"<{tag}{attrs}>{words}{''.join(children)}</{tag}>{tail}"


@settings(max_examples=150, deadline=None)
@given(st.lists(trees(), min_size=1, max_size=3))
def test_pruned_drops_what_the_full_search_drops(parts: list[str]) -> None:
    # tried: wrappers (an h1 inside, or most of the text) that are tag matches with
    # furniture words inside, nested in each other, beside plain furniture
    page = dom.parse_html("<html><body>" + "".join(parts) + "</body></html>")
    queries = (*COMMON_FURNITURE, "div.story")
    expected = reference_pruned(page, queries, COMMON_FURNITURE_WORDS)
    got = dom.pruned(page, queries, COMMON_FURNITURE_WORDS)
    assert etree.tostring(got.root, encoding="unicode") == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(trees(), min_size=1, max_size=3))
def test_pruning_in_place_puts_the_page_back_as_printed(parts: list[str]) -> None:
    # the page object prunes its one tree in place (no copy) and puts the furniture
    # back for the reads that want the page as printed: both ways, exactly
    html = "<html><body>" + "".join(parts) + "<!-- c --> tail</body></html>"
    page = dom.parse_html(html)
    printed = etree.tostring(page.root, encoding="unicode")
    elements = [e for e in page.root.iter() if isinstance(e.tag, str)]
    before = [_markup(e) for e in elements]
    queries = (*COMMON_FURNITURE, "div.story")
    expected = reference_pruned(page, queries, COMMON_FURNITURE_WORDS)
    pruning = dom.prune(page.root, queries, COMMON_FURNITURE_WORDS)
    assert etree.tostring(page.root, encoding="unicode") == expected
    for element, markup in zip(elements, before, strict=True):
        # an element the pruning does not hold reads the same pruned or as printed
        assert pruning.holds(element) or _markup(element) == markup
    assert pruning.holds(page.root) is (expected != printed)
    for _ in range(2):
        with pruning.printed(), pruning.printed():  # nested: one restore
            assert etree.tostring(page.root, encoding="unicode") == printed
        assert etree.tostring(page.root, encoding="unicode") == expected


def _markup(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)


def test_a_read_page_is_freed_without_the_cycle_collector() -> None:
    # a page object in a reference cycle (its tree with it) lives until a full
    # collection: in a crawl, hundreds of trees
    prose = "After a dry summer the rain came back on Monday, the farmers said. " * 6
    html = (
        "<html lang=en><title>Rain at last</title><body><nav>Menu</nav><h1>Rain at last"
        f"</h1><article><p>{prose}</p><script>x()</script><p>{prose}</p></article></body>"
    )
    page = open_page("https://bugle.example/news/rain.html", html, resolve_site(None))
    assert extraction_of(page).item["body"]
    alive = weakref.ref(page)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del page
        assert alive() is None
    finally:
        if enabled:
            gc.enable()


def test_pruned_searches_inside_a_kept_form() -> None:
    # an ASP.NET <form> around the whole page stays; the share box inside it goes
    html = (
        "<html><body><form><h1>Rain at last</h1><p>" + "Rain came back. " * 20 + "</p>"
        '<div class="share-box"><a href="#">Share</a></div><nav>Menu</nav></form>'
        "</body></html>"
    )
    clean = dom.pruned(dom.parse_html(html), COMMON_FURNITURE, COMMON_FURNITURE_WORDS)
    assert clean.css("form h1") and clean.css("form p")
    assert not clean.css(".share-box") and not clean.css("nav")


_NAME = st.text(alphabet="abcdefgAZQX-_ 0123456789é", max_size=40)


@settings(max_examples=500, deadline=None)
@given(_NAME, st.sets(st.sampled_from(sorted(COMMON_FURNITURE_WORDS | {"ab", "a", "zq"}))))
def test_names_match_is_the_compound_word_test(names: str, words: set[str]) -> None:
    expected = not reference_compound_words(names).isdisjoint(words)
    assert dom.names_match(names, frozenset(words)) is expected


_PROSE = st.lists(
    st.sampled_from(
        [*"abc xyzCO:©()/|-.", "Foto", "Photo:", "copyright", "COPYRIGHT ", "(c) ", "(C) "]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30), _PROSE, st.text(max_size=30))
def test_credit_prefilter_never_hides_a_credit(head: str, middle: str, end: str) -> None:
    value = head + middle + end
    assert (text._credit_match(value) is not None) is reference_credit(value)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab 12.,:/-", max_size=50) | st.text(max_size=80))
def test_words_over_a_limit_are_counted_as_count_words_does(value: str) -> None:
    for limit in (0, 3, 20):
        assert text.more_words_than(value, limit) is (text.count_words(value) > limit)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123 ./-年月日 Nov ember de,", max_size=40))
def test_no_date_without_four_digits(value: str) -> None:
    if not re.search(r"\d{4}", value):
        assert _DATE.search(value) is None
        assert read_text_dates(value, "en", None) == []


def test_read_page_counts_the_boxes_the_body_left_out() -> None:
    prose = "After a dry summer the rain came back on Monday, the farmers said. " * 6
    html = (
        "<html lang=en><title>Rain at last</title><body><h1>Rain at last</h1><article>"
        f"<p>{prose}</p><aside><p>Other story</p></aside><aside><p>More</p></aside>"
        f"<div class='sidebar'><p>Most read</p></div><p>{prose}</p></article></body></html>"
    )
    extraction = read_page("https://bugle.example/news/rain.html", html, resolve_site(None))
    assert extraction.counts == {"body/pruned/tag:aside": 2, "body/pruned/word:sidebar": 1}
    assert extraction.rules["body"] == "density"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab 1.,'’-金正恩はカ\u00e9_", max_size=40) | st.text(max_size=60))
def test_count_words_takes_the_plain_pattern_only_without_ideographs(value: str) -> None:
    # the reference is the one pattern that handles every script
    assert text.count_words(value) == len(text._WORD.findall(value))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u200bab\u0301é\n", max_size=30) | st.text(max_size=40))
def test_one_line_paragraph_is_cleaned_as_text(value: str) -> None:
    lines = (text.clean_text(line) for line in value.split("\n"))
    expected = "\n".join(line for line in lines if line) or None  # the many-line way
    assert text.clean_paragraph(value) == expected


def test_crawl_counts_the_body_pruning_in_its_stats(fresh_replica, tmp_path) -> None:
    # the replica's article pages print share boxes and asides around the text: the
    # spider adds each page's body/pruned counts to extract/body/pruned/<rule>
    from tests.crawling import run_crawl
    from tests.replica import expected_items

    wanted = list(expected_items(fresh_replica.base_url))[:2]
    urls = ",".join(e["canonical_url"] for e in wanted)
    crawl = run_crawl(tmp_path, f"url={urls}", settings={"DATABASE_URL": ""})
    assert crawl.returncode == 0
    pruned = {k: v for k, v in crawl.stats.items() if k.startswith("extract/body/pruned/")}
    assert pruned, sorted(crawl.stats)
    assert all(isinstance(v, int) and v >= 1 for v in pruned.values())


# -- the body's walk: the shortcuts against the walk as it was ------------------------


def reference_boilerplate_rule(element: etree._Element) -> str | None:
    """Four ``get`` per element and the cached word rule: the rule before the walk
    inlined it."""
    tag = element.tag
    if tag in body.BOILERPLATE_TAGS:
        return f"tag:{tag}"
    if tag not in dom.BLOCK_TAGS:
        return None
    style = element.get("style")
    if style and "none" in style and body._HIDDEN_STYLE.search(style):
        return "style:hidden"
    if element.get("hidden") is not None:
        return "attr:hidden"
    names, ident = element.get("class"), element.get("id")
    if not names and not ident:
        return None
    return body._word_rule(f"{names or ''} {ident or ''}")


def reference_inline_caption(element: etree._Element) -> bool:
    """An inline element read as a caption box: its tag, then its class words."""
    if element.tag not in body.INLINE_BOX_TAGS:
        return False
    words = dom.name_words(element.get("class") or "")
    return any(word.endswith(("caption", "captions", "legend")) for word in words)


class ReferenceWalk(body.Walk):
    """The walk before its shortcuts: a frame for every element, every element asked
    for its boilerplate rule, every text run cut by ``split_blocks``."""

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
        open_boxes: list[etree._Element] = []
        owners: list[etree._Element] = [root]
        seen_headline = headline is None

        def flush(link_words: int) -> None:
            text = "".join(parts)
            parts.clear()
            if not text or text.isspace():
                return  # most flushes, between nested blocks
            text = text.replace("\n", " ").replace("\0", "\n")
            # links measured in printed characters (no spaces): the raw text is mostly
            # indentation, and Japanese or Chinese prints a whole paragraph as one "word"
            solid = len("".join(text.split())) or 1
            owner, frame = owners[-1], stack[-1]
            for chunk in dom.split_blocks(text):
                share = min(len(chunk), len(chunk) * link_words // solid)
                block = body.WalkedBlock(chunk, owner, share, tuple(open_boxes), not seen_headline)
                blocks.append(block)
                frame[1] += body.block_weight(block)
                if len(chunk) >= 80 and share * 3 <= len(chunk):
                    frame[2] += len(chunk) - share

        walker = etree.iterwalk(root, events=dom.WALK_EVENTS)
        for event, node in walker:
            if event == "start":
                tag = node.tag
                if node is not root and (
                    tag in dom.SKIP_TAGS or tag == "br" or type(tag) is not str
                ):
                    if tag == "br":
                        parts.append("\0")  # a line break, kept through the cleaning
                    walker.skip_subtree()
                    continue
                inline_caption = reference_inline_caption(node)
                if tag in dom.BLOCK_TAGS or node is root or inline_caption:
                    if parts:
                        flush(linked)
                        linked = 0
                    owners.append(node)
                if node is headline:
                    seen_headline = True
                box = "word:caption" if inline_caption else reference_boilerplate_rule(node)
                if box and node in protected:
                    box = None
                if box:
                    open_boxes.append(node)
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
                if node is not root and (
                    tag in dom.SKIP_TAGS or tag == "br" or type(tag) is not str
                ):
                    pass  # skipped at its start: only its tail below
                else:
                    if tag == "a":
                        in_link -= 1
                    block = tag in dom.BLOCK_TAGS or node is root or reference_inline_caption(node)
                    if block:
                        if parts:
                            flush(linked)
                            linked = 0
                        owners.pop()
                    first, score, chars, box = stack.pop()
                    if block:
                        spans[node] = (first, len(blocks))
                        scores[node] = score
                        prose[node] = chars
                    if box:
                        open_boxes.pop()
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
            flush(linked)


_INLINE = ["a", "span", "b", "em", "small", "br", "br", "img", "button", "menu"]
_STYLES = ["", "", "display:none", "color: red", "display : none"]


@st.composite
def walk_trees(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS + _INLINE if depth else ["div", "form", "section"]))
    klass = draw(st.sampled_from(_CLASSES))
    ident = draw(st.sampled_from(["", "", "topAd", "comments", "content"]))
    style = draw(st.sampled_from(_STYLES))
    attrs = (f' class="{klass}"' if klass else "") + (f' id="{ident}"' if ident else "")
    attrs += (f' style="{style}"' if style else "") + (" hidden" if draw(st.booleans()) else "")
    attrs = " ".join(draw(st.permutations(attrs.split(" ")))) if " " in attrs else attrs
    words = " ".join(draw(st.lists(st.sampled_from([*_WORDS, "\n", "<!-- c -->"]), max_size=30)))
    children = []
    if depth < 3 and tag not in ("br", "img"):
        children = draw(st.lists(walk_trees(depth + 1), max_size=3))
    if depth == 2 and draw(st.booleans()):
        children.append("<h1>Rain at last</h1>")
    tail = " ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=5)))
    if tag in ("br", "img"):
        return f"<{tag}{attrs}>{tail}"
    return f"<{tag}{attrs}>{words}{''.join(children)}</{tag}>{tail}"


def _walked(walk: body.Walk) -> tuple:
    blocks = [(b.text, b.element, b.linked, b.boxes, b.before_headline) for b in walk.blocks]
    return blocks, walk.spans, walk.scores, walk.prose, walk.boxes, walk.dropped, walk.rules


@settings(max_examples=300, deadline=None)
@given(st.lists(walk_trees(), min_size=1, max_size=3))
def test_walk_answers_as_the_walk_without_shortcuts(parts: list[str]) -> None:
    # tried: inline elements (no frame now) inside blocks and boxes, furniture tags that
    # are not blocks (button, menu), the headline's ancestors (protected boxes), <br>
    # runs (cut by split_blocks) beside one-line text, links, comments, hidden styles
    # and attributes in any order
    root = dom.parse_html("<html><body>" + "".join(parts) + "</body></html>").root
    start = root.find(".//body")
    headline = next(start.iter("h1"), None)
    assert _walked(body.Walk(start, headline)) == _walked(ReferenceWalk(start, headline))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["class", "id", "style", "hidden", "title"]), unique=True, max_size=5),
    st.sampled_from(_CLASSES),
    st.sampled_from(_STYLES),
)
def test_box_rule_reads_the_attributes_as_get_does(
    names: list[str], klass: str, style: str
) -> None:
    values = {"class": klass, "id": "topAd", "style": style, "hidden": "", "title": "x"}
    attrs = " ".join(f'{name}="{values[name]}"' for name in names)
    element = dom.parse_html(f"<html><body><div {attrs}>x</div></body></html>").root
    div = next(element.iter("div"))
    assert body.boilerplate_rule(div) == reference_boilerplate_rule(div)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="LOGOlogo/ADSads-_ſıİK\u212aicon x.é", max_size=40) | st.text(max_size=40))
def test_photo_words_are_searched_as_ignorecase_searches_them(value: str) -> None:
    from newsscraper.extraction import photos

    for words in (photos._DECORATION, photos._CAPTION_CLASS, photos._DEFAULT_IMAGE):
        reference = re.compile(words._lower.pattern, re.IGNORECASE)
        assert words.search(value) is (reference.search(value) is not None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Share", "Partilhar", "Anzeige", "A-", "A+", " ", ":", "DAX", "1,5 %"])
        | st.text(max_size=6),
        max_size=6,
    ).map("".join)
)
@example("Share\x1f")  # an information separator: whitespace to Unicode \s, not to ASCII's
def test_furniture_is_one_of_the_patterns(value: str) -> None:
    from newsscraper.extraction.tables import FURNITURE_PATTERNS

    expected = any(pattern.fullmatch(value) for pattern in FURNITURE_PATTERNS)
    assert text._is_furniture.__wrapped__(value) is expected


_PARAGRAPH = st.text(alphabet="ab Σσß\u0301\u0327ﬁ①\u1100\u1161\u11a8-.,\n\t\u00a0金", max_size=12)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PARAGRAPH | st.text(max_size=12), max_size=5), st.text(max_size=12))
def test_fingerprint_by_paragraph_is_the_fingerprint_of_the_whole_body(
    paragraphs: list[str], headline: str
) -> None:
    # combining marks, Hangul jamo and compatibility characters at paragraph edges
    body = "\n\n".join(paragraphs)
    whole = text.normalise_for_fingerprint(headline) + "\n" + text.normalise_for_fingerprint(body)
    expected = hashlib.sha256(whole.encode("utf-8")).hexdigest()
    assert text.fingerprint(headline, body) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="A.Seabra-\u200b\u00ad PC/ \n\u0301", max_size=30) | st.text(max_size=30))
def test_signature_prefilter_never_hides_a_signature(value: str) -> None:
    cleaned = text.clean_text(value)
    if cleaned is None or "--" not in cleaned:
        assert text.parse_signature(value) is None
    else:  # the long way: the prefilter did not decide
        assert text.parse_signature(value) == text.parse_signature(cleaned)


@settings(max_examples=500, deadline=None)
@given(_PROSE | st.text(alphabet="abc (C)opyright:\t\n ©", max_size=30) | st.text(max_size=30))
def test_credit_is_looked_for_in_the_cleaned_text(value: str) -> None:
    expected = text._credit_match(text.clean_text(value) or "") is not None
    assert text.has_credit.__wrapped__(value) is expected


def reference_clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = unicodedata.normalize("NFC", text._ZERO_WIDTH.sub("", value))
    return " ".join(cleaned.split()) or None


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet="ab \u00a0\u200b\u00ad\u200e\u0301\u3000\t\n\x1fé\u1100\u1161", max_size=20)
    | st.text(max_size=30)
)
def test_clean_text_of_a_clean_text_is_the_long_way(value: str) -> None:
    assert text.clean_text(value) == reference_clean_text(value)
    cleaned = reference_clean_text(value)
    assert text.clean_text(cleaned) == reference_clean_text(cleaned)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="".join(map(chr, range(128))), max_size=40) | st.text(max_size=30))
def test_ascii_keys_are_made_as_the_pattern_makes_them(value: str) -> None:
    folded = unicodedata.normalize("NFKC", value).casefold()
    expected = " ".join(text._PUNCTUATION.sub(" ", folded).split())
    assert text.normalise_for_fingerprint(value) == expected


_FURNITURE_WORDS = ["Share", "SHARE", "Advertisement", "Related", "Text size", "A-", "A+", "Dow"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_FURNITURE_WORDS, " ", ":", "|", "1,5 %", "ki", "KI", "s"])
        | st.text(alphabet="".join(map(chr, range(128))), max_size=5),
        max_size=6,
    ).map("".join)
)
def test_ascii_furniture_is_the_unicode_furniture(value: str) -> None:
    expected = any(pattern.fullmatch(value) for pattern in text._FURNITURE)
    assert text._is_furniture.__wrapped__(value) is expected


@settings(max_examples=300, deadline=None)
@given(st.lists(trees(), min_size=1, max_size=3), st.text(max_size=20))
def test_text_length_is_the_length_of_the_text(parts: list[str], extra: str) -> None:
    clean = extra.replace("<", " ").replace("&", " ")
    page = dom.parse_html(f"<html><body>{''.join(parts)}<p>{clean}</p><script>x&lt;1</script>")
    for element in page.root.iter():
        if isinstance(element.tag, str):
            assert dom._text_length(element) == len(dom._text(element))


# -- fifth round (branch cpu3): whole-tree XPath by iter, the parse, the word rule --------

_HEAD_PARTS = [
    '<script type="application/ld+json">{"@type": "NewsArticle"}</script>',
    '<script type="application/ld+json"></script>',
    '<script type="application/ld+json"> </script>',
    '<script type="application/LD+json">{"a": 1}</script>',
    "<script>var x = 1 < 2;</script>",
    '<link rel="canonical">',
    '<link rel="canonical" href="">',
    '<link rel="canonical" href="/a">',
    '<link rel="Canonical" href="/b">',
    '<link rel="\tcanonical\namphtml " href="/c">',
    '<link rel="canonicalx" href="/d">',
    '<link rel="alternate canonical" href="/e">',
    '<link rel="\x0ccanonical" href="/g">',  # no XML space: not a word of its own
    '<link rel="&nbsp;canonical" href="/h">',
    '<link href="/f">',
    "<title>Rain at last</title>",
    "<title></title>",
    "<title> </title>",
    '<meta itemprop="datePublished" content="2024-11-30">',
    '<meta name="description" content="Rain">',
    "<style>p { color: red }</style>",
]
_BODY_PARTS = [
    '<div itemprop="articleBody"><p itemprop="x">Rain</p></div>',
    '<span ITEMPROP="author">Kim</span>',
    '<svg><title>Logo</title><script type="application/ld+json">{"b": 2}</script></svg>',
    '<link rel="canonical" href="/in-body">',
    "<title>Second</title>",
    "<p>Rain came back.</p>",
    "<!-- a comment -->",
    "<template><script type='application/ld+json'>[1]</script></template>",
    "\x00",
    "<p>\x00x</p>",
]


@st.composite
def head_and_body(draw: st.DrawFn) -> str:
    head = "".join(draw(st.lists(st.sampled_from(_HEAD_PARTS), max_size=6)))
    body = "".join(draw(st.lists(st.sampled_from(_BODY_PARTS), max_size=6)))
    space = draw(st.sampled_from(["", " ", "\n\t ", "\x00 ", " \x00"]))
    return f"{space}<html><head>{head}</head><body>{body}</body></html>{space}"


@settings(max_examples=300, deadline=None)
@given(head_and_body() | st.text(alphabet="<>ab \x00\n/=\"'", max_size=30))
def test_parse_is_parsels_parse(html: str) -> None:
    # the NULs removed from the UTF-8 bytes, not from the text; no table of ids
    from parsel.selector import create_root_node

    if not html:
        html = "<html></html>"
    expected = create_root_node(html, dom._HtmlParser, huge_tree=True)
    got = dom.parse_html(html).root
    assert etree.tostring(got, encoding="unicode") == etree.tostring(expected, encoding="unicode")


@settings(max_examples=300, deadline=None)
@given(head_and_body())
def test_page_reads_by_iter_are_the_whole_tree_queries(html: str) -> None:
    from newsscraper.extraction import page

    root = dom.parse_html(html).root
    ld = root.xpath("//script[@type='application/ld+json']/text()", smart_strings=False)
    assert dom.ld_scripts(root) == ld
    canonical = dom.css(root, "link[rel~=canonical]::attr(href)")
    assert dom.canonical_link(root) == next(iter(canonical), None)
    assert dom.first_title(root) == next(iter(dom.css(root, "title::text")), None)
    assert page._ITEMPROP_NODES(root) == root.xpath("//*[@itemprop]")


def test_a_title_or_script_holding_an_element_is_read_by_its_text_nodes() -> None:
    # never built by the parser (their content is text); a tree built by hand may
    root = dom.parse_html("<html><head><title>a</title></head><body></body></html>").root
    title = next(root.iter("title"))
    title.append(etree.Comment("c"))
    title[0].tail = "b"
    script = etree.SubElement(root.find("body"), "script", type="application/ld+json")
    script.text = "{}"
    script.append(etree.Comment("c"))
    script[0].tail = "[]"
    assert dom.first_title(root) == "a"
    assert dom.ld_scripts(root) == ["{}", "[]"]
    title.text = None
    assert dom.first_title(root) == "b"


def reference_word_rule(names: str) -> str | None:
    """The word rule before its lower-case ASCII table: the pattern's parts."""
    if "__" in names:
        names = " ".join(body._bem_element(name) for name in names.split())
    if not names.islower() and body._DIGIT.search(names):
        names = body._without_hashes(names)
    parts = [part.lower() for part in dom._WORD_PART.findall(names)]
    found = body.BOILERPLATE_WORDS.intersection(parts)
    if not found and len(parts) > 1:
        found = body.BOILERPLATE_WORDS.intersection(
            a + b for a, b in zip(parts, parts[1:], strict=False)
        )
    return f"word:{min(found)}" if found else None


_WORD_BITS = [*sorted(body.BOILERPLATE_WORDS)[::3], "sign", "in", "ad", "s", "mostread", "most"]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(_WORD_BITS)
        | st.sampled_from([" ", "-", "_", "__", "2", "07", "é", ":", "A", "x"])
        | st.text(alphabet="abdegimnorst0123 -_", max_size=6),
        max_size=8,
    ).map("".join)
)
@example("sign2in")  # a digit between two parts: no joined word
@example("sign-in nav_2")
@example("sign in")  # neighbours across class names join (as the pattern's parts do)
def test_word_rule_on_lower_case_ascii_is_the_patterns_rule(names: str) -> None:
    assert body._word_rule(names) == reference_word_rule(names)


_SCRIPT_SIZES = st.sampled_from([0, 1, 40, 400, 4000])


_FORM_PAGE = ["<form><p>Rain came back on Monday and the harvest was saved.</p></form>"]


@settings(max_examples=200, deadline=None)
@given(st.lists(trees(), min_size=1, max_size=3), _SCRIPT_SIZES, _SCRIPT_SIZES)
@example(_FORM_PAGE, 0, 0)  # the form holds most of the text: a wrapper, kept
@example(_FORM_PAGE, 4000, 0)  # the script holds most of it: the form goes
def test_pruned_without_words_needs_the_page_text_only_for_large_matches(
    parts: list[str], script: int, style: int
) -> None:
    # the scripts' and styles' text bounds the page's from below: when no match can
    # hold half of it, no match is a wrapper, as the page's whole length says
    html = (
        f"<html><head><style>{'s' * style}</style></head><body>"
        f"<script>{'x' * script}</script>{''.join(parts)}</body></html>"
    )
    page = dom.parse_html(html)
    expected = reference_pruned(page, COMMON_FURNITURE, frozenset())
    dom.prune(page.root, COMMON_FURNITURE)
    assert etree.tostring(page.root, encoding="unicode") == expected


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet="ab é1.,'’-・゛金カ\u3000", max_size=40) | st.text(max_size=40),
    st.integers(min_value=0, max_value=8),
)
@example("é a b 金", 2)  # an ideograph after the words: not read
@example("é ・ a", 1)  # kana's middle dot is a word of _WORD's, not of \w's
def test_words_over_a_limit_read_only_as_far_as_the_limit(value: str, limit: int) -> None:
    assert text.more_words_than(value, limit) is (text.count_words(value) > limit)


@settings(max_examples=300, deadline=None)
@given(st.lists(walk_trees(), min_size=1, max_size=3))
@example(["<p>Rain<!-- c -->came</p><p>a &amp; b<![CDATA[x]]></p><p></p><span>é</span>"])
def test_text_content_of_a_childless_element_is_its_text(parts: list[str]) -> None:
    # every element of generated pages: leaves (their text, or none), comments between
    # texts (a child: the XPath), entities, CDATA and inline elements
    root = dom.parse_html("<html><body>" + "".join(parts) + "</body></html>").root
    for element in root.iter():
        if isinstance(element.tag, str):
            assert dom.text_content(element) == element.text_content()


def test_cached_property_reads_once_and_stores_in_the_instance() -> None:
    from newsscraper.extraction.memo import cached_property

    class Page:
        reads = 0

        @cached_property
        def words(self) -> list[str]:
            """The page's words."""
            type(self).reads += 1
            return ["rain"]

    page, other = Page(), Page()
    assert page.words is page.words and page.__dict__["words"] == ["rain"]
    assert other.words == ["rain"] and Page.reads == 2  # per instance
    assert isinstance(Page.words, cached_property) and Page.words.__doc__ == "The page's words."
    del page.words  # cleared as functools' is: read again
    assert page.words == ["rain"] and Page.reads == 3


def reference_normalised(value: str | None) -> str:
    """``normalise_for_fingerprint`` by its rule: NFKC, case folded, punctuation out."""
    folded = unicodedata.normalize("NFKC", value or "").casefold()
    return " ".join(text._PUNCTUATION.sub(" ", folded).split())


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40)
    | st.text(alphabet="Ab ,.\x1c\x1f\t\n-_'é\ufb01ſ\u212a\u00a0", max_size=30)
    | st.text(max_size=40)
)
@example("A\x1fB")  # U+001F: a space to str.split, not to bytes.split
@example("\ufb01")  # the ligature fi: ASCII after NFKC
def test_normalised_text_is_the_rule_applied_character_by_character(value: str) -> None:
    assert text.normalise_for_fingerprint(value) == reference_normalised(value)
