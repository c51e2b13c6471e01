"""CollectorTuning (newsscraper.extensions.collector): start-up frozen, fewer passes."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsscraper.extensions.collector import CollectorTuning, thresholds_setting


@pytest.fixture
def collector_restored():
    """The test process's own collector as it was, whatever the test did to it."""
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ([10000, 10, 10], (10000, 10, 10)),
        ("5000, 20", (5000, 20)),  # from `-s GC_THRESHOLDS=5000,20`
        ("[5000, 10, 10]", (5000, 10, 10)),  # the setting's own spelling, on the command line
        ("[]", ()),
        ("", ()),
        ([], ()),
        ((), ()),  # the default, as a crawler without the project's settings reads it
        (None, ()),
    ],
)
def test_thresholds_are_read_from_a_list_or_a_string(value, parsed) -> None:
    assert thresholds_setting(value) == parsed


@pytest.mark.parametrize("value", ["many", [0, 10, 10], [1, 2, 3, 4], "10,-1", 7])
def test_bad_thresholds_are_refused_with_the_value_named(value) -> None:
    """Tried: a word, a zero (gc.set_threshold(0) would turn the collector off, which is
    not what a threshold means here), four numbers, a negative, a bare integer."""
    with pytest.raises(ValueError, match="GC_THRESHOLDS"):
        thresholds_setting(value)


def test_off_when_both_settings_are_off() -> None:
    crawler = get_crawler(settings_dict={"GC_THRESHOLDS": [], "GC_FREEZE_AT_START": False})
    with pytest.raises(NotConfigured):
        CollectorTuning.from_crawler(crawler)


def test_the_engine_start_freezes_and_sets_thresholds_then_the_stop_restores(
    collector_restored,
) -> None:
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    crawler = get_crawler(settings_dict={"GC_THRESHOLDS": "20000,10,10"})
    crawler.stats.open_spider()
    extension = CollectorTuning.from_crawler(crawler)
    extension.engine_started()
    assert gc.get_threshold() == (20000, 10, 10)
    assert gc.get_freeze_count() > 10_000  # pytest's and Scrapy's modules at least
    # the count as it was then (frozen objects that die since are counted out)
    assert crawler.stats.get_value("gc/frozen_at_start") > 10_000
    extension.engine_stopped()
    assert gc.get_threshold() == (700, 10, 10)
