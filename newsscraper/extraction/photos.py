"""The article's photos and, for each, its caption and credit.

Rules per photo, first that yields: the enclosing ``<figure>`` and its ``<figcaption>``,
the image's ``title``, a caption box next to the image (site selectors or a class that
says caption/legend/credit), ``data-caption``/``data-credit``, the ``alt`` text. For
the lead photo only: JSON-LD ``image`` and ``og:image``, and a printed ``/ Foto: X``
line anywhere in the article.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from newsscraper.extraction.dom import ancestors, css, element_text, ld_text
from newsscraper.extraction.text import clean_credit, clean_text, has_credit, split_caption

if TYPE_CHECKING:
    from newsscraper.extraction.page import ArticlePage

_DECORATION = re.compile(
    r"logo|icon|sprite|pixel|blank|spacer|avatar|placeholder|banner|badge|emoji|/ads?/|"
    r"doubleclick|gravatar|favicon",
    re.IGNORECASE,
)
#: Images a site sends when a page has no photo of its own (og:image fallbacks).
_DEFAULT_IMAGE = re.compile(r"default|fallback|share[-_]?image|social|og[-_]image", re.I)
_CAPTION_CLASS = re.compile(r"caption|legend|credit|copyright|bildunterschrift|legenda", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|fonte|quelle|source|autor", re.I)
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


class PhotoFinder:
    def __init__(self, page: ArticlePage) -> None:
        self.page = page

    def _src(self, img: HtmlElement) -> str | None:
        for attr in _SRC_ATTRS:
            value = img.get(attr)
            if value and not value.strip().startswith("data:"):
                return urljoin(self.page.url, _first_url(value))
        return None

    def _is_decoration(self, img: HtmlElement, url: str) -> bool:
        described = f"{url} {img.get('class', '')} {img.get('id', '')} {img.get('alt', '')[:0]}"
        if _DECORATION.search(described) or urlsplit(url).path.lower().endswith((".svg", ".gif")):
            return True
        for attr in ("width", "height"):
            size = (img.get(attr) or "").strip().rstrip("px")
            if size.isdigit() and int(size) < 100:
                return True
        return False

    def _is_teaser(self, img: HtmlElement) -> bool:
        """Thumbnails that link to another article belong to a related box."""
        for node in ancestors(img):
            if node.tag == "a":
                href = urljoin(self.page.url, node.get("href", ""))
                linked = self.page.site.article(urlsplit(href).path)
                own = self.page.path_match
                return linked is not None and not (own and linked.article_id == own.article_id)
        return False

    def _caption_box(self, img: HtmlElement) -> str | None:
        """Caption and credit printed in boxes next to the image (up to 3 levels up).

        A box the markup calls a credit gets a ``Foto:`` label if it printed none, so
        ``split_caption`` can tell it from the caption.
        """
        site = self.page.site.selectors
        parent: HtmlElement | None = img.getparent()
        for _ in range(3):
            if parent is None:
                return None
            credits = {n for query in site.credit for n in css(parent, query)}
            marked = credits | {n for query in site.caption for n in css(parent, query)}
            texts: list[str] = []
            taken: set[HtmlElement] = set()
            beside = set(ancestors(img))
            for node in parent.iter():
                if node in beside or not isinstance(node.tag, str):
                    continue
                label = f"{node.get('class', '')} {node.get('id', '')}"
                shown = node.text_content()
                printed_credit = len(shown) < 300 and has_credit(shown)
                wanted = node in marked or _CAPTION_CLASS.search(label) or printed_credit
                if wanted and taken.isdisjoint(ancestors(node)):
                    taken.add(node)
                    text = clean_text(element_text(node))
                    is_credit = node in credits or _CREDIT_CLASS.search(label)
                    if text and is_credit and not has_credit(text):
                        text = f"Foto: {text}"
                    if text:
                        texts.append(text)
            if texts:
                return " / ".join(texts)
            parent = parent.getparent()
        return None

    def _describe(self, img: HtmlElement) -> tuple[str | None, str | None, bool]:
        """(caption, credit, whether the markup says this is an article photo)."""
        figure = next((n for n in ancestors(img) if n.tag == "figure"), None)
        printed: list[str | None] = []
        if figure is not None:
            printed.append(" ".join(element_text(c) for c in figure.iter("figcaption")))
        printed += [img.get("title"), self._caption_box(img)]
        credit_attr = clean_credit(img.get("data-credit"))
        printed += [img.get("data-caption"), img.get("alt")]
        caption = credit = None
        for text in printed:
            cap, cred = split_caption(text)
            caption = caption or cap
            credit = credit or cred
            if caption and credit:
                break
        sized = any(
            int(v) >= 300 for v in (img.get("width", ""), img.get("height", "")) if v.isdigit()
        )
        return (
            caption,
            credit_attr or credit,
            figure is not None or sized or bool(caption or credit),
        )

    @cached_property
    def images(self) -> list[Photo]:
        found: list[Photo] = []
        og = self.page.meta.get("og:image")
        og_name = urlsplit(urljoin(self.page.url, og)).path.rsplit("/", 1)[-1] if og else None
        container = self.page.body.container
        for img in self.page.body.scope.iter("img", "amp-img"):
            url = self._src(img)
            if not url or self._is_decoration(img, url) or self._is_teaser(img):
                continue
            caption, credit, is_photo = self._describe(img)
            in_text = container in set(ancestors(img))
            if is_photo or in_text or (og_name and url.endswith(og_name)):
                found.append({"url": url, "caption": caption, "credit": credit})
        if found:
            self.page.rules["photo_url"] = "html:img"
        return self._with_structured(found)

    def _with_structured(self, found: list[Photo]) -> list[Photo]:
        """Add the photos JSON-LD describes (caption or credit) that the markup does not
        show as <img>: a hero drawn as a CSS background, a script-built gallery. The
        JSON-LD order holds: its first image is the lead when the page's is not an <img>."""
        shown = {_photo_key(photo) for photo in found}
        captions = {_key_text(photo["caption"]) for photo in found if photo["caption"]}
        extra = [
            photo
            for photo in self.ld_photos
            if (photo["caption"] or photo["credit"])
            and _photo_key(photo) not in shown
            and (not photo["caption"] or _key_text(photo["caption"]) not in captions)
        ]
        if not extra:
            return found
        self.page.rules["photo_url"] = "jsonld:image"
        ld_first = self.ld_photos[0]
        if extra[0] is ld_first:
            return [extra[0], *found, *extra[1:]]
        return [*found, *extra]

    @cached_property
    def ld_photos(self) -> list[Photo]:
        """The photos JSON-LD's ``image`` lists, with caption and credit when it has them."""
        images = self.page.ld.get("image") or []
        photos = []
        for image in images if isinstance(images, list) else [images]:
            url = ld_text(image)
            if not url:
                continue
            node = image if isinstance(image, dict) else {}
            credit = ld_text(node.get("creditText")) or ld_text(node.get("copyrightHolder"))
            caption, printed_credit = split_caption(ld_text(node.get("caption")))
            photos.append(
                {
                    "url": urljoin(self.page.url, url),
                    "caption": caption,
                    "credit": clean_credit(credit) or printed_credit,
                }
            )
        return photos

    @cached_property
    def lead(self) -> Photo | None:
        photo = dict(self.images[0]) if self.images else self._structured_photo()
        if photo is None:
            return None
        if not photo.get("credit"):
            self._complete_from_text(photo)
        return photo

    def _structured_photo(self) -> Photo | None:
        page = self.page
        if self.ld_photos:
            page.rules["photo_url"] = "jsonld:image"
            return dict(self.ld_photos[0])
        og = page.meta.get("og:image")
        if og and not _DECORATION.search(og) and not _DEFAULT_IMAGE.search(og):
            page.rules["photo_url"] = "og:image"
            caption, credit = split_caption(page.meta.get("og:image:alt"))
            return {"url": urljoin(page.url, og), "caption": caption, "credit": credit}
        return None

    def _complete_from_text(self, photo: Photo) -> None:
        """A ``caption / Foto: credit`` line printed somewhere in the article."""
        for block in self.page.body.blocks(self.page.body.scope):
            if len(block.text) < 300 and has_credit(block.text):
                caption, credit = split_caption(block.text)
                photo["caption"] = photo.get("caption") or caption
                photo["credit"] = credit
                self.page.rules["photo_credit"] = "text:credit"
                return
