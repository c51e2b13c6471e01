"""Scrapy settings for newsscraper: defaults only.

Endpoints and secrets come from the environment (``NEWSSCRAPER_DATABASE_URL``),
never from this file.
"""

from newsscraper import __version__
from newsscraper.items import ARTICLE_FIELDS

BOT_NAME = "newsscraper"
SPIDER_MODULES = ["newsscraper.spiders"]
NEWSPIDER_MODULE = "newsscraper.spiders"
COMMANDS_MODULE = "newsscraper.commands"

# An honest user agent: who we are and where to read about us.
USER_AGENT = (
    f"newsscraper/{__version__} (+https://github.com/newsscraper/newsscraper; news dataset crawler)"
)

# Politeness for real crawls. Benchmarks override these explicitly.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
# Scrapy starts this many tasks for the output of every callback; 100 (the default)
# made them the largest single cost of a crawl (benchmarks/README.md).
CONCURRENT_ITEMS = 16
RETRY_TIMES = 2
# Transient faults (these codes, resets, refused connections, timeouts) are retried more
# often, each retry after an exponential backoff with jitter, per domain
# (newsscraper.middlewares.backoff): 7 retries wait at least 61 s in all, so a 30 s
# outage of the site loses nothing.
RETRY_TRANSIENT_TIMES = 7
RETRY_TRANSIENT_HTTP_CODES = [502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry (jittered down to half)
RETRY_BACKOFF_MAX = 60.0  # longest single wait
# Article pages are read (parsed, every field, their links) in this many worker
# processes, off the reactor thread (newsscraper.offload); 0 reads them in the reactor
# thread. A page that takes longer than EXTRACTION_TIMEOUT seconds is counted lost
# (extraction/pool/timeout) and its worker replaced.
EXTRACTION_PROCESSES = 1
EXTRACTION_TIMEOUT = 30.0
# Pages waiting for the workers are held by Scrapy's scraper, which stops downloading
# past this many bytes of them: 1 MB (~140 article pages) keeps a worker busy; Scrapy's
# 5 MB default held ~700 and 40 MB more RSS, for no speed (benchmarks/README.md).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
# Bounded memory per response (newsscraper.middlewares.limits), enforced by Scrapy on the
# bytes received and again while decompressing, so a gzip bomb costs the limit. Article
# and listing pages are 50-500 KB; a page over 5 MB is not an article. Sitemaps and feeds
# keep the sitemap protocol's own 50 MB.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
PAGE_MAXSIZE = 5 * 1024 * 1024
PAGE_WARNSIZE = 1024 * 1024
# A short read is handed over flagged "dataloss" (not failed): retried once, then kept
# and flagged partial (newsscraper.middlewares.truncation).
DOWNLOAD_FAIL_ON_DATALOSS = False
SPIDER_MIDDLEWARES = {
    "newsscraper.middlewares.integrity.ItemIntegrityMiddleware": 950,
}

# No remote control of a running crawl.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    # Spidermon first: its close-time verdict must be in the stats the two after it save.
    "spidermon.contrib.scrapy.extensions.Spidermon": 400,
    "newsscraper.extensions.crawlrecord.CrawlRecordExtension": 500,
    "newsscraper.extensions.statsfile.StatsFileExtension": 510,
    "newsscraper.extensions.progress.ProgressExtension": 600,
    # A JOBDIR left by a killed crawl is set aside, not half-resumed (README: "Stop and resume").
    "newsscraper.extensions.jobdir.JobDirGuard": 100,
    # glibc's arenas capped and trimmed (newsscraper.extensions.malloc): freed C memory
    # (lxml trees, SQLite pages, bodies) goes back instead of staying mapped all crawl.
    "newsscraper.extensions.malloc.MallocTuning": 50,
    # Start-up's objects frozen out of the cycle collector's passes, and fewer passes
    # (newsscraper.extensions.collector).
    "newsscraper.extensions.collector.CollectorTuning": 60,
}
MALLOC_ARENA_MAX = 2  # 0 = glibc's default (8 per core)
MALLOC_TRIM_INTERVAL = 10.0  # seconds between malloc_trim(0) calls; 0 = never
GC_FREEZE_AT_START = True  # gc.freeze() when the engine starts, and in each worker
GC_THRESHOLDS: list[int] = []  # gc.set_threshold in the crawl and workers; [] = Python's
# A JSON file with the final stats and finish reason (off when empty).
STATS_FILE = ""
# A progress line every PROGRESS_INTERVAL seconds: auto = when stderr is a terminal.
PROGRESS = "auto"
PROGRESS_INTERVAL = 5.0

DOWNLOADER_MIDDLEWARES = {
    "newsscraper.middlewares.incremental.IncrementalMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsscraper.middlewares.backoff.BackoffRetryMiddleware": 550,
    "newsscraper.middlewares.limits.PageSizeMiddleware": 560,
    "newsscraper.middlewares.truncation.TruncationMiddleware": 570,
    "newsscraper.middlewares.charset.CharsetFallbackMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newsscraper.middlewares.limits.BoundedCompressionMiddleware": 590,
}

ITEM_PIPELINES = {
    "newsscraper.pipelines.validate.ValidatePipeline": 100,
    "newsscraper.pipelines.dedupe.DedupePipeline": 200,
    "newsscraper.pipelines.stamp.StampPipeline": 300,
    "newsscraper.pipelines.schema.SchemaValidationPipeline": 320,  # spidermon's, quicker
    "newsscraper.pipelines.coverage.CoveragePipeline": 340,
    "newsscraper.pipelines.store.StorePipeline": 400,
}

# Monitors (newsscraper.monitors): item validation against the JSON Schema, and checks
# at close that the data still look right. The verdict lands in stats (monitors/*),
# the crawls row, STATS_FILE and the exit status of `scrapy crawl` (3 when failed).
SPIDERMON_ENABLED = True
SPIDERMON_VALIDATION_SCHEMAS = ["newsscraper.schemas.ARTICLE_SCHEMA"]
SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS = False
SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS = False
SPIDERMON_SPIDER_CLOSE_MONITORS = ("newsscraper.monitors.SpiderCloseMonitorSuite",)
MONITOR_COVERAGE_FLOORS = {
    "headline": 0.98,
    "body": 0.98,
    "published_at": 0.9,
    "byline": 0.9,
    "photo_credit": 0.9,  # among items whose page has a photo
}
MONITOR_MAX_ERROR_RATIO = 0.1  # ERROR log lines per response
MONITOR_MAX_DROPPED_RATIO = 0.5  # dropped / (dropped + scraped)
MONITOR_MAX_INVALID_RATIO = 0.0  # items failing the JSON Schema
MONITOR_FINISH_REASONS = ["finished"]
MONITOR_MIN_SAMPLE = 10  # ratios are judged on at least this many responses/items

# Where articles are stored. NEWSSCRAPER_DATABASE_URL in the environment wins;
# an empty value switches the database off.
DATABASE_URL = "sqlite:///newsscraper.db"
DATABASE_BATCH_SIZE = 100
# Batches the database cannot take wait in a spool on local disk (newsscraper.storage.spool):
# retried with backoff up to this many seconds apart, for up to DATABASE_CLOSE_WAIT seconds
# at close; SPOOL_DIR moves it (default: beside a SQLite file, else ~/.local/state/newsscraper).
DATABASE_RETRY_MAX_DELAY = 30
DATABASE_CLOSE_WAIT = 30
DATABASE_WRITE_TIMEOUT = 180  # a database that answers nothing this long counts as down
SPOOL_DIR = ""

# Many machines, one frontier (newsscraper.distributed): on when REDIS_URL is set;
# NEWSSCRAPER_REDIS_URL in the environment wins, and empty keeps the in-process
# scheduler (Redis is then not even imported).
ADDONS = {
    "newsscraper.distributed.ScaleOut": 0,
    # Before ScaleOut: the request dupefilter in bounded memory, unless Redis shares one.
    "newsscraper.middlewares.dupefilter.BoundedMemory": -10,
    "newsscraper.redaction.RedactLogs": 0,  # no password in the settings Scrapy logs
}
REDIS_URL = ""
REDIS_KEY_PREFIX = "newsscraper"  # keys: <prefix>:<spider>:requests, :dupefilter, …
REDIS_IDLE_CLOSE_SECONDS = 30  # an idle worker leaves after this while others crawl on
REDIS_WORKER_TIMEOUT = 20  # a worker silent this long is dead: its requests are recovered

# Where `scrapy crawl network` finds each site, when not at its profile's base_url
# (a mirror, the test replica): {"athensnews": "http://127.0.0.1:8001", ...}.
SITE_BASE_URLS: dict[str, str] = {}

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(ARTICLE_FIELDS)  # every key, in a stable order
VALIDATE_MIN_WORDS = 20

# Scrapy 2.13+ defaults, stated so they do not move under us.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newsscraper.logformatter.QuietDropLogFormatter"
