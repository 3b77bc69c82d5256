"""Working days on the official calendar: holidays skipped, 调休 make-up days counted."""

from __future__ import annotations

import datetime

from plugins.core.check import workdays

D = datetime.date


def test_national_day_2023_skips_the_break_and_counts_the_makeup_weekend():
    # 2023: 中秋 9/29 + 国庆 9/30–10/6 off; Saturday 10/7 and Sunday 10/8 are working days.
    span = workdays.span(D(2023, 9, 27), D(2023, 10, 10))
    assert span.workdays == 5  # 9/28, 10/7, 10/8, 10/9, 10/10
    assert D(2023, 10, 2) in span.holidays and D(2023, 9, 29) in span.holidays
    assert span.makeup_days == (D(2023, 10, 7), D(2023, 10, 8))
    assert not span.approximate
    text = span.describe()
    assert "国庆节 2023-09-30至10-06" in text
    assert "中秋 2023-09-29" in text
    assert "2023-10-07、2023-10-08" in text


def test_a_monday_to_friday_count_would_be_wrong_over_national_day_2024():
    # Decided Monday 9/30, published Tuesday 10/8: 10/1–10/7 are holidays, so one working day.
    span = workdays.span(D(2024, 9, 30), D(2024, 10, 8))
    weekdays = sum(1 for n in range(1, 9) if (D(2024, 9, 30) + datetime.timedelta(n)).weekday() < 5)
    assert (span.workdays, weekdays) == (1, 6)


def test_spring_festival_2024_with_the_sunday_makeup_day():
    # 春节 2024: 2/10–2/17 off; Sunday 2/18 is a working day; Friday 2/9 (除夕) is a working day.
    span = workdays.span(D(2024, 2, 8), D(2024, 2, 19))
    assert span.workdays == 3  # 2/9, 2/18, 2/19
    assert span.makeup_days == (D(2024, 2, 18),)
    assert "春节 2024-02-10至02-17" in span.describe()
    assert workdays.is_workday(D(2024, 2, 18)) and not workdays.is_workday(D(2024, 2, 12))


def test_add_workdays_lands_after_the_holiday():
    assert workdays.add_workdays(D(2024, 9, 30), 2) == D(2024, 10, 9)
    assert workdays.add_workdays(D(2024, 10, 11), 1) == D(2024, 10, 12)  # Saturday 调休


def test_same_day_and_backwards_spans_count_zero():
    assert workdays.span(D(2024, 3, 1), D(2024, 3, 1)).workdays == 0
    assert workdays.span(D(2024, 3, 5), D(2024, 3, 1)).workdays == 0


def test_years_the_package_does_not_know_fall_back_to_monday_to_friday_and_say_so():
    year = workdays.LAST_YEAR + 1
    start = D(year, 1, 1)
    end = start + datetime.timedelta(days=13)
    span = workdays.span(start, end)
    expected = sum(1 for n in range(1, 14) if (start + datetime.timedelta(n)).weekday() < 5)
    assert span.workdays == expected
    assert span.approximate and span.unknown_years == (year,)
    assert "按周一至周五计算" in span.describe()
    assert not workdays.known(start) and workdays.known(D(workdays.LAST_YEAR, 6, 1))


def test_fast_count_equals_a_day_by_day_count_across_the_calendar_edges():
    one = datetime.timedelta(days=1)
    starts = [D(workdays.FIRST_YEAR, 1, 1) - 10 * one, D(2024, 2, 1), D(workdays.LAST_YEAR, 12, 20), D(1999, 12, 25)]
    for start in starts:
        for length in (0, 1, 6, 13, 45, 400):
            end = start + length * one
            by_day = sum(workdays.is_workday(start + n * one) for n in range(1, length + 1))
            assert workdays.count(start, end) == by_day == workdays.span(start, end).workdays, (start, length)


def test_long_spans_give_the_count_without_listing_every_holiday():
    span = workdays.span(D(2020, 1, 1), D(2023, 1, 1))
    assert span.workdays > 700 and span.holidays == () and span.describe() == ""
