"""Schema: spidermon's item validation, with a quick pass for the items that are valid.

spidermon's ``ItemValidationPipeline`` builds a ``jsonschema`` validator for every item
and walks the schema through jsonschema's generic keyword dispatch: ~0.3 ms per item,
about 4% of a crawl's CPU. Almost every item is valid, so here the schema is first
turned, once, into plain Python checks of the few keywords it uses (``type``,
``pattern``, ``minLength``, ``minimum``, ``required``, ``properties``,
``additionalProperties``, ``items``); an item that passes them is counted as validated,
as spidermon counts it. Any other item goes through spidermon's own validation, which
names the errors and counts them (``spidermon/validation/...``, read by the monitors).

The quick checks are never looser than jsonschema: each is as strict or stricter
(integers are ``int``, not ``1.0``), and a schema with any other keyword gets none at
all, so every item is then left to spidermon. ``tests/test_monitors.py`` compares the
two on valid items and on each kind of broken one.

Written here rather than with a compiling validator (``fastjsonschema``): the schema
uses eight keywords, and another dependency would be another thing to keep up to date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation.jsonschema.tools import get_schema_from

Check = Callable[[Any], bool]

_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
#: The keywords checked here.
_KEYWORDS = frozenset(
    {"type", "pattern", "minLength", "minimum", "required", "properties"}
    | {"additionalProperties", "items"}
)
#: Keywords that only describe (they never make an instance invalid).
_NOTES = frozenset({"$schema", "title", "description", "$comment", "examples"})


class Unsupported(ValueError):
    """The schema uses a keyword the quick checks do not implement."""


def quick_check(schema: dict[str, Any]) -> Check:
    """A function that is True only for instances ``schema`` accepts (False says nothing:
    let jsonschema decide). Raises Unsupported for a keyword it does not know.

    >>> ok = quick_check({"type": "object", "required": ["a"], "additionalProperties": False,
    ...     "properties": {"a": {"type": "string", "pattern": "^x", "minLength": 2}}})
    >>> ok({"a": "xy"}), ok({"a": "x"}), ok({"a": "yy"}), ok({}), ok({"a": "xy", "b": 1})
    (True, False, False, False, False)
    """
    checks: list[Check] = []
    unknown = set(schema) - _NOTES - _KEYWORDS
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        types = [_TYPES[name] for name in names]
        checks.append(lambda v: any(is_type(v) for is_type in types))
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search
        checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
    if "minLength" in schema:
        least = schema["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= least)
    if "minimum" in schema:
        floor = schema["minimum"]
        checks.append(lambda v: not _TYPES["number"](v) or v >= floor)
    if "items" in schema:
        if not isinstance(schema["items"], dict):
            raise Unsupported("items as a list")
        each = quick_check(schema["items"])
        checks.append(lambda v: not isinstance(v, list) or all(each(x) for x in v))
    if {"required", "properties", "additionalProperties"} & set(schema):
        checks.append(_object_check(schema))
    return lambda value: all(check(value) for check in checks)


def _object_check(schema: dict[str, Any]) -> Check:
    required = frozenset(schema.get("required", ()))
    properties = {name: quick_check(sub) for name, sub in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    if extra not in (True, False):
        raise Unsupported("additionalProperties as a schema")

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        if not required.issubset(value):
            return False
        for name, item in value.items():
            sub = properties.get(name)
            if sub is None:
                if extra is False:
                    return False
            elif not sub(item):
                return False
        return True

    return check


class SchemaValidationPipeline(ItemValidationPipeline):  # type: ignore[misc]
    """spidermon's pipeline (same settings, same stats) with the quick pass in front."""

    quick: list[Check]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        pipeline = super().from_crawler(crawler)
        if isinstance(pipeline, cls):
            pipeline.quick = []
            for schema in crawler.settings.getlist("SPIDERMON_VALIDATION_SCHEMAS"):
                try:
                    loaded = get_schema_from(schema) if isinstance(schema, str) else schema
                    pipeline.quick.append(quick_check(loaded))
                except (Unsupported, KeyError, TypeError, re.error):
                    pipeline.quick = []  # one schema without quick checks: all to spidermon
                    break
        return pipeline

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if self.quick and self.find_validators(item):
            data = ItemAdapter(item).asdict()
            if all(check(data) for check in self.quick):
                self.stats.add_item()  # what spidermon counts for a valid item
                self.stats.add_fields(len(data))
                return item
        return super().process_item(item, spider)
