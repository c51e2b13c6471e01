"""A local replica of portugalcolonial.pt in several markup variants, with its ground truth.

``content`` holds the stories and ``expected_items``; ``build`` writes the site as static files;
``server.ReplicaServer`` serves it on 127.0.0.1; ``python -m tests.replica`` serves it by hand.
"""

from __future__ import annotations

from .build import build_site, generate_articles
from .content import (
    ARTICLES,
    DISALLOWED_PATH,
    DUPLICATE_IDS,
    ERROR_PATH,
    FURNITURE_PATHS,
    MISSING_PATH,
    NON_ARTICLE_PATH,
    TRACKING_SUFFIX,
    expected_items,
)
from .model import Article, Photo
from .server import ReplicaServer

__all__ = [
    "ARTICLES",
    "DISALLOWED_PATH",
    "DUPLICATE_IDS",
    "ERROR_PATH",
    "FURNITURE_PATHS",
    "MISSING_PATH",
    "NON_ARTICLE_PATH",
    "TRACKING_SUFFIX",
    "Article",
    "Photo",
    "ReplicaServer",
    "build_site",
    "expected_items",
    "generate_articles",
]
