"""The interface's one date, time and number formatter, in both languages."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from ui import formats
from ui.formats import NBSP, fmt_date, fmt_decimal, fmt_int, fmt_partial_date, fmt_time


@pytest.fixture
def zone() -> Iterator[None]:
    """The PC's zone is Asia/Almaty (UTC+05:00) for the test."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Almaty"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture(autouse=True)
def _language_back() -> Iterator[None]:
    before = formats.language()
    yield
    formats.set_language(before)


def test_dates_are_unambiguous_in_both_languages() -> None:
    d = date(2026, 12, 3)
    assert fmt_date(d, "ru") == "03.12.2026"
    assert fmt_date(d, "en") == "3 Dec 2026"
    assert fmt_date(date(1970, 8, 20), "en") == "20 Aug 1970"
    assert fmt_date(None, "en") == "—"
    formats.set_language("en")
    assert fmt_date(date(2025, 9, 24)) == "24 Sep 2025"
    formats.set_language("ru")
    assert fmt_date(date(2025, 9, 24)) == "24.09.2025"


def test_partial_dates_show_only_what_is_known() -> None:
    assert fmt_partial_date(1980, 0, 0, "ru") == "1980"
    assert fmt_partial_date(1980, None, None, "en") == "1980"
    assert fmt_partial_date(1980, 8, 0, "ru") == "08.1980"
    assert fmt_partial_date(1980, 8, None, "en") == "Aug 1980"
    assert fmt_partial_date(1980, 8, 5, "ru") == "05.08.1980"
    assert fmt_partial_date(1980, 8, 5, "en") == "5 Aug 1980"
    # A day without a month means nothing; no year: unknown (the caller says so).
    assert fmt_partial_date(1980, 0, 12, "ru") == "1980"
    assert fmt_partial_date(0, 8, 5, "ru") == ""
    assert fmt_partial_date(None, None, None, "en") == ""
    assert "00" not in fmt_partial_date(1975, 0, 0, "ru")


def test_times_are_local_with_the_zone_where_asked(zone: None) -> None:
    moment = datetime(2026, 12, 2, 22, 7, tzinfo=UTC)  # 03:07 on the 3rd in Almaty
    assert fmt_time(moment, lang="ru") == "03.12.2026 03:07"
    assert fmt_time(moment, lang="en") == "3 Dec 2026 03:07"
    assert fmt_time(moment, zone=True, lang="ru") == "03.12.2026 03:07 (UTC+05:00)"
    # Naive values are UTC, as the store keeps them.
    assert fmt_time(moment.replace(tzinfo=None), lang="en") == "3 Dec 2026 03:07"
    assert fmt_time(None) == "—"


def test_numbers_use_the_language_separators() -> None:
    assert fmt_int(10_000, "ru") == f"10{NBSP}000"
    assert fmt_int(10_000, "en") == "10,000"
    assert fmt_int(999, "ru") == "999"
    assert fmt_decimal(1.5, lang="ru") == "1,5"
    assert fmt_decimal(1.5, lang="en") == "1.5"
    assert fmt_decimal(12345.25, 2, lang="ru") == f"12{NBSP}345,25"


def test_qt_date_fields_use_the_same_format() -> None:
    assert formats.qt_date_format("ru") == "dd.MM.yyyy"
    assert formats.qt_date_format("en") == "d MMM yyyy"


def test_dates_stored_as_iso_text_are_shown_in_the_one_format() -> None:
    assert formats.fmt_iso_date("2026-12-10", "ru") == "10.12.2026"
    assert formats.fmt_iso_date("2026-12-10", "en") == "10 Dec 2026"
    assert formats.fmt_iso_date("not a date", "ru") == "not a date"
