"""pytest plugin: a real database per test, SQLite and PostgreSQL alike.

``db_url`` runs each test twice: on a fresh SQLite file and on a uniquely
named PostgreSQL database created on 127.0.0.1:5432 and dropped (FORCE)
afterwards. Without a reachable server the PostgreSQL half is skipped on a
developer machine, but fails under CI=true, where a silent skip would hide
half of the test matrix.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from newsscraper.storage import ArticleStore

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _admin() -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0]
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable under CI: {reason}")
        pytest.skip(f"PostgreSQL unreachable: {reason}")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    name = f"newsscraper_test_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.format(name=name)
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsscraper.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database on each supported backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store(db_url: str) -> Iterator[ArticleStore]:
    """An open store on ``db_url``, closed after the test."""
    with ArticleStore(db_url) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _no_database_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests say which database they use; a developer's env must not leak in."""
    monkeypatch.delenv("NEWSSCRAPER_DATABASE_URL", raising=False)


def make_item(n: int, **fields: Any) -> dict[str, Any]:
    """A complete article item, distinct per *n*; *fields* override."""
    item: dict[str, Any] = {
        "url": f"https://news.example/a/{n}?utm_source=feed",
        "canonical_url": f"https://news.example/a/{n}",
        "site": "example",
        "article_id": str(n),
        "language": "pt",
        "section": "politica",
        "headline": f"Título {n}: «aspas», vírgulas",
        "lead": f"Lead {n}",
        "body": f'Primeiro parágrafo {n}.\n\nSegundo, com "aspas"; e; pontos.',
        "byline": "Por Ana Silva e Rui Costa",
        "authors": ["Ana Silva", "Rui Costa"],
        "photo_url": f"https://news.example/img/{n}.jpg",
        "photo_caption": "Legenda",
        "photo_credit": "Foto: Lusa",
        "images": [
            {"url": f"https://news.example/img/{n}.jpg", "caption": "Legenda", "credit": "Lusa"},
            {"url": f"https://news.example/img/{n}b.jpg", "caption": None, "credit": None},
        ],
        "published_at": f"2024-11-{1 + n % 28:02d}T07:41:00+01:00",
        "modified_at": None,
        "published_raw": f"{1 + n % 28} de novembro de 2024",
        "keywords": ["eleições", "governo"],
        "word_count": 100 + n,
        "fingerprint": f"{n:032x}",
        "scraped_at": "2024-12-01T10:00:00+00:00",
    }
    item.update(fields)
    return item
