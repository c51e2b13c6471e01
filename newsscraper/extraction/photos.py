"""The article's photos and, for each, its caption and credit.

Rules per photo, first that yields: the enclosing ``<figure>`` and its ``<figcaption>``,
the image's ``title``, a caption box next to the image (site selectors or a class that
says caption/legend/credit), ``data-caption``/``data-credit``, the ``alt`` text. For
the lead photo only: JSON-LD ``image`` and ``og:image``, and a printed ``/ Foto: X``
line anywhere in the article.

Every function takes what it reads as arguments (``PhotoInputs``: elements, meta
values, selectors) and returns a value and the rule that gave it; none knows the page
object, and only the page object records rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from newsscraper.extraction.dom import ancestors, css, element_text, ld_text, text_content
from newsscraper.extraction.text import clean_credit, clean_text, has_credit, split_caption


class _Words:
    """A pattern of lower-case ASCII words searched case-insensitively: in an ASCII
    text (URLs, class names: nearly all) as the lower-cased text and a case-sensitive
    pattern, which is the same answer ~6x faster on a long image URL than
    ``re.IGNORECASE``; other texts with the flag (it also folds ``ſ``, ``ı``, ``K``)."""

    def __init__(self, pattern: str) -> None:
        self._lower = re.compile(pattern)
        self._folded = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> bool:
        if text.isascii():
            return self._lower.search(text.lower()) is not None
        return self._folded.search(text) is not None


_DECORATION = _Words(
    r"logo|icon|sprite|pixel|blank|spacer|avatar|placeholder|banner|badge|emoji|/ads?/|"
    r"doubleclick|gravatar|favicon"
)
#: Images a site sends when a page has no photo of its own (og:image fallbacks).
_DEFAULT_IMAGE = _Words(r"default|fallback|share[-_]?image|social|og[-_]image")
_CAPTION_CLASS = _Words(r"caption|legend|credit|copyright|bildunterschrift|legenda")
_CREDIT_CLASS = _Words(r"credit|copyright|fonte|quelle|source|autor")
_SRC_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-srcset", "src", "srcset")

Photo = dict[str, Any]


def _first_url(value: str) -> str:
    return value.strip().split(",")[0].strip().split(" ")[0]


def _photo_key(photo: Photo) -> str:
    """A photo's file name without size suffix and extension: kim-1200x675.jpg -> kim."""
    name = urlsplit(photo["url"]).path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return re.sub(r"[-_](?:\d+x\d+|w\d+|\d+w|large|medium|small|thumb)$", "", name)


def _key_text(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@dataclass(frozen=True)
class PhotoInputs:
    """What the photo rules read of a page."""

    url: str
    #: The article as a whole (headline, photo, text) and the element holding its text.
    scope: HtmlElement
    container: HtmlElement
    og_image: str | None = None
    og_image_alt: str | None = None
    #: JSON-LD's ``image`` value (a URL, an ImageObject, or a list of them).
    ld_image: Any = None
    #: The site's selectors of caption and credit boxes.
    caption_queries: tuple[str, ...] = ()
    credit_queries: tuple[str, ...] = ()
    #: True for a link to another article of the site (a teaser's thumbnail).
    links_elsewhere: Callable[[str], bool] = lambda href: False


def _src(img: HtmlElement, base: str) -> str | None:
    for attr in _SRC_ATTRS:
        value = img.get(attr)
        if value and not value.strip().startswith("data:"):
            return urljoin(base, _first_url(value))
    return None


def _is_decoration(img: HtmlElement, url: str) -> bool:
    described = f"{url} {img.get('class', '')} {img.get('id', '')}"
    if _DECORATION.search(described) or urlsplit(url).path.lower().endswith((".svg", ".gif")):
        return True
    for attr in ("width", "height"):
        size = (img.get(attr) or "").strip().rstrip("px")
        if size.isdigit() and int(size) < 100:
            return True
    return False


def _is_teaser(img: HtmlElement, inputs: PhotoInputs) -> bool:
    """Thumbnails that link to another article belong to a related box."""
    link = next(img.iterancestors("a"), None)  # the nearest <a> around it (lxml's walk up)
    if link is None:
        return False
    return inputs.links_elsewhere(urljoin(inputs.url, link.get("href", "")))


def _caption_box(
    img: HtmlElement, inputs: PhotoInputs, boxed: dict[HtmlElement, bool] | None = None
) -> str | None:
    """Caption and credit printed in boxes next to the image (up to 3 levels up).

    A box the markup calls a credit gets a ``Foto:`` label if it printed none, so
    ``split_caption`` can tell it from the caption. ``boxed`` keeps, per element, whether
    its class says caption or it prints a short credit: the levels overlap, and so do a
    page's photos.
    """
    boxed = {} if boxed is None else boxed
    beside = set(ancestors(img))
    parent: HtmlElement | None = img.getparent()
    # Each level holds the one below. When the boxes are known by their classes alone
    # (no selectors, or selectors of one element each: ``.caption``, not ``.a .b``),
    # what the level below held said nothing and would say it again: only the rest of
    # each level is read, in document order, so the three levels read each node once.
    local = all(map(_one_element, (*inputs.caption_queries, *inputs.credit_queries)))
    below: HtmlElement | None = None
    for _ in range(3):
        if parent is None:
            return None
        credits = {n for query in inputs.credit_queries for n in css(parent, query)}
        marked = credits | {n for query in inputs.caption_queries for n in css(parent, query)}
        texts: list[str] = []
        taken: set[HtmlElement] = set()
        if local and below is not None:
            nodes = (n for child in parent if child is not below for n in child.iter())
        else:
            nodes = parent.iter()
        for node in nodes:
            if node in beside or not isinstance(node.tag, str):
                continue
            if not (node in marked or _boxed(node, boxed)):
                continue
            if taken.isdisjoint(ancestors(node)):
                taken.add(node)
                label = f"{node.get('class', '')} {node.get('id', '')}"
                text = clean_text(element_text(node))
                is_credit = node in credits or _CREDIT_CLASS.search(label)
                if text and is_credit and not has_credit(text):
                    text = f"Foto: {text}"
                if text:
                    texts.append(text)
        if texts:
            return " / ".join(texts)
        parent, below = parent.getparent(), parent
    return None


#: A selector of one element (``figcaption``, ``.image-caption``, ``#credit``): it
#: matches the same elements under any ancestor
_ONE_ELEMENT = re.compile(r"[\w.#-]+")


@lru_cache(maxsize=256)
def _one_element(query: str) -> bool:
    return _ONE_ELEMENT.fullmatch(query) is not None


@lru_cache(maxsize=4096)  # a page repeats its classes
def _caption_class(label: str) -> bool:
    return label != " " and _CAPTION_CLASS.search(label)


def _boxed(node: HtmlElement, memo: dict[HtmlElement, bool]) -> bool:
    """Whether an element's class says caption, or its text is short and carries a
    credit (memoised per element)."""
    found = memo.get(node)
    if found is None:
        found = _caption_class(f"{node.get('class', '')} {node.get('id', '')}")
        if not found:
            shown = text_content(node)
            found = len(shown) < 300 and has_credit(shown)
        memo[node] = found
    return found


def _describe(
    img: HtmlElement, inputs: PhotoInputs, boxed: dict[HtmlElement, bool] | None = None
) -> tuple[str | None, str | None, bool]:
    """(caption, credit, whether the markup says this is an article photo).

    The printed texts are read in order, lazily: the caption boxes are not searched when
    the figure's caption or the title already gave caption and credit."""
    figure = next((n for n in ancestors(img) if n.tag == "figure"), None)

    def printed() -> Iterator[str | None]:
        if figure is not None:
            yield " ".join(element_text(c) for c in figure.iter("figcaption"))
        yield img.get("title")
        yield _caption_box(img, inputs, boxed)
        yield img.get("data-caption")
        yield img.get("alt")

    credit_attr = clean_credit(img.get("data-credit"))
    caption = credit = None
    for text in printed():
        cap, cred = split_caption(text)
        caption = caption or cap
        credit = credit or cred
        if caption and credit:
            break
    sized = any(int(v) >= 300 for v in (img.get("width", ""), img.get("height", "")) if v.isdigit())
    return caption, credit_attr or credit, figure is not None or sized or bool(caption or credit)


def structured_photos(ld_image: Any, base: str) -> list[Photo]:
    """The photos JSON-LD's ``image`` lists, with caption and credit when it has them."""
    photos = []
    for image in ld_image if isinstance(ld_image, list) else [ld_image] if ld_image else []:
        url = ld_text(image)
        if not url:
            continue
        node = image if isinstance(image, dict) else {}
        credit = ld_text(node.get("creditText")) or ld_text(node.get("copyrightHolder"))
        caption, printed_credit = split_caption(ld_text(node.get("caption")))
        photos.append(
            {
                "url": urljoin(base, url),
                "caption": caption,
                "credit": clean_credit(credit) or printed_credit,
            }
        )
    return photos


def article_photos(inputs: PhotoInputs) -> tuple[list[Photo], str | None]:
    """(every article photo, lead first; the rule of the lead's URL)."""
    found: list[Photo] = []
    og = inputs.og_image
    og_name = urlsplit(urljoin(inputs.url, og)).path.rsplit("/", 1)[-1] if og else None
    container = inputs.container
    boxed: dict[HtmlElement, bool] = {}
    for img in inputs.scope.iter("img", "amp-img"):
        url = _src(img, inputs.url)
        if not url or _is_decoration(img, url) or _is_teaser(img, inputs):
            continue
        caption, credit, is_photo = _describe(img, inputs, boxed)
        in_text = container in img.iterancestors(container.tag)  # elements: by identity
        if is_photo or in_text or (og_name and url.endswith(og_name)):
            found.append({"url": url, "caption": caption, "credit": credit})
    rule = "html:img" if found else None
    photos, extra_rule = _with_structured(found, structured_photos(inputs.ld_image, inputs.url))
    return photos, extra_rule or rule


def _with_structured(found: list[Photo], ld_photos: list[Photo]) -> tuple[list[Photo], str | None]:
    """Add the photos JSON-LD describes (caption or credit) that the markup does not
    show as <img>: a hero drawn as a CSS background, a script-built gallery. The
    JSON-LD order holds: its first image is the lead when the page's is not an <img>."""
    shown = {_photo_key(photo) for photo in found}
    captions = {_key_text(photo["caption"]) for photo in found if photo["caption"]}
    extra = [
        photo
        for photo in ld_photos
        if (photo["caption"] or photo["credit"])
        and _photo_key(photo) not in shown
        and (not photo["caption"] or _key_text(photo["caption"]) not in captions)
    ]
    if not extra:
        return found, None
    if extra[0] is ld_photos[0]:
        return [extra[0], *found, *extra[1:]], "jsonld:image"
    return [*found, *extra], "jsonld:image"


def lead_photo(photos: list[Photo], inputs: PhotoInputs) -> tuple[Photo | None, str | None]:
    """(the lead photo, the rule of its URL when it is not the first article photo):
    the first article photo, else JSON-LD's first image, else ``og:image`` unless it is
    a site's default picture."""
    if photos:
        return dict(photos[0]), None
    ld_photos = structured_photos(inputs.ld_image, inputs.url)
    if ld_photos:
        return dict(ld_photos[0]), "jsonld:image"
    og = inputs.og_image
    if og and not _DECORATION.search(og) and not _DEFAULT_IMAGE.search(og):
        caption, credit = split_caption(inputs.og_image_alt)
        return {"url": urljoin(inputs.url, og), "caption": caption, "credit": credit}, "og:image"
    return None, None


def printed_credit(texts: Iterable[str]) -> tuple[tuple[str | None, str] | None, str | None]:
    """((caption, credit), rule) from a ``caption / Foto: credit`` line printed anywhere
    in the article, for a lead photo whose markup gives no credit.

    >>> printed_credit(["Der Text.", "Kim in Pjöngjang / Foto: STR/AFP"])
    (('Kim in Pjöngjang', 'STR/AFP'), 'text:credit')
    >>> printed_credit(["Der Text."])
    (None, None)
    """
    for text in texts:
        if len(text) < 300 and has_credit(text):
            caption, credit = split_caption(text)
            if credit:
                return (caption, credit), "text:credit"
    return None, None
