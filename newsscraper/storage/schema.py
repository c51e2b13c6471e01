"""The current shape of the database, for queries (Core tables, no ORM).

This describes the schema *after* every migration in ``migrations.py``; the
migrations themselves carry their own frozen definitions so that editing this
file can never rewrite history. ``tests/test_storage.py`` checks both agree.
"""

from __future__ import annotations

import sqlalchemy as sa

from newsscraper.storage.types import UTCDateTime, UTCStamp

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

#: Autoincrementing key: BIGINT identity on PostgreSQL, rowid alias on SQLite.
PrimaryKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSONValue = sa.JSON(none_as_null=True)

#: Article fields whose change makes a re-crawl an "update" with a version row.
TRACKED_FIELDS: tuple[str, ...] = ("headline", "body", "byline", "photo_url", "modified_at")

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", PrimaryKey, primary_key=True),
    sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("site", sa.Text),
    sa.Column("article_id", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("section", sa.Text),
    sa.Column("headline", sa.Text),
    sa.Column("lead", sa.Text),
    sa.Column("body", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("authors", JSONValue),
    sa.Column("photo_url", sa.Text),
    sa.Column("photo_caption", sa.Text),
    sa.Column("photo_credit", sa.Text),
    sa.Column("images", JSONValue),
    sa.Column("published_at", sa.Text),
    sa.Column("published_at_utc", UTCDateTime, index=True),
    sa.Column("modified_at", sa.Text),
    sa.Column("modified_at_utc", UTCDateTime),
    sa.Column("published_raw", sa.Text),
    sa.Column("keywords", JSONValue),
    sa.Column("word_count", sa.Integer),
    sa.Column("fingerprint", sa.Text, index=True),
    sa.Column("scraped_at", sa.Text),
    sa.Column("first_seen", UTCStamp, nullable=False),
    sa.Column("last_seen", UTCStamp, nullable=False),
    sa.Column("story_id", sa.Text, index=True),
    sa.Column("partial", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index(None, "site", "article_id"),
)

article_versions = sa.Table(
    "article_versions",
    metadata,
    sa.Column("id", PrimaryKey, primary_key=True),
    sa.Column(
        "article_row_id",
        PrimaryKey,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("canonical_url", sa.Text, nullable=False),
    sa.Column("headline", sa.Text),
    sa.Column("body", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("photo_url", sa.Text),
    sa.Column("modified_at", sa.Text),
    sa.Column("modified_at_utc", UTCDateTime),
    sa.Column("fingerprint", sa.Text),
    sa.Column("scraped_at", sa.Text),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("crawl_id", PrimaryKey, index=True),
)

crawls = sa.Table(
    "crawls",
    metadata,
    sa.Column("id", PrimaryKey, primary_key=True),
    sa.Column("spider", sa.Text, nullable=False),
    sa.Column("arguments", JSONValue),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("finish_reason", sa.Text),
    sa.Column("items_stored", sa.Integer, nullable=False, server_default="0"),
    sa.Column("items_updated", sa.Integer, nullable=False, server_default="0"),
    sa.Column("items_unchanged", sa.Integer, nullable=False, server_default="0"),
    sa.Column("items_dropped", sa.Integer, nullable=False, server_default="0"),
    sa.Column("skipped_known", sa.Integer, nullable=False, server_default="0"),
    sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
    sa.Column("stats", JSONValue),
    sa.Column("monitors", sa.Text),
)

article_aliases = sa.Table(
    "article_aliases",
    metadata,
    sa.Column("id", PrimaryKey, primary_key=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("site", sa.Text),
    sa.Column("article_id", sa.Text),
    sa.Column("fingerprint", sa.Text, index=True),
    sa.Column("first_seen", UTCStamp, nullable=False),
    sa.Column("story_id", sa.Text, index=True),
    sa.Index(None, "site", "article_id"),
)

#: One row per article: its story and the signature it is compared by (stories.py).
story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column(
        "article_row_id",
        PrimaryKey,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("story_id", sa.Text, nullable=False, index=True),
    sa.Column("canonical_url", sa.Text, nullable=False),
    sa.Column("published_at_utc", UTCDateTime),
    sa.Column("minute", sa.BigInteger),
    sa.Column("photo", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("credit", sa.Text),
    sa.Column("figures", sa.Text),
    sa.Column("names", sa.Text),
)

#: The signature keys of each member, for the candidate lookup: (key, minute) indexed.
story_keys = sa.Table(
    "story_keys",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column(
        "article_row_id",
        PrimaryKey,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("minute", sa.BigInteger, nullable=False),
    # The member too, so the linker's candidate query reads the index alone (migration 7).
    sa.Index(None, "key", "minute", "article_row_id"),
)
