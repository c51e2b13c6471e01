"""``scrapy export`` run for real, as a subprocess, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from newsscraper.commands.export import ExportError, _staging
from newsscraper.items import ARTICLE_FIELDS, FIELD_KINDS, LIST_FIELDS, ArticleItem
from newsscraper.schemas import ARTICLE_SCHEMA
from newsscraper.storage import ArticleFilters, ArticleStore
from newsscraper.storage.exporters import ARTICLE_COLUMNS, VERSION_COLUMNS, parquet_schema
from tests.conftest_db import make_item

ROOT = Path(__file__).resolve().parents[1]
N = 30


def scrapy_command() -> list[str]:
    """The ``scrapy`` console script of the running venv, as a user would call it."""
    script = Path(sys.executable).with_name("scrapy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scrapy"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A directory scrapy recognizes as the newsscraper project."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "scrapy.cfg").write_text("[settings]\ndefault = newsscraper.settings\n")
    return folder


@pytest.fixture
def populated(db_url: str) -> str:
    """N articles over two sites, languages and sections, plus 3 changed ones."""
    items = [
        make_item(
            n,
            site="alpha" if n % 2 else "beta",
            language="de" if n % 3 else "pt",
            section=f"s{n % 4}",
            published_at=None
            if n == 7
            else f"2024-11-{1 + n % 28:02d}T{n % 24:02d}:15:00{'+01:00' if n % 2 else '-03:00'}",
        )
        for n in range(N)
    ]
    with ArticleStore(db_url) as store:
        store.write_batch(items)
        store.write_batch([make_item(n, headline=f"Changed {n}") for n in (1, 2)])
        store.write_batch([make_item(1, headline="Changed again")])
    return db_url


def run_export(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "HOME": str(project),
    }
    return subprocess.run(
        [*scrapy_command(), "export", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def db_articles(url: str, **filters: Any) -> list[dict[str, Any]]:
    with ArticleStore(url) as store:
        chunks = store.iter_articles(ArticleFilters(**filters))
        return [record for chunk in chunks for record in chunk]


def db_versions(url: str) -> list[dict[str, Any]]:
    with ArticleStore(url) as store:
        return [record for chunk in store.iter_versions() for record in chunk]


def read_back(path: Path, fmt: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for spreadsheets
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    return pq.read_table(path).to_pylist()


def expected(record: dict[str, Any], fmt: str) -> dict[str, Any]:
    """What *record* (from the database) must look like once exported as *fmt*."""
    if fmt == "jsonl":
        return {name: record[name] for name in ARTICLE_FIELDS}
    if fmt == "csv":
        out = {}
        for name in ARTICLE_FIELDS:
            value = record[name]
            if name == "images":
                value = "; ".join(image["url"] for image in value)
            elif name in LIST_FIELDS:
                value = "; ".join(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            out[name] = "" if value is None else str(value)
        return out
    out = {}
    for name in ARTICLE_FIELDS:
        value = record[name]
        if name in ("published_at", "modified_at", "scraped_at"):
            out[f"{name}_text"] = value
            value = None if value is None else datetime.fromisoformat(value)
        out[name] = value
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_round_trip(project: Path, populated: str, fmt: str) -> None:
    result = run_export(
        project,
        "-o",
        f"articles.{fmt}",
        "--include-versions",
        "--database-url",
        populated,
        "--chunk-size",
        "7",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    records = db_articles(populated)
    exported = read_back(project / f"articles.{fmt}", fmt)
    assert len(exported) == len(records) == N
    assert exported == [expected(record, fmt) for record in records]
    versions = read_back(project / f"articles.versions.{fmt}", fmt)
    stored_versions = db_versions(populated)
    assert len(versions) == len(stored_versions) == 3
    assert [v["headline"] for v in versions] == [v["headline"] for v in stored_versions]
    columns = (
        parquet_schema(VERSION_COLUMNS).names
        if fmt == "parquet"
        else [name for name, _ in VERSION_COLUMNS]
    )
    assert list(versions[0]) == columns
    size = (project / f"articles.{fmt}").stat().st_size
    assert f"wrote {N} articles to articles.{fmt} ({size} bytes)" in result.stdout
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["scrapy.cfg", f"articles.{fmt}", f"articles.versions.{fmt}"]
    )


def test_parquet_keeps_types(project: Path, populated: str) -> None:
    assert run_export(project, "-o", "out.pq", "--database-url", populated).returncode == 0
    schema = pq.read_schema(project / "out.pq")
    assert str(schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("published_at_text").type) == "string"
    assert str(schema.field("authors").type) == "list<element: string>"
    assert str(schema.field("images").type) == (
        "list<element: struct<url: string, caption: string, credit: string>>"
    )
    assert str(schema.field("word_count").type) == "int64"


@pytest.mark.parametrize(
    ("args", "filters"),
    [
        (["--site", "alpha"], {"site": "alpha"}),
        (["--lang", "pt", "--section", "s0"], {"language": "pt", "section": "s0"}),
        (["--lang", "PT", "--sections", "S0,s1"], {"language": "pt", "section": ("s0", "s1")}),
        (["--since", "2024-11-10", "--until", "2024-11-20"], None),
        (["--since", "2024-11-10T12:00:00+02:00", "--site", "beta"], None),
    ],
)
def test_export_filters(
    project: Path, populated: str, args: list[str], filters: dict[str, str] | None
) -> None:
    result = run_export(project, "-o", "out.jsonl", "--database-url", populated, *args)
    assert result.returncode == 0, result.stderr
    exported = read_back(project / "out.jsonl", "jsonl")
    everything = db_articles(populated)
    if filters is not None:
        wanted = [
            r
            for r in everything
            if all(r[k] in v if isinstance(v, tuple) else r[k] == v for k, v in filters.items())
        ]
    elif "--until" in args:  # whole days, inclusive of the --until day, in UTC
        wanted = [
            r
            for r in everything
            if r["published_at_utc"] is not None
            and "2024-11-10" <= r["published_at_utc"].date().isoformat() <= "2024-11-20"
        ]
    else:
        since = datetime.fromisoformat("2024-11-10T12:00:00+02:00")
        wanted = [
            r
            for r in everything
            if r["site"] == "beta"
            and r["published_at_utc"] is not None
            and r["published_at_utc"] >= since
        ]
    assert 0 < len(wanted) < N
    assert [e["canonical_url"] for e in exported] == [w["canonical_url"] for w in wanted]


def test_database_url_from_environment(project: Path, populated: str) -> None:
    env_result = subprocess.run(
        [*scrapy_command(), "export", "-o", "env.csv"],
        cwd=project,
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "NEWSSCRAPER_DATABASE_URL": populated,
        },
        timeout=120,
        check=False,
    )
    assert env_result.returncode == 0, env_result.stderr
    assert len(read_back(project / "env.csv", "csv")) == N


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.txt"], "cannot tell the format of 'out.txt' from its extension"),
        (["-o", "out.csv", "--format", "xml"], "--format 'xml': unknown format; known: jsonl"),
        (["-o", "out.csv", "--since", "30.11.2024"], "since='30.11.2024': expected an ISO date"),
        (
            ["-o", "out.csv", "--since", "2024-12-01", "--until", "2024-11-30"],
            "since='2024-12-01' is after until='2024-11-30'",
        ),
        (["-o", "out.csv", "--lang", "en"], "lang='en': expected one of "),
        (["-o", "out.csv", "--site", "portugal"], "site='portugal': expected one of "),
        (["-o", "out.csv", "--sections", "Sport"], "sections='Sport': unknown section; known: "),
        (["-o", "out.csv", "--surprise"], "unexpected argument"),
        ([], "missing -o"),
        (["-o", "out.csv", "--database-url", "mysql://u@h/db"], "unsupported driver"),
        (
            ["-o", "out.csv", "--database-url", "postgresql+psycopg://postgres@127.0.0.1:1/x"],
            "cannot open database",
        ),
        (["-o", "out.csv", "--database-url", "sqlite:///missing.db"], "no such file"),
        (["-o", "missing-dir/out.csv"], "cannot write"),
        (["-o", "scrapy.cfg/out.csv"], "cannot write"),
    ],
)
def test_export_errors(project: Path, sqlite_url: str, args: list[str], message: str) -> None:
    with ArticleStore(sqlite_url) as store:
        store.write_batch([make_item(1)])
    if "--database-url" not in args:
        args = [*args, "--database-url", sqlite_url]
    before = sorted(p.name for p in project.iterdir())
    result = run_export(project, *args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Usage" not in result.stdout
    assert lines[0].startswith("scrapy export: error: ")
    assert sorted(p.name for p in project.iterdir()) == before


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    targets = [tmp_path / "a.csv", tmp_path / "a.versions.csv"]
    with pytest.raises(ExportError), _staging(targets) as staged:
        staged[0].write_text("half")
        raise ExportError("boom")
    assert list(tmp_path.iterdir()) == []
    with _staging(targets) as staged:
        for path in staged:
            path.write_text("done")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.versions.csv"]


def test_item_fields_schema_and_export_columns_agree() -> None:
    """One source of truth: the item's fields and kinds; the schema must say the same."""
    schema = ARTICLE_SCHEMA
    assert list(schema["properties"]) == list(ARTICLE_FIELDS)
    assert schema["required"] == list(ARTICLE_FIELDS)
    assert list(ArticleItem.fields) == list(ARTICLE_FIELDS)
    assert [name for name, _ in ARTICLE_COLUMNS] == list(ARTICLE_FIELDS)
    json_types = {
        "text": {"string"},
        "timestamp": {"string"},
        "list": {"array"},
        "images": {"array"},
        "int": {"integer"},
        "bool": {"boolean"},
    }
    for name, kind in FIELD_KINDS.items():
        declared = schema["properties"][name]["type"]
        declared = set(declared) if isinstance(declared, list) else {declared}
        assert declared - {"null"} == json_types[kind], name
        if kind == "timestamp":
            assert (
                "[+-]" in schema["properties"][name]["pattern"]
                or "+00:00" in (schema["properties"][name]["pattern"])
            ), name
    assert dict(ARTICLE_COLUMNS) == FIELD_KINDS
