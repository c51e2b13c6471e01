"""Dates in every language of the network, zones, precision and the order of day and month."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date, format_time
from hypothesis import given, settings
from hypothesis import strategies as st

from newsscraper.extraction.dates import (
    Evidence,
    in_zone,
    is_dateline,
    iso,
    read_machine_date,
    read_text_date,
    read_text_dates,
)
from newsscraper.extraction.languages import LANGUAGES


def _one(text, language, zone, evidence=None):
    found = read_text_dates(text, language, zone, evidence)
    assert len(found) == 1, (text, found)
    return found[0]


# -- every language, as its sites print it ---------------------------------------------

PRINTED = [
    ("es", "Europe/Madrid", "30 de noviembre de 2024", "2024-11-30T00:00:00+01:00"),
    ("es", "Europe/Madrid", "30 de noviembre de 2024 a las 07:41", "2024-11-30T07:41:00+01:00"),
    ("el", "Europe/Athens", "30 Νοεμβρίου 2024", "2024-11-30T00:00:00+02:00"),
    ("el", "Europe/Athens", "ΣΑΒΒΑΤΟ, 30 ΝΟΕΜΒΡΙΟΥ 2024 - 07:41", "2024-11-30T07:41:00+02:00"),
    ("ja", "Asia/Tokyo", "2024年11月30日", "2024-11-30T00:00:00+09:00"),
    ("ja", "Asia/Tokyo", "2024年11月30日 07:41", "2024-11-30T07:41:00+09:00"),
    ("ja", "Asia/Tokyo", "2024年11月30日(土) 7時41分", "2024-11-30T07:41:00+09:00"),
    ("ja", "Asia/Tokyo", "2024年11月30日 午後7時41分", "2024-11-30T19:41:00+09:00"),
    ("zh", "Asia/Shanghai", "2024年11月30日 07:41", "2024-11-30T07:41:00+08:00"),
    ("zh", "Asia/Shanghai", "2024/11/30 下午 7:41", "2024-11-30T19:41:00+08:00"),
    ("ar", "Asia/Dubai", "30 نوفمبر 2024", "2024-11-30T00:00:00+04:00"),
    ("ar", "Asia/Dubai", "٣٠ نوفمبر ٢٠٢٤", "2024-11-30T00:00:00+04:00"),
    ("ar", "Asia/Dubai", "٣٠ نوفمبر ٢٠٢٤ الساعة ٠٧:٤١ م", "2024-11-30T19:41:00+04:00"),
    ("ar", "Asia/Dubai", "30 نوفمبر 2024 الساعة 07:41 مساءً", "2024-11-30T19:41:00+04:00"),
    ("ar", "Asia/Beirut", "30 تشرين الثاني 2024", "2024-11-30T00:00:00+02:00"),
    ("ar", "Africa/Casablanca", "30 نونبر 2024", "2024-11-30T00:00:00+01:00"),
    ("sv", "Europe/Stockholm", "30 november 2024 kl. 07.41", "2024-11-30T07:41:00+01:00"),
    ("pl", "Europe/Warsaw", "30 listopada 2024", "2024-11-30T00:00:00+01:00"),
    ("pl", "Europe/Warsaw", "30 listopada 2024 r., godz. 07:41", "2024-11-30T07:41:00+01:00"),
    ("cs", "Europe/Prague", "30. listopadu 2024", "2024-11-30T00:00:00+01:00"),
    ("cs", "Europe/Prague", "30. 11. 2024 v 7:41", "2024-11-30T07:41:00+01:00"),
    ("ru", "Europe/Moscow", "30 ноября 2024", "2024-11-30T00:00:00+03:00"),
    ("ru", "Europe/Moscow", "30 ноября 2024 г. в 07:41", "2024-11-30T07:41:00+03:00"),
    ("uk", "Europe/Kyiv", "30 листопада 2024", "2024-11-30T00:00:00+02:00"),
    ("uk", "Europe/Kyiv", "30 листопада 2024 р. о 07:41", "2024-11-30T07:41:00+02:00"),
    ("ko", "Asia/Seoul", "2024년 11월 30일", "2024-11-30T00:00:00+09:00"),
    ("ko", "Asia/Seoul", "입력 2024.11.30. 오후 7:41", "2024-11-30T19:41:00+09:00"),
    ("ko", "Asia/Seoul", "2024년 11월 30일 오전 7시 41분", "2024-11-30T07:41:00+09:00"),
    ("hi", "Asia/Kolkata", "30 नवंबर 2024", "2024-11-30T00:00:00+05:30"),
    ("hi", "Asia/Kolkata", "30 नवम्बर, 2024 07:41 pm", "2024-11-30T19:41:00+05:30"),
    ("hi", "Asia/Kolkata", "३० नवंबर २०२४", "2024-11-30T00:00:00+05:30"),
    ("de", "Europe/Berlin", "Samstag, 30. November 2024 - 07:41 Uhr", "2024-11-30T07:41:00+01:00"),
    ("de", "Europe/Berlin", "30.11.2024, 07.41 Uhr", "2024-11-30T07:41:00+01:00"),
    ("pt", "Europe/Lisbon", "30 de novembro de 2024 às 14h30", "2024-11-30T14:30:00+00:00"),
    ("fr", "Europe/Paris", "1er décembre 2024 à 07h41", "2024-12-01T07:41:00+01:00"),
    ("it", "Europe/Rome", "30 novembre 2024 alle 07:41", "2024-11-30T07:41:00+01:00"),
    ("en", "America/New_York", "November 30, 2024 7:41 PM", "2024-11-30T19:41:00-05:00"),
    ("en", "Europe/London", "30th November 2024 at 07:41", "2024-11-30T07:41:00+00:00"),
    ("nl", "Europe/Amsterdam", "30 november 2024 om 07:41 uur", "2024-11-30T07:41:00+01:00"),
    ("da", "Europe/Copenhagen", "30. november 2024 kl. 07.41", "2024-11-30T07:41:00+01:00"),
    ("no", "Europe/Oslo", "30. november 2024 kl. 07.41", "2024-11-30T07:41:00+01:00"),
]


@pytest.mark.parametrize(("language", "zone", "text", "expected"), PRINTED)
def test_printed_dates_in_every_language(language, zone, text, expected):
    found = _one(text, language, zone)
    assert found.value.isoformat() == expected
    assert found.zone == "zone"
    assert found.raw in text


@pytest.mark.parametrize("code", sorted(LANGUAGES))
@pytest.mark.parametrize("width", ["long", "medium", "full"])
def test_cldr_dates_of_every_month_read_back(code, width):
    """babel writes each month's date as CLDR says the language prints it; we read it."""
    locale = {"no": "nb"}.get(code, code)
    for month in range(1, 13):
        day = date(2024, month, 28 - month)
        printed = format_date(day, width, locale=locale)
        found = _one(printed, code, "UTC")
        assert found.value.date() == day, (printed, found)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_cldr_times_read_back(code):
    locale = {"no": "nb"}.get(code, code)
    when = datetime(2024, 11, 3, 19, 41)
    printed = (
        f"{format_date(when, 'long', locale=locale)} {format_time(when, 'short', locale=locale)}"
    )
    found = _one(printed, code, "UTC")
    assert found.value.replace(tzinfo=None) == when, (printed, found)


# -- zones and precision (issue 8 item 4) ----------------------------------------------


def test_a_naive_time_is_read_in_the_site_zone():
    value, rule = read_machine_date("2024-07-01T09:30:00", "Europe/Berlin")
    assert (iso(value), rule) == ("2024-07-01T09:30:00+02:00", "iso:zone")


def test_without_a_zone_a_naive_time_takes_the_offset_of_the_page_other_dates():
    evidence = Evidence.of(["2024-07-01T11:00:00+09:00"])
    value, rule = read_machine_date("2024-07-01T09:30:00", None, evidence)
    assert (iso(value), rule) == ("2024-07-01T09:30:00+09:00", "iso:page-offset")
    printed = _one("1. Juli 2024, 09:30 Uhr", "de", None, evidence)
    assert (iso(printed.value), printed.zone) == ("2024-07-01T09:30:00+09:00", "page-offset")


def test_without_zone_nor_evidence_a_naive_time_stays_naive_and_is_no_instant():
    """Never read as Lisbon time on a foreign site: published_at is null, the raw kept."""
    value, rule = read_machine_date("2024-11-30 07:41:00", None)
    assert value == datetime(2024, 11, 30, 7, 41) and rule == "iso:naive"
    assert iso(value) is None
    printed = _one("30 Νοεμβρίου 2024, 07:41", "el", None)
    assert printed.zone == "naive" and iso(printed.value) is None
    assert printed.raw == "30 Νοεμβρίου 2024, 07:41"


def test_aware_times_keep_their_offset_whatever_the_zone():
    value, rule = read_machine_date("2024-11-30T07:41:00-05:00", "Asia/Tokyo")
    assert (iso(value), rule) == ("2024-11-30T07:41:00-05:00", "iso:offset")
    printed = _one("30 November 2024 07:41 GMT+2", "en", "Asia/Tokyo")
    assert (iso(printed.value), printed.zone) == ("2024-11-30T07:41:00+02:00", "offset")


def test_precision_is_kept():
    assert iso(read_machine_date("2024-11-30T07:41:05.250Z", None)[0]) == (
        "2024-11-30T07:41:05.250+00:00"
    )
    assert iso(read_machine_date("2024-11-30T07:41:05.123456+01:00", None)[0]) == (
        "2024-11-30T07:41:05.123456+01:00"
    )
    assert iso(_one("30.11.2024 07:41:05", "de", "UTC").value) == "2024-11-30T07:41:05+00:00"


def test_in_zone_leaves_aware_times():
    aware = datetime(2024, 1, 1, tzinfo=UTC)
    assert in_zone(aware, "Europe/Berlin") == (aware, "offset")


# -- day and month ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "evidence", "expected", "rule"),
    [
        ("03/04/2024", "en", None, "2024-04-03", "dmy:language"),
        ("03/04/2024", "en-GB", None, "2024-04-03", "dmy:language"),
        ("03/04/2024", "en-US", None, "2024-03-04", "mdy:region"),
        ("03/04/2024", "en", ["11/30/2024"], "2024-03-04", "mdy:page"),
        ("03/04/2024", "en", ["March 4, 2024"], "2024-03-04", "mdy:page"),
        ("03/04/2024", "en-US", ["30/11/2024"], "2024-04-03", "dmy:page"),
        ("03/04/2024", "de", None, "2024-04-03", "dmy:language"),
        ("03/04/2024", None, None, "2024-04-03", "dmy:default"),
        ("11/30/2024", "de", None, "2024-11-30", "mdy:unambiguous"),
        ("30/11/2024", "en-US", None, "2024-11-30", "dmy:unambiguous"),
        ("2024/03/04", "en-US", None, "2024-03-04", "ymd"),
    ],
)
def test_day_and_month_order(text, language, evidence, expected, rule):
    found = _one(text, language, None, Evidence.of(evidence or [], language))
    assert (found.value.date().isoformat(), found.rule) == (expected, rule)


def test_evidence_prefers_unambiguous_dates_to_the_order_of_words():
    evidence = Evidence.of(["November 30, 2024", "13/11/2024", "14/11/2024"])
    assert evidence.order == "DMY"
    assert Evidence.of(["2024-11-30"]).order is None


# -- what is not a date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Inflation lag bei 2.5% im Jahr 2024", "de"),
        ("31.02.2024", "de"),
        ("Seit 12 Jahren und 3 Monaten", "de"),
        ("5 dogs in 2024", "en"),
        ("Он родился в 1990 году", "ru"),
        ("在2024年有11个月", "zh"),
        ("30 ноября 1850", "ru"),
    ],
)
def test_not_dates(text, language):
    assert read_text_dates(text, language, "UTC") == []


def test_a_figure_after_a_date_is_not_its_time():
    found = _one("30.11.2024 12.50 Euro", "de", "UTC")
    assert found.raw == "30.11.2024" and found.value.hour == 0
    found = _one("30 de novembro de 2024, 12 pessoas", "pt", "UTC")
    assert found.raw == "30 de novembro de 2024"


def test_bidi_marks_do_not_hide_a_date():
    found = _one("\u200f30\u200f/11\u200f/2024 \u200f07:41", "ar", "Asia/Dubai")
    assert found.value.isoformat() == "2024-11-30T07:41:00+04:00"
    assert "\u200f" not in found.raw


def test_labels_choose_the_publication_date():
    line = "수정 2024.12.01. 오전 9:00 | 입력 2024.11.30. 오후 7:41"
    date, rule = read_text_date(line, "ko", "Asia/Seoul")
    assert date.value.isoformat() == "2024-11-30T19:41:00+09:00"
    assert rule == "published:ymd"
    line = "Опубликовано: 30 ноября 2024, 07:41 · Обновлено: 1 декабря 2024, 10:00"
    dates = read_text_dates(line, "ru", "Europe/Moscow")
    assert [d.kind for d in dates] == ["published", "modified"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Σάββατο, 30 Νοεμβρίου 2024 - 07:41", "el"),
        ("Опубликовано: 30 ноября 2024 г., 07:41", "ru"),
        ("Publicerad 30 november 2024 kl. 07.41", "sv"),
        ("2024年11月30日(土) 7時41分 配信", "ja"),
        ("입력 2024.11.30. 오후 7:41", "ko"),
        ("نشر في: السبت 30 نوفمبر 2024 - 07:41", "ar"),
    ],
)
def test_datelines(text, language):
    assert is_dateline(text, language)


def test_a_sentence_with_a_date_is_no_dateline():
    assert not is_dateline("30 ноября 2024 года парламент принял закон о бюджете страны.", "ru")


# -- any text: no error, every date's text is in the text, work bounded by its size ------


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789 ./-:年月日년월일時分 ,deofNovembrΝοεμβρίουنوفمبر٣٠")
        ),
        max_size=200,
    )
)
def test_any_text(text):
    for found in read_text_dates(text, None, None):
        assert found.raw in text.replace("\u200f", "")
        assert 1990 <= found.value.year <= 2100


def test_long_adversarial_text_is_read_in_one_pass():
    for text in (
        "1 " * 5000,
        "2024年" * 2000,
        "30 de " * 2000,
        "30.11." * 2000,
        "November " * 2000 + "30, 2024",
        "30 listopada 2024 " + "- " * 5000 + "07:41",
    ):
        found = read_text_dates(text, None, "UTC")
        assert all(d.raw in text for d in found)
    found = read_text_dates("30 listopada 2024 " + "- " * 5000 + "07:41", "pl", "UTC")
    assert [d.value.hour for d in found] == [0]  # a time far away is not the date's


def test_day_and_hour_ranges():
    assert read_text_dates("30.11.2024 25:00", "de", "UTC")[0].value.hour == 0
    assert read_text_dates("2024年11月30日 午後13時", "ja", "UTC")[0].value.hour == 0
    assert (
        timedelta(hours=5, minutes=30)
        == _one("30 नवंबर 2024", "hi", "Asia/Kolkata").value.utcoffset()
    )


# -- through the page object: what the item holds ---------------------------------------


def _page(head: str, dateline: str = "", lang: str = "en") -> str:
    text = "<p>" + "The council met on Monday and agreed to rebuild the bridge. " * 5 + "</p>"
    return (
        f"<html lang='{lang}'><head><title>Bridge</title>{head}</head><body><article>"
        f"<h1>Bridge to be rebuilt</h1><p class='date'>{dateline}</p>{text}</article></body></html>"
    )


def _item(html: str, site=None):
    from newsscraper.extraction.page import ArticlePage
    from newsscraper.sites import SiteProfile

    # a profile that knows nothing but a title: no zone, as the generic one
    site = site or SiteProfile(name="news", title="Bugle")
    return ArticlePage("https://news.example/a/bridge.html", html, site).to_item()


def test_page_generic_profile_takes_the_offset_of_the_other_dates():
    head = (
        "<meta property='article:published_time' content='2024-11-30T07:41:00.250'>"
        "<meta property='article:modified_time' content='2024-11-30T09:00:00+09:00'>"
    )
    item = _item(_page(head))
    assert item["published_raw"] == "2024-11-30T07:41:00.250"
    assert item["published_at"] == "2024-11-30T07:41:00.250+09:00"
    assert item["modified_at"] == "2024-11-30T09:00:00+09:00"


def test_page_generic_profile_leaves_a_lone_naive_time_unplaced():
    item = _item(_page("<meta property='article:published_time' content='2024-11-30 07:41:00'>"))
    assert item["published_raw"] == "2024-11-30 07:41:00"
    assert item.get("published_at") is None


def test_page_profile_zone_places_a_naive_time():
    from newsscraper.sites import SiteProfile

    site = SiteProfile(name="mp", title="MP", timezone="Europe/Berlin", languages=("de",))
    head = "<meta property='article:published_time' content='2024-07-01 07:41:00'>"
    assert _item(_page(head, lang="de"), site)["published_at"] == "2024-07-01T07:41:00+02:00"


def test_page_day_and_month_follow_the_page():
    assert _item(_page("", "Published 03/04/2024"))["published_raw"] == "03/04/2024"
    us = _item(_page("<meta property='og:locale' content='en_US'>", "03/04/2024 10:00", "en-US"))
    gb = _item(_page("", "03/04/2024 10:00", "en-GB"))
    other = _item(_page("", "Updated 11/30/2024 | Published 03/04/2024 10:00"))
    offset = "<meta property='article:modified_time' content='2024-12-01T10:00:00-05:00'>"
    us_zoned = _item(_page(offset, "03/04/2024 10:00", "en-US"))
    assert us.get("published_at") is None and gb.get("published_at") is None  # no zone
    assert us_zoned["published_at"] == "2024-03-04T10:00:00-05:00"
    gb_zoned = _item(_page(offset, "03/04/2024 10:00", "en-GB"))
    assert gb_zoned["published_at"] == "2024-04-03T10:00:00-05:00"
    other_zoned = _item(_page(offset, "Updated 11/30/2024 | Published 03/04/2024 10:00"))
    assert other_zoned["published_at"] == "2024-03-04T10:00:00-05:00"
    assert other["published_raw"] == "03/04/2024 10:00"
