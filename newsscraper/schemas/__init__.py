"""JSON Schemas shipped with the package (read through importlib, so they load from an egg)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load(name: str) -> dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


#: The JSON Schema of ArticleItem, as spidermon's SPIDERMON_VALIDATION_SCHEMAS takes it.
ARTICLE_SCHEMA: dict[str, Any] = load("article.json")
