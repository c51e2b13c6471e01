"""The quick schema pass (newsscraper.pipelines.schema) never accepts what jsonschema
rejects, accepts the valid items, and leaves spidermon's stats as spidermon keeps them.

Tried: every golden fixture's expected item, and each of them broken one field at a
time in every way the schema can refuse (missing, null, wrong type, empty, off-pattern,
extra key, out of range, bad list entries), compared with jsonschema's Draft 7 verdict.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from scrapy.utils.test import get_crawler

from newsscraper.items import ArticleItem
from newsscraper.pipelines.schema import SchemaValidationPipeline, Unsupported, quick_check
from newsscraper.schemas import ARTICLE_SCHEMA

FIXTURES = Path(__file__).parent / "fixtures"
VALIDATOR = jsonschema.Draft7Validator(ARTICLE_SCHEMA)
QUICK = quick_check(ARTICLE_SCHEMA)


def fixture_items() -> list[dict]:
    items = []
    for path in sorted(FIXTURES.glob("*/*/expected.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        item.setdefault("scraped_at", "2026-12-02T04:00:00+00:00")
        items.append(item)
    return items


ITEMS = fixture_items()
VALID = [item for item in ITEMS if VALIDATOR.is_valid(item)]
BROKEN_VALUES = [None, "", "x", " ", 0, 1, 1.0, -1, True, [], [""], ["ok"], {}, [{}], "ftp://x"]


def broken(item: dict) -> list[dict]:
    """The item with one field removed or replaced by each odd value, and with a stranger."""
    variants = []
    for name in item:
        missing = dict(item)
        del missing[name]
        variants.append(missing)
        for value in BROKEN_VALUES:
            variants.append({**item, name: value})
    variants.append({**item, "unexpected": 1})
    if item.get("images"):
        first = copy.deepcopy(item)
        del first["images"][0]["credit"]
        variants.append(first)
        first = copy.deepcopy(item)
        first["images"][0]["url"] = "relative.jpg"
        variants.append(first)
    return variants


def test_every_valid_fixture_item_passes_the_quick_checks():
    assert len(VALID) >= 40  # the fixtures hold valid items to compare
    assert all(QUICK(item) for item in VALID)


def test_the_quick_checks_never_accept_what_jsonschema_rejects():
    rejected = accepted = 0
    for item in VALID[:12]:
        for variant in broken(item):
            if VALIDATOR.is_valid(variant):
                accepted += 1
                continue
            rejected += 1
            assert not QUICK(variant), (variant.get("url"), set(variant) ^ set(item))
    assert rejected > 1000 and accepted > 0  # both verdicts were met


def test_a_keyword_it_does_not_know_means_no_quick_checks():
    with pytest.raises(Unsupported, match="enum"):
        quick_check({"type": "object", "properties": {"a": {"enum": [1, 2]}}})


def _pipeline(**settings) -> tuple[SchemaValidationPipeline, object]:
    crawler = get_crawler(
        settings_dict={
            "SPIDERMON_ENABLED": True,
            "SPIDERMON_VALIDATION_SCHEMAS": ["newsscraper.schemas.ARTICLE_SCHEMA"],
            **settings,
        }
    )
    crawler.stats.open_spider()
    return SchemaValidationPipeline.from_crawler(crawler), crawler.stats


def test_the_pipeline_counts_as_spidermon_and_leaves_errors_to_it():
    pipeline, stats = _pipeline()
    assert pipeline.quick  # the shipped schema gets the quick pass
    good = ArticleItem(**VALID[0])
    bad = ArticleItem(**{**VALID[0], "word_count": 0, "headline": ""})
    for item in (good, good, bad):
        assert pipeline.process_item(item) is item
    assert stats.get_value("spidermon/validation/items") == 3
    assert stats.get_value("spidermon/validation/fields") == 3 * len(ARTICLE_SCHEMA["required"])
    assert stats.get_value("spidermon/validation/items/errors") == 1
    assert stats.get_value("spidermon/validation/fields/errors") == 2  # named by spidermon
    assert stats.get_value("spidermon/validation/fields/errors/should_be_non_empty/headline") == 1
    assert stats.get_value("spidermon/validation/fields/errors/number_too_low/word_count") == 1
