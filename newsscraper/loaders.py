"""ArticleLoader: which cleaning applies to which field, and how values collapse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itemloaders.common import wrap_loader_context
from itemloaders.processors import Identity, Join, MapCompose, TakeFirst
from itemloaders.utils import arg_to_iter
from scrapy.loader import ItemLoader

from newsscraper.extraction.text import (
    clean_credit,
    clean_paragraph,
    clean_text,
    split_keywords,
    unique,
)
from newsscraper.items import BOOL_FIELDS, LIST_FIELDS, PIPELINE_FIELDS, ArticleItem


def _lower_language(value: str) -> str | None:
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _image(value: dict[str, Any]) -> dict[str, Any] | None:
    url = clean_text(value.get("url"))
    if not url:
        return None
    return {
        "url": url,
        "caption": clean_text(value.get("caption")),
        "credit": clean_credit(value.get("credit")),
    }


def _unique_images(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for image in values:
        if image["url"] not in seen:
            seen.add(image["url"])
            out.append(image)
    return out


class ArticleLoader(ItemLoader):
    """Cleans raw values from the page object into an ArticleItem.

    Missing scalars come out as ``None`` and missing lists as ``[]`` (see ``load``).
    """

    default_item_class = ArticleItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    headline_in = MapCompose(clean_text)  # the page strips site names (extraction.headline)
    body_in = MapCompose(clean_paragraph)
    body_out = Join("\n\n")
    lead_in = MapCompose(clean_paragraph)
    photo_credit_in = MapCompose(clean_credit)
    language_in = MapCompose(_lower_language)
    authors_out = Identity()
    keywords_in = MapCompose(split_keywords)
    keywords_out = unique
    images_in = MapCompose(_image)
    images_out = _unique_images
    word_count_in = Identity()
    partial_in = Identity()
    published_at_in = Identity()
    modified_at_in = Identity()

    # The processors per field, found once per loader and item class: itemloaders looks
    # each up per value, through an ``ItemAdapter`` of the item where the loader names
    # none. They are class attributes and item-field metadata, never set per loader.
    _processors: dict[tuple[type, type, str, str], Callable[..., Any]] = {}

    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        return self._processor(field_name, "in", super().get_input_processor)

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        return self._processor(field_name, "out", super().get_output_processor)

    def _processor(
        self, field_name: str, side: str, find: Callable[[str], Callable[..., Any]]
    ) -> Callable[..., Any]:
        key = (type(self), type(self.item), field_name, side)
        try:
            return self._processors[key]
        except KeyError:
            found = find(field_name)
            if getattr(found, "__self__", None) is not self:  # a method: this loader's
                self._processors[key] = found
            return found

    def clean(self, field: str, value: Any) -> list[Any]:
        """The field's input cleaning applied to one raw value (for rule fallbacks)."""
        processor = wrap_loader_context(self.get_input_processor(field), self.context)
        return [v for v in arg_to_iter(processor(value)) if v not in (None, "")]

    def load(self) -> ArticleItem:
        """The item with every field present: None, [] or False where the page had nothing."""
        item = self.load_item()
        for name in ArticleItem.fields:
            if name not in item and name not in PIPELINE_FIELDS:
                item[name] = [] if name in LIST_FIELDS else False if name in BOOL_FIELDS else None
        return item
