"""Spidermon monitors run when a crawl closes: do the data still look right?

A site that changes its markup does not make a crawl fail: it makes fields go empty.
These checks turn that into a failed crawl that someone notices:

- at least one article, unless the crawl was incremental and everything was known
  (or this is one worker of a distributed crawl, which may get only listing pages);
- field coverage floors (``MONITOR_COVERAGE_FLOORS``): headline, body, published_at,
  byline, and photo_credit among items whose page has a photo;
- ratios under limits: error log lines per response (``MONITOR_MAX_ERROR_RATIO``),
  dropped items (``MONITOR_MAX_DROPPED_RATIO``), items failing the JSON Schema
  (``MONITOR_MAX_INVALID_RATIO``); the first two are judged on at least
  ``MONITOR_MIN_SAMPLE`` responses or items, so a quiet incremental run is not failed
  for one dropped page;
- every extracted article is in the database (``store/unstored`` is 0: none waits
  in the spool, none was lost);
- the finish reason is ``finished`` (``MONITOR_FINISH_REASONS``), or one of Scrapy's own
  ``closespider_*`` limits, which the user asked for.

The outcome is written to stats (``monitors/passed``, ``monitors/failed``) by
``RecordOutcome``, from where the crawl record, the stats file and the exit status of
``scrapy crawl`` pick it up.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

logger = logging.getLogger(__name__)

# spidermon 1.27 reports through Spider.log(), which Scrapy 2.19 deprecates; its report
# is wanted, the warning about how it is printed is not.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated")

DEFAULT_FLOORS = {
    "headline": 0.98,
    "body": 0.98,
    "published_at": 0.9,
    "byline": 0.9,
    "photo_credit": 0.9,
}


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


@monitors.name("Article crawl")
class ArticleCrawlMonitor(Monitor):
    @property
    def stats(self) -> dict[str, Any]:
        return dict(self.data.stats)

    def setting(self, name: str, default: Any) -> Any:
        return self.data.crawler.settings.get(name, default)

    @monitors.name("articles were found")
    def test_found_articles(self) -> None:
        items = self.stats.get("item_scraped_count", 0)
        known = self.stats.get("incremental/skipped_known", 0)
        if self.stats.get("distributed/worker"):
            return  # one of many workers on a shared frontier may get only listings
        if not items and not known:
            self.fail("no article came out and none was skipped as already stored")

    @monitors.name("field coverage above the floors")
    def test_field_coverage(self) -> None:
        stats = self.stats
        items = stats.get("coverage/items", 0)
        if not items:
            return
        floors = {**DEFAULT_FLOORS, **dict(self.setting("MONITOR_COVERAGE_FLOORS", {}) or {})}
        low = []
        for field, floor in floors.items():
            if field == "photo_credit":
                whole = stats.get("coverage/with_photo", 0)
                part = stats.get("coverage/with_photo/photo_credit", 0)
            else:
                whole, part = items, stats.get(f"coverage/{field}", 0)
            if whole and _ratio(part, whole) < float(floor):
                low.append(f"{field} {part}/{whole} < {float(floor):.0%}")
        if low:
            self.fail("coverage below floor: " + "; ".join(low))

    @monitors.name("errors under the limit")
    def test_error_ratio(self) -> None:
        errors = self.stats.get("log_count/ERROR", 0)
        responses = self.stats.get("response_received_count", 0)
        limit = float(self.setting("MONITOR_MAX_ERROR_RATIO", 0.1))
        minimum = int(self.setting("MONITOR_MIN_SAMPLE", 10))
        if _ratio(errors, max(responses, minimum)) > limit:
            self.fail(f"{errors} errors for {responses} responses (limit {limit:.0%})")

    @monitors.name("dropped items under the limit")
    def test_dropped_ratio(self) -> None:
        dropped = self.stats.get("item_dropped_count", 0)
        scraped = self.stats.get("item_scraped_count", 0)
        limit = float(self.setting("MONITOR_MAX_DROPPED_RATIO", 0.5))
        if dropped + scraped < int(self.setting("MONITOR_MIN_SAMPLE", 10)):
            return  # one dropped video page of one re-crawled listing says nothing
        if _ratio(dropped, dropped + scraped) > limit:
            self.fail(f"{dropped} of {dropped + scraped} items dropped (limit {limit:.0%})")

    @monitors.name("items match the JSON Schema")
    def test_invalid_ratio(self) -> None:
        invalid = self.stats.get("spidermon/validation/items/errors", 0)
        checked = self.stats.get("spidermon/validation/items", 0)
        limit = float(self.setting("MONITOR_MAX_INVALID_RATIO", 0.0))
        if _ratio(invalid, checked) > limit:
            self.fail(f"{invalid} of {checked} items fail the schema (limit {limit:.0%})")

    @monitors.name("every article stored")
    def test_every_article_stored(self) -> None:
        unstored = self.stats.get("store/unstored", 0)
        if unstored:
            self.fail(f"{unstored} extracted articles are not in the database (see the spool)")

    @monitors.name("finished normally")
    def test_finish_reason(self) -> None:
        reason = self.stats.get("finish_reason")
        expected = list(self.setting("MONITOR_FINISH_REASONS", ["finished"]))
        if str(reason).startswith("closespider_"):
            return  # a limit the user asked Scrapy for (-s CLOSESPIDER_ITEMCOUNT=1)
        if reason not in expected:
            self.fail(f"finish reason {reason!r}, expected {' or '.join(expected)}")


def _last_line(error: object) -> str:
    """The assertion message at the end of a monitor's traceback."""
    lines = str(error or "").strip().splitlines()
    return lines[-1].removeprefix("AssertionError: ") if lines else ""


class RecordOutcome(Action):
    """Put the monitors' verdict where people and scripts look: stats and the log."""

    def run_action(self) -> None:
        failed = [r.monitor.name for r in self.result.monitors_failed_results]
        reasons = [_last_line(r.error or r.reason) for r in self.result.monitors_failed_results]
        stats = self.data.crawler.stats
        stats.set_value("monitors/passed", not failed)
        stats.set_value("monitors/failed", failed)
        if failed:
            details = "; ".join(
                f"{name}: {why}" if why else name for name, why in zip(failed, reasons, strict=True)
            )
            stats.set_value("monitors/summary", details)
            logger.error("Monitors FAILED (%d): %s", len(failed), details)
        else:
            stats.set_value("monitors/summary", "all passed")
            logger.info("Monitors passed (%d checks)", len(self.result.monitor_results))


class SpiderCloseMonitorSuite(MonitorSuite):
    monitors = [ArticleCrawlMonitor]
    monitors_finished_actions = [RecordOutcome]
